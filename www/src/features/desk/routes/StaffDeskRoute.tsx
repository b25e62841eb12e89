import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { PageHeading } from '@/shared/components/PageHeading';
import { Spinner } from '@/shared/components/Spinner';
import { DeskCounterCard } from '../components/DeskCounterCard';
import { useStaffDesk } from '../hooks/useStaffDesk';

/** Staff home: the department's counters; take one, pause it, close it. */
export function StaffDeskRoute() {
  const desk = useStaffDesk();
  const { counters, items, mine } = desk;
  return (
    <>
      <PageHeading
        title="Counters"
        subtitle={
          mine ? (
            <span data-testid="my-counter">
              You are at <strong>{mine.name}</strong> ({mine.state}).
            </span>
          ) : (
            'Open a free counter to start serving.'
          )
        }
      />
      {counters.isPending && <Spinner />}
      {counters.isError && <ErrorNotice error={counters.error} onRetry={() => counters.refetch()} />}
      {counters.data && items.length === 0 && <p className="text-slate-600">Your department has no counters yet.</p>}
      {items.length > 0 && (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="desk-counters">
          {items.map((c) => (
            <DeskCounterCard
              key={c.id}
              counter={c}
              userId={desk.user.id}
              serviceNames={desk.serviceNames}
              pending={desk.pendingId === c.id}
              error={desk.errorCounterId === c.id ? desk.actionError : null}
              onAction={(action) => desk.run(c.id, action)}
              onDismissError={desk.dismissError}
            />
          ))}
        </ul>
      )}
    </>
  );
}
