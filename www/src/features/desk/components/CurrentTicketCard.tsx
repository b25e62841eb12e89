import { useId, useState } from 'react';
import type { Service, Ticket } from '@/shared/api/types';
import { Button } from '@/shared/components/Button';
import { ConfirmButton } from '@/shared/components/ConfirmButton';
import { StatusBadge } from '@/shared/components/StatusBadge';
import { formatTime } from '@/shared/lib/format';
import type { TicketCommand } from '../api/tickets';

interface CurrentTicketCardProps {
  ticket: Ticket | null;
  services: readonly Service[];
  busy: boolean;
  notes: string;
  onNotesChange: (notes: string) => void;
  run: (command: TicketCommand) => void;
}

/** The ticket at the caller's counter and what can be done with it now. */
export function CurrentTicketCard({ ticket, services, busy, notes, onNotesChange, run }: CurrentTicketCardProps) {
  if (!ticket) {
    return (
      <section
        aria-label="Current ticket"
        data-testid="current-ticket"
        data-status="none"
        className="rounded-2xl border-2 border-dashed border-slate-300 bg-white p-6 text-center text-slate-600"
      >
        <p className="text-lg font-medium">No ticket at your counter.</p>
        <p className="text-sm">Call the next customer, or call one from the list.</p>
      </section>
    );
  }
  const called = ticket.status === 'called';
  return (
    <section
      aria-labelledby="current-ticket-number"
      data-testid="current-ticket"
      data-status={ticket.status}
      data-ticket-number={ticket.ticket_number}
      className={`flex flex-col gap-4 rounded-2xl border bg-white p-6 shadow-sm ${
        called ? 'border-amber-400 ring-4 ring-amber-100' : 'border-emerald-400 ring-4 ring-emerald-100'
      }`}
    >
      <div>
        <div className="flex flex-wrap items-center gap-2">
          <StatusBadge tone={called ? 'amber' : 'green'}>{called ? 'Called' : 'Serving'}</StatusBadge>
          {ticket.priority === 'high' && <StatusBadge tone="red">Priority</StatusBadge>}
          <span className="text-sm text-slate-600">{called ? 'Waiting for the customer' : 'With the customer'}</span>
        </div>
        <p id="current-ticket-number" className="tabular mt-1 text-6xl font-black tracking-tight text-slate-900">
          {ticket.ticket_number}
        </p>
        <p className="text-lg text-slate-700">{ticket.service.name}</p>
        <p className="mt-1 text-sm text-slate-600">
          Called at {formatTime(ticket.called_at)}
          {ticket.serving_at && <> · started at {formatTime(ticket.serving_at)}</>}
          {ticket.recall_count > 0 && (
            <>
              {' · '}
              <span data-testid="recall-count" className="font-semibold text-amber-800">
                recalled {ticket.recall_count}×
              </span>
            </>
          )}
        </p>
      </div>

      {(ticket.customer_name || ticket.customer_phone || ticket.notes) && (
        <dl className="grid gap-2 rounded-xl bg-slate-50 p-3 text-sm sm:grid-cols-2">
          {ticket.customer_name && <Detail term="Name" value={ticket.customer_name} />}
          {ticket.customer_phone && <Detail term="Phone" value={ticket.customer_phone} />}
          {ticket.notes && <Detail term="Notes" value={ticket.notes} wide />}
        </dl>
      )}

      {called ? (
        <CalledActions ticket={ticket} busy={busy} run={run} />
      ) : (
        <ServingActions ticket={ticket} busy={busy} notes={notes} onNotesChange={onNotesChange} run={run} />
      )}
      <TransferControl ticket={ticket} services={services} busy={busy} run={run} />
    </section>
  );
}

function Detail({ term, value, wide }: { term: string; value: string; wide?: boolean }) {
  return (
    <div className={wide ? 'sm:col-span-2' : undefined}>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{term}</dt>
      <dd className="whitespace-pre-wrap text-slate-900">{value}</dd>
    </div>
  );
}

function Key({ k }: { k: string }) {
  return (
    <kbd aria-hidden="true" className="ml-2 rounded border border-current/30 px-1.5 text-xs font-semibold opacity-75">
      {k}
    </kbd>
  );
}

function CalledActions({ ticket, busy, run }: { ticket: Ticket; busy: boolean; run: (c: TicketCommand) => void }) {
  return (
    <div className="flex flex-col gap-3">
      <div className="grid grid-cols-2 gap-3">
        <Button
          onClick={() => run({ kind: 'start', id: ticket.id })}
          disabled={busy}
          aria-keyshortcuts="S"
          data-testid="action-start"
          className="py-3 text-lg"
        >
          Start
          <Key k="S" />
        </Button>
        <Button
          variant="secondary"
          onClick={() => run({ kind: 'recall', id: ticket.id })}
          disabled={busy}
          aria-keyshortcuts="R"
          data-testid="action-recall"
          className="py-3 text-lg"
        >
          Recall{ticket.recall_count > 0 ? ` (${ticket.recall_count})` : ''}
          <Key k="R" />
        </Button>
      </div>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-600">Back to the queue:</span>
        <Button size="sm" variant="secondary" disabled={busy} onClick={() => run({ kind: 'requeue', id: ticket.id, position: 'first' })} data-testid="action-requeue-first">
          First
        </Button>
        <Button size="sm" variant="secondary" disabled={busy} onClick={() => run({ kind: 'requeue', id: ticket.id, position: 'last' })} data-testid="action-requeue-last">
          Last
        </Button>
        <span className="ml-auto">
          <ConfirmButton
            label="No-show"
            question={`${ticket.ticket_number} did not come?`}
            confirmLabel="Mark no-show"
            disabled={busy}
            onConfirm={() => run({ kind: 'no-show', id: ticket.id })}
          />
        </span>
      </div>
    </div>
  );
}

function ServingActions({
  ticket,
  busy,
  notes,
  onNotesChange,
  run,
}: {
  ticket: Ticket;
  busy: boolean;
  notes: string;
  onNotesChange: (notes: string) => void;
  run: (c: TicketCommand) => void;
}) {
  const id = useId();
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        run({ kind: 'complete', id: ticket.id, notes });
      }}
    >
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        Notes (optional, staff only)
      </label>
      <textarea
        id={id}
        value={notes}
        onChange={(e) => onNotesChange(e.target.value)}
        rows={2}
        maxLength={2000}
        className="rounded-lg border border-slate-300 px-3 py-2 focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200"
      />
      <Button type="submit" disabled={busy} aria-keyshortcuts="C" data-testid="action-complete" className="py-3 text-lg">
        Complete
        <Key k="C" />
      </Button>
    </form>
  );
}

function TransferControl({
  ticket,
  services,
  busy,
  run,
}: {
  ticket: Ticket;
  services: readonly Service[];
  busy: boolean;
  run: (c: TicketCommand) => void;
}) {
  const [open, setOpen] = useState(false);
  const choices = services.filter((s) => s.id !== ticket.service.id);
  const [target, setTarget] = useState<string>('');
  const id = useId();
  if (choices.length === 0) return null;
  if (!open) {
    return (
      <div>
        <Button size="sm" variant="ghost" onClick={() => setOpen(true)} disabled={busy} data-testid="action-transfer">
          Transfer to another service…
        </Button>
      </div>
    );
  }
  return (
    <form
      className="flex flex-wrap items-end gap-2 rounded-xl bg-slate-50 p-3"
      aria-label="Transfer"
      onSubmit={(e) => {
        e.preventDefault();
        const serviceId = Number(target);
        if (!serviceId) return;
        run({ kind: 'transfer', id: ticket.id, serviceId });
        setOpen(false);
      }}
    >
      <label htmlFor={id} className="flex min-w-48 flex-1 flex-col gap-1 text-sm font-medium text-slate-700">
        Transfer {ticket.ticket_number} to
        <select
          id={id}
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          className="rounded-lg border border-slate-300 bg-white px-3 py-2 font-normal"
        >
          <option value="">Choose a service…</option>
          {choices.map((s) => (
            <option key={s.id} value={s.id}>
              {s.prefix} · {s.name}
            </option>
          ))}
        </select>
      </label>
      <Button type="submit" size="sm" disabled={busy || !target}>
        Transfer
      </Button>
      <Button size="sm" variant="ghost" onClick={() => setOpen(false)}>
        Cancel
      </Button>
    </form>
  );
}
