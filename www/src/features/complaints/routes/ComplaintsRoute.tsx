import { DepartmentScopeBar } from '@/shared/components/DepartmentScopeBar';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { PageHeading } from '@/shared/components/PageHeading';
import { Pager } from '@/shared/components/Pager';
import { Spinner } from '@/shared/components/Spinner';
import { ComplaintCard } from '../components/ComplaintCard';
import { COMPLAINTS_PAGE_SIZE, useComplaintList, type ComplaintView } from '../hooks/useComplaintList';

const VIEWS: { value: ComplaintView; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
];

/** What customers reported about their visits, and how each was resolved. */
export function ComplaintsRoute() {
  const { scope, view, setView, offset, setOffset, complaints, resolve } = useComplaintList();
  const items = complaints.data?.items ?? [];
  return (
    <>
      <PageHeading title="Complaints" subtitle="What customers told us after their visit." />
      <DepartmentScopeBar
        departmentId={scope.departmentId}
        department={scope.department}
        departments={scope.departments.data?.items ?? []}
        canChoose={scope.canChoose}
        onChoose={scope.choose}
      />
      <div role="group" aria-label="Show" className="mb-4 inline-flex rounded-xl border border-slate-300 bg-white p-1" data-testid="complaint-filter">
        {VIEWS.map((v) => (
          <button
            key={v.value}
            type="button"
            aria-pressed={view === v.value}
            onClick={() => setView(v.value)}
            className={`rounded-lg px-4 py-1.5 text-sm font-semibold focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200 ${
              view === v.value ? 'bg-indigo-600 text-white' : 'text-slate-700 hover:bg-slate-100'
            }`}
          >
            {v.label}
          </button>
        ))}
      </div>
      {complaints.isPending && scope.departmentId !== null && <Spinner />}
      {complaints.isError && <ErrorNotice error={complaints.error} onRetry={() => complaints.refetch()} />}
      {complaints.data && items.length === 0 && (
        <p className="rounded-2xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600" data-testid="complaints-empty">
          {view === 'open' ? 'No open complaints. Well done!' : 'No complaints here.'}
        </p>
      )}
      {items.length > 0 && (
        <ul className="flex flex-col gap-4" data-testid="complaint-list">
          {items.map((c) => (
            <ComplaintCard
              key={c.id}
              complaint={c}
              resolving={resolve.isPending && resolve.variables?.id === c.id}
              error={resolve.isError && resolve.variables?.id === c.id ? resolve.error : null}
              onResolve={(resolution) => resolve.mutate({ id: c.id, resolution })}
            />
          ))}
        </ul>
      )}
      {complaints.data && (
        <Pager offset={offset} limit={COMPLAINTS_PAGE_SIZE} total={complaints.data.total} onChange={setOffset} />
      )}
    </>
  );
}
