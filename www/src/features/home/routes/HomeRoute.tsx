import { usePublicDepartments } from '@/shared/api/departments';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { PageLayout } from '@/shared/components/PageLayout';
import { Spinner } from '@/shared/components/Spinner';
import { DepartmentCard } from '../components/DepartmentCard';

export function HomeRoute() {
  const departments = usePublicDepartments();
  return (
    <PageLayout>
      <h1 className="text-3xl font-bold tracking-tight">Departments</h1>
      <p className="mt-1 text-slate-600">Open a ticket kiosk or a display board.</p>
      <div className="mt-6">
        {departments.isPending && <Spinner />}
        {departments.isError && (
          <ErrorNotice error={departments.error} onRetry={() => departments.refetch()} />
        )}
        {departments.data && departments.data.items.length === 0 && (
          <p className="text-slate-600">No departments yet.</p>
        )}
        {departments.data && departments.data.items.length > 0 && (
          <ul className="flex flex-col gap-4" data-testid="department-list">
            {departments.data.items.map((d) => (
              <DepartmentCard key={d.id} department={d} />
            ))}
          </ul>
        )}
      </div>
    </PageLayout>
  );
}
