import type { PublicTicket, TicketStatus as Status } from '@/shared/api/types';
import { aboutWait, formatTime, pluralPeople } from '@/shared/lib/format';
import { Card } from './PhoneShell';

const STATUS_TEXT: Record<Status, string> = {
  waiting: 'Waiting',
  called: 'Called',
  serving: 'Being served',
  completed: 'Visit complete',
  no_show: 'Missed',
  cancelled: 'Cancelled',
};

const STATUS_TONE: Record<Status, string> = {
  waiting: 'bg-indigo-100 text-indigo-800',
  called: 'bg-amber-400 text-black',
  serving: 'bg-emerald-100 text-emerald-800',
  completed: 'bg-slate-200 text-slate-700',
  no_show: 'bg-red-100 text-red-800',
  cancelled: 'bg-slate-200 text-slate-700',
};

/** Big, but a long number ("ABC-1234") still fits a narrow phone on one line. */
function numberSize(ticketNumber: string): string {
  return ticketNumber.length <= 5 ? 'text-7xl' : 'text-[min(4.5rem,14vw)]';
}

/** The ticket at a glance, and what its status means right now. */
export function TicketStatus({ ticket }: { ticket: PublicTicket }) {
  return (
    <div className="flex flex-col gap-4" data-testid="track-status" data-status={ticket.status}>
      {ticket.status === 'called' ? <CalledBanner ticket={ticket} /> : <NumberCard ticket={ticket} />}
      {ticket.status === 'waiting' && <WaitingDetails ticket={ticket} />}
      {ticket.status === 'serving' && (
        <Card>
          <p className="text-xl font-semibold text-emerald-800">
            You are being served{ticket.counter ? ` at ${ticket.counter.name}` : ''}.
          </p>
        </Card>
      )}
      {ticket.status === 'no_show' && (
        <Card>
          <p className="text-lg text-slate-800">
            Your number was called, but we could not find you. Please ask at the reception or take a new ticket.
          </p>
        </Card>
      )}
      {ticket.status === 'cancelled' && (
        <Card>
          <p className="text-lg text-slate-800">This ticket was cancelled. You are no longer in the queue.</p>
        </Card>
      )}
    </div>
  );
}

function NumberCard({ ticket }: { ticket: PublicTicket }) {
  return (
    <Card className="text-center">
      <p className="text-sm font-medium uppercase tracking-widest text-slate-500">Your number</p>
      <p
        className={`tabular mt-1 whitespace-nowrap font-black tracking-tight text-indigo-700 ${numberSize(ticket.ticket_number)}`}
        data-testid="track-number"
      >
        {ticket.ticket_number}
      </p>
      <p className="mt-2 text-lg font-medium text-slate-800">{ticket.service.name}</p>
      <p className="mt-3">
        <span
          data-testid="track-status-label"
          className={`inline-block rounded-full px-3 py-1 text-sm font-bold ${STATUS_TONE[ticket.status]}`}
        >
          {STATUS_TEXT[ticket.status] ?? ticket.status}
        </span>
        {ticket.priority === 'high' && (
          <span className="ml-2 inline-block rounded-full bg-rose-100 px-3 py-1 text-sm font-bold text-rose-800">Priority</span>
        )}
      </p>
    </Card>
  );
}

function WaitingDetails({ ticket }: { ticket: PublicTicket }) {
  const ahead = ticket.people_ahead;
  return (
    <Card testId="track-waiting">
      <p className="text-center text-lg font-semibold text-slate-900" aria-live="polite">
        {ahead === 0 ? 'You are next!' : ahead === null ? 'You are in the queue.' : `${pluralPeople(ahead)} ahead of you`}
      </p>
      <dl className="mt-4 grid grid-cols-2 gap-3">
        <div className="rounded-2xl bg-slate-100 p-4 text-center">
          <dt className="text-sm text-slate-600">Position</dt>
          <dd className="tabular text-4xl font-black text-slate-900" data-testid="track-position">
            {ticket.position ?? '—'}
          </dd>
        </div>
        <div className="rounded-2xl bg-slate-100 p-4 text-center">
          <dt className="text-sm text-slate-600">Estimated wait</dt>
          <dd className="mt-1 text-2xl font-bold leading-tight text-slate-900" data-testid="track-estimate">
            {aboutWait(ticket.estimated_wait_minutes)}
          </dd>
        </div>
      </dl>
      <p className="mt-3 text-center text-sm text-slate-500">
        Taken at {formatTime(ticket.created_at)}. This page updates by itself.
      </p>
    </Card>
  );
}

function CalledBanner({ ticket }: { ticket: PublicTicket }) {
  const counter = ticket.counter?.name ?? 'the counter';
  return (
    <section
      role="alert"
      data-testid="called-banner"
      className="qs-flash rounded-3xl bg-amber-400 px-5 py-8 text-center text-black shadow-lg"
    >
      <p className="text-2xl font-black uppercase tracking-widest">Called</p>
      <p className={`tabular mt-2 whitespace-nowrap font-black tracking-tight ${numberSize(ticket.ticket_number)}`}>
        {ticket.ticket_number}
      </p>
      <p className="mt-4 text-balance text-4xl font-black leading-tight" data-testid="called-counter">
        Go to {counter}
      </p>
      <p className="mt-3 text-balance text-lg font-medium">It is your turn. Please go there now.</p>
    </section>
  );
}
