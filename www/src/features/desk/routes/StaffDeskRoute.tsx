import { Button } from '@/shared/components/Button';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { LiveBadge } from '@/shared/components/LiveBadge';
import { PageHeading } from '@/shared/components/PageHeading';
import { Spinner } from '@/shared/components/Spinner';
import { DeskCounterCard } from '../components/DeskCounterCard';
import { MyDayStrip } from '../components/MyDayStrip';
import { StaffConsole } from '../components/StaffConsole';
import { useStaffDesk } from '../hooks/useStaffDesk';

/** Staff home: take a counter, then serve the queue from its console. */
export function StaffDeskRoute() {
  const desk = useStaffDesk();
  const { counters, items, mine } = desk;
  return (
    <>
      <PageHeading
        title={mine ? mine.name : 'Counters'}
        subtitle={
          mine ? (
            <span data-testid="my-counter">
              You are at <strong>{mine.name}</strong> ({mine.state}).
            </span>
          ) : (
            'Open a free counter to start serving.'
          )
        }
        actions={
          <>
            <LiveBadge state={desk.connection} className="self-center" />
            {mine && (
              <>
                {mine.state === 'open' && (
                  <Button variant="secondary" onClick={() => desk.run(mine.id, 'pause')} disabled={desk.pendingId === mine.id}>
                    Pause counter
                  </Button>
                )}
                {mine.state === 'paused' && (
                  <Button onClick={() => desk.run(mine.id, 'open')} disabled={desk.pendingId === mine.id}>
                    Resume counter
                  </Button>
                )}
                <Button variant="secondary" onClick={() => desk.run(mine.id, 'close')} disabled={desk.pendingId === mine.id} data-testid="close-my-counter">
                  Close counter
                </Button>
              </>
            )}
          </>
        }
      />
      <MyDayStrip user={desk.user} />
      {mine && <StaffConsole user={desk.user} counter={mine} />}

      {mine && <h2 className="mb-3 text-lg font-semibold text-slate-700">All counters</h2>}
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
