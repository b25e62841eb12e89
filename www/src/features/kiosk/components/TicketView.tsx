import { formatWait, pluralPeople } from '@/shared/lib/format';
import type { PublicTicket } from '../api/createTicket';

interface TicketViewProps {
  ticket: PublicTicket;
  secondsLeft: number;
  onDone: () => void;
}

export function TicketView({ ticket, secondsLeft, onDone }: TicketViewProps) {
  return (
    <section
      aria-labelledby="ticket-heading"
      data-testid="ticket-view"
      className="mx-auto flex w-full max-w-3xl flex-col items-center rounded-3xl bg-white p-10 text-center shadow-xl ring-1 ring-slate-200"
    >
      <h2 id="ticket-heading" className="text-3xl font-semibold text-slate-600">
        Your number
      </h2>
      <p
        data-testid="ticket-number"
        className="tabular mt-2 text-[min(22vw,11rem)] font-black leading-none tracking-tight text-indigo-700"
        aria-live="polite"
      >
        {ticket.ticket_number}
      </p>
      <p className="mt-4 text-3xl font-semibold text-slate-900" data-testid="ticket-service">
        {ticket.service.name}
      </p>
      <dl className="mt-8 grid w-full grid-cols-2 gap-4 text-left">
        <div className="rounded-2xl bg-slate-100 p-5">
          <dt className="text-lg text-slate-600">Ahead of you</dt>
          <dd className="text-3xl font-bold" data-testid="ticket-people-ahead">
            {ticket.people_ahead === null ? '—' : pluralPeople(ticket.people_ahead)}
          </dd>
        </div>
        <div className="rounded-2xl bg-slate-100 p-5">
          <dt className="text-lg text-slate-600">Estimated wait</dt>
          <dd className="text-3xl font-bold" data-testid="ticket-estimate">
            {formatWait(ticket.estimated_wait_minutes)}
          </dd>
        </div>
      </dl>
      <p className="mt-6 text-xl text-slate-600">Please watch the display board for your number.</p>
      <button
        type="button"
        data-testid="ticket-done"
        onClick={onDone}
        className="mt-8 w-full rounded-2xl bg-indigo-600 px-10 py-6 text-3xl font-bold text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-8 focus-visible:ring-indigo-300"
      >
        Done · new ticket
      </button>
      <p className="mt-3 text-lg text-slate-500" aria-hidden="true">
        Returning in {secondsLeft} s
      </p>
    </section>
  );
}
