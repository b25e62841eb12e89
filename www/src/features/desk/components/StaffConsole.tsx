import { useEffect, useId, useState } from 'react';
import type { Counter, User } from '@/shared/api/types';
import { useConsole } from '../hooks/useConsole';
import { useShortcuts, type Shortcut } from '../hooks/useShortcuts';
import { CallNextButton } from './CallNextButton';
import { CommandError } from './CommandError';
import { CurrentTicketCard } from './CurrentTicketCard';
import { ShortcutHelp } from './ShortcutHelp';
import { WaitingList } from './WaitingList';

/** The console of the counter the caller holds. */
export function StaffConsole({ user, counter }: { user: User; counter: Counter }) {
  const model = useConsole(user, counter);
  const { current, run } = model;
  const searchId = useId();
  const [notes, setNotes] = useState('');
  const busy = model.pending != null;

  // Notes belong to one ticket.
  const currentId = current?.id ?? null;
  useEffect(() => setNotes(''), [currentId]);

  const paused = counter.state !== 'open';
  const callDisabledReason = paused
    ? 'Your counter is paused: resume it to call.'
    : current
      ? `Finish ${current.ticket_number} first.`
      : null;
  const canCall = !paused && !current && !busy;

  const callNext = () => run({ kind: 'call-next', counterId: counter.id });
  const called = current?.status === 'called' ? current : null;
  const serving = current?.status === 'serving' ? current : null;

  const shortcuts: Shortcut[] = [
    { key: 'n', label: 'Call next', run: canCall ? callNext : undefined },
    { key: 's', label: 'Start', run: called && !busy ? () => run({ kind: 'start', id: called.id }) : undefined },
    { key: 'r', label: 'Recall', run: called && !busy ? () => run({ kind: 'recall', id: called.id }) : undefined },
    {
      key: 'c',
      label: 'Complete',
      run: serving && !busy ? () => run({ kind: 'complete', id: serving.id, notes }) : undefined,
    },
    { key: '/', label: 'Find a ticket', run: () => document.getElementById(searchId)?.focus() },
  ];
  useShortcuts(shortcuts);

  return (
    <section aria-label={`Console of ${counter.name}`} data-testid="console" data-counter-id={counter.id} className="mb-10">
      <div className="grid gap-6 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        <div className="flex flex-col gap-4">
          <CallNextButton disabledReason={callDisabledReason} pending={model.pending?.kind === 'call-next'} onCall={callNext} />
          {model.error != null && <CommandError error={model.error} onDismiss={model.dismissError} />}
          <CurrentTicketCard
            ticket={current}
            services={model.services}
            busy={busy}
            notes={notes}
            onNotesChange={setNotes}
            run={run}
          />
          <ShortcutHelp shortcuts={shortcuts} />
        </div>
        <WaitingList
          model={model}
          searchId={searchId}
          canCall={canCall}
          onCall={(t) => run({ kind: 'call', id: t.id, counterId: counter.id, number: t.ticket_number })}
        />
      </div>
    </section>
  );
}
