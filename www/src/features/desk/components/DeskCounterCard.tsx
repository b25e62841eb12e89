import type { Counter } from '@/shared/api/types';
import { Button } from '@/shared/components/Button';
import type { CounterAction } from '@/shared/api/counters';
import { CounterStateBadge, describeServices } from '@/shared/components/CounterStateBadge';
import { CommandError } from './CommandError';

interface DeskCounterCardProps {
  counter: Counter;
  userId: number;
  serviceNames: ReadonlyMap<number, string>;
  pending: boolean;
  error: unknown;
  onAction: (action: CounterAction) => void;
  onDismissError: () => void;
}

function holderText(counter: Counter, userId: number): string {
  if (counter.staff_id === userId) return 'You';
  if (counter.staff_id === null) return 'Nobody';
  return 'Another staff member';
}

/** One counter on the staff home, with what the caller may do with it. */
export function DeskCounterCard({ counter, userId, serviceNames, pending, error, onAction, onDismissError }: DeskCounterCardProps) {
  const mine = counter.staff_id === userId && counter.state !== 'closed';
  const free = counter.staff_id === null || counter.state === 'closed';
  return (
    <li
      data-testid="desk-counter"
      data-counter-id={counter.id}
      data-state={counter.state}
      data-mine={mine ? 'true' : 'false'}
      aria-current={mine ? 'true' : undefined}
      className={`flex flex-col gap-3 rounded-2xl border bg-white p-5 shadow-sm ${
        mine ? 'border-indigo-500 ring-4 ring-indigo-100' : 'border-slate-200'
      }`}
    >
      <div className="flex items-start justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold">{counter.name}</h2>
          <p className="text-sm text-slate-600">{describeServices(counter.service_ids, serviceNames)}</p>
        </div>
        <CounterStateBadge state={counter.state} />
      </div>
      <p className="text-sm">
        <span className="text-slate-500">Held by: </span>
        <span className="font-medium" data-testid="counter-holder">
          {holderText(counter, userId)}
        </span>
        {mine && <span className="ml-2 rounded-full bg-indigo-600 px-2 py-0.5 text-xs font-semibold text-white">Your counter</span>}
      </p>
      <div className="flex flex-wrap gap-2">
        {free && (
          <Button size="sm" disabled={pending} onClick={() => onAction('open')}>
            Open<span className="sr-only"> {counter.name}</span>
          </Button>
        )}
        {mine && counter.state === 'open' && (
          <Button size="sm" variant="secondary" disabled={pending} onClick={() => onAction('pause')}>
            Pause
          </Button>
        )}
        {mine && counter.state === 'paused' && (
          <Button size="sm" disabled={pending} onClick={() => onAction('open')}>
            Resume
          </Button>
        )}
        {mine && (
          <Button size="sm" variant="secondary" disabled={pending} onClick={() => onAction('close')}>
            Close
          </Button>
        )}
      </div>
      {error != null && <CommandError error={error} onDismiss={onDismissError} testId="error-notice" />}
    </li>
  );
}
