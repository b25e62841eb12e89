import { QrCode } from '@/shared/components/QrCode';
import { aboutWait, pluralPeople } from '@/shared/lib/format';
import type { PublicTicket } from '../api/createTicket';

interface TicketViewProps {
  ticket: PublicTicket;
  secondsLeft: number;
  onDone: () => void;
}

/** The issued ticket: the number, what is ahead, and a QR code to follow it on a phone. */
export function TicketView({ ticket, secondsLeft, onDone }: TicketViewProps) {
  return (
    <section
      aria-labelledby="ticket-heading"
      data-testid="ticket-view"
      data-public-id={ticket.public_id}
      className="mx-auto grid w-full max-w-5xl gap-10 rounded-3xl bg-white p-10 shadow-xl ring-1 ring-slate-200 md:grid-cols-[1fr_auto]"
    >
      <div className="flex flex-col items-center text-center md:items-start md:text-left">
        <h2 id="ticket-heading" className="text-3xl font-semibold text-slate-600">
          Your number
        </h2>
        <p
          data-testid="ticket-number"
          className={`tabular mt-2 whitespace-nowrap font-black leading-none tracking-tight text-indigo-700 ${
            ticket.ticket_number.length <= 5 ? 'text-[min(18vw,10rem)]' : 'text-[min(10vw,6.5rem)]'
          }`}
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
              {aboutWait(ticket.estimated_wait_minutes)}
            </dd>
          </div>
        </dl>
        <p className="mt-6 text-xl text-slate-600">Please watch the display board for your number.</p>
      </div>

      <figure
        className="flex flex-col items-center justify-center gap-4 rounded-2xl bg-indigo-50 p-6 text-center ring-1 ring-indigo-100"
        data-testid="ticket-qr"
        data-track-url={ticket.track_url}
      >
        <QrCode
          value={ticket.track_url}
          label={`QR code: follow ticket ${ticket.ticket_number} on your phone`}
          className="h-64 w-64 rounded-xl bg-white p-2 shadow-sm"
        />
        <figcaption className="max-w-64 text-xl font-semibold leading-snug text-indigo-900">
          Scan to follow your place on your phone
          <span className="mt-1 block text-base font-normal text-indigo-800">
            We will tell you when it is your turn.
          </span>
        </figcaption>
      </figure>

      <div className="md:col-span-2">
        <button
          type="button"
          data-testid="ticket-done"
          onClick={onDone}
          className="w-full rounded-2xl bg-indigo-600 px-10 py-6 text-3xl font-bold text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-8 focus-visible:ring-indigo-300"
        >
          Done · new ticket
        </button>
        <p className="mt-3 text-center text-lg text-slate-500" aria-hidden="true">
          Returning in {secondsLeft} s
        </p>
      </div>
    </section>
  );
}
