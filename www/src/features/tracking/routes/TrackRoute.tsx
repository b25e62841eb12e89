import { useParams } from 'react-router';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { Spinner } from '@/shared/components/Spinner';
import { useRateVisit, useSendComplaint, useTicketAction } from '../api/tracking';
import { ComplaintForm } from '../components/ComplaintForm';
import { NotifyPrompt } from '../components/NotifyPrompt';
import { Card, PhoneShell } from '../components/PhoneShell';
import { RatingForm } from '../components/RatingForm';
import { TicketStatus } from '../components/TicketStatus';
import { WaitingActions } from '../components/WaitingActions';
import { useCallAlert } from '../hooks/useCallAlert';
import { useTracking } from '../hooks/useTracking';

/** Public ids are URL-safe tokens; anything else cannot be a ticket. */
const PUBLIC_ID = /^[A-Za-z0-9_-]{8,128}$/;

/** `/t/:publicId`: the customer's own ticket, live, on their phone. */
export function TrackRoute() {
  const publicId = useParams().publicId ?? '';
  if (!PUBLIC_ID.test(publicId)) return <TicketNotFound />;
  return <TrackPage key={publicId} publicId={publicId} />;
}

function TrackPage({ publicId }: { publicId: string }) {
  const { query, ticket, notFound, connection } = useTracking(publicId);
  const alert = useCallAlert(ticket);
  const action = useTicketAction(publicId);
  const rate = useRateVisit(publicId);
  const complaint = useSendComplaint(publicId);

  if (notFound) return <TicketNotFound />;
  if (!ticket) {
    return (
      <PhoneShell title="Your ticket" connection={null}>
        {query.isPending && query.failureCount === 0 && <Spinner className="justify-center py-10 text-slate-700" />}
        {(query.isError || query.failureCount > 0) && (
          <ErrorNotice error={query.error ?? query.failureReason} onRetry={() => query.refetch()} />
        )}
      </PhoneShell>
    );
  }

  const active = ticket.status === 'waiting' || ticket.status === 'called' || ticket.status === 'serving';
  const finished = ticket.status === 'completed' || ticket.status === 'no_show';
  return (
    <PhoneShell title={ticket.department.name} connection={active ? connection : null}>
      <TicketStatus ticket={ticket} />
      {active && (
        <NotifyPrompt permission={alert.permission} asking={alert.asking} onRequest={alert.requestPermission} />
      )}
      {ticket.status === 'waiting' && (
        <WaitingActions
          ticket={ticket}
          pending={action.isPending ? (action.variables ?? null) : null}
          error={action.error}
          onDelay={() => action.mutate('delay')}
          onCancel={() => action.mutate('cancel')}
          onDismissError={action.reset}
        />
      )}
      {ticket.status === 'completed' && (
        <RatingForm
          rated={ticket.rating}
          pending={rate.isPending}
          error={rate.error}
          onRate={(rating, comment) => rate.mutate(comment ? { rating, comment } : { rating })}
        />
      )}
      {finished && (
        <ComplaintForm
          pending={complaint.isPending}
          error={complaint.error}
          receipt={complaint.data ?? null}
          onSend={(input) => complaint.mutate(input)}
        />
      )}
    </PhoneShell>
  );
}

function TicketNotFound() {
  return (
    <PhoneShell title="Your ticket" connection={null}>
      <Card testId="track-not-found" className="text-center">
        <p className="text-2xl font-bold text-slate-900">We cannot find this ticket.</p>
        <p className="mt-2 text-slate-700">
          Check that the link is complete, or scan the QR code on your ticket again. Tickets are kept only for the day they
          were taken.
        </p>
      </Card>
    </PhoneShell>
  );
}
