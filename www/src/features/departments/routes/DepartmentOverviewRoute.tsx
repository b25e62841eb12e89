import { Link } from 'react-router';
import { useCurrentUser } from '@/shared/auth';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { PageHeading } from '@/shared/components/PageHeading';
import { Spinner } from '@/shared/components/Spinner';
import { StatusBadge } from '@/shared/components/StatusBadge';
import { useDepartment } from '../api/departments';
import { describeHours } from '../hooks/openingHours';

/** Manager home: their department at a glance, and where to manage it. */
export function DepartmentOverviewRoute() {
  const user = useCurrentUser();
  const department = useDepartment(user.department_id);
  const links = [
    { to: '/manager/services', label: 'Services', text: 'What customers can queue for.' },
    { to: '/manager/counters', label: 'Counters', text: 'Desks and the services they serve.' },
    { to: '/manager/users', label: 'Staff', text: 'Staff accounts of your department.' },
    { to: '/manager/complaints', label: 'Complaints', text: 'What customers reported, and resolving it.' },
  ];
  return (
    <>
      <PageHeading title={department.data?.name ?? 'Your department'} subtitle={`Welcome, ${user.full_name}.`} />
      {department.isPending && <Spinner />}
      {department.isError && <ErrorNotice error={department.error} onRetry={() => department.refetch()} />}
      {department.data && (
        <dl className="mb-8 grid gap-4 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:grid-cols-2" data-testid="department-overview">
          <div>
            <dt className="text-xs uppercase tracking-wide text-slate-500">Time zone</dt>
            <dd>{department.data.timezone}</dd>
          </div>
          <div>
            <dt className="text-xs uppercase tracking-wide text-slate-500">Wait target</dt>
            <dd>{department.data.sla_wait_minutes} min</dd>
          </div>
          <div className="sm:col-span-2">
            <dt className="text-xs uppercase tracking-wide text-slate-500">Opening hours</dt>
            <dd>{describeHours(department.data.opening_hours)}</dd>
          </div>
          <div>
            <dt className="text-xs uppercase tracking-wide text-slate-500">Status</dt>
            <dd>
              <StatusBadge tone={department.data.active ? 'green' : 'slate'}>
                {department.data.active ? 'Active' : 'Inactive'}
              </StatusBadge>
            </dd>
          </div>
        </dl>
      )}
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {links.map((l) => (
          <li key={l.to}>
            <Link to={l.to} className="block rounded-2xl border border-slate-200 bg-white p-5 shadow-sm hover:border-indigo-300 focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200">
              <span className="text-lg font-semibold text-indigo-700">{l.label}</span>
              <span className="mt-1 block text-sm text-slate-600">{l.text}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
