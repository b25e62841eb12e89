import { useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import type { PublicTicket } from '@/shared/api/types';
import { useDebouncedCallback } from '@/shared/hooks/useDebouncedCallback';
import {
  changesPublicScreens,
  pollInterval,
  useLiveChannel,
  type ConnectionState,
  type EventTicket,
} from '@/shared/realtime';
import { isPermanent, trackQueryKey, useTrackedTicketQuery } from '../api/tracking';

/** Bursts of the department's events become one refetch. */
const REFETCH_DEBOUNCE_MS = 400;

/**
 * One ticket, live: the REST reply in the query cache (`trackQueryKey`), kept current by
 * - the `ticket:<public_id>` channel: this ticket's own changes. The event carries
 *   the whole ticket (public view), which replaces the cached one at once; only
 *   an event missing some field is followed by a refetch;
 * - the department's channel while the ticket waits: anyone else's change may
 *   move its position or estimate, so refetch (not for the managers' alerts or
 *   the staff rota: see `changesPublicScreens`).
 * While the socket is not live the page polls every 10 s.
 */
export function useTracking(publicId: string) {
  const queryClient = useQueryClient();
  const connectionRef = useRef<ConnectionState>('connecting');
  const query = useTrackedTicketQuery(publicId, () => pollInterval(connectionRef.current));
  const ticket = query.data ?? null;
  const notFound = !ticket && query.isError && isPermanent(query.error);

  const refetch = useDebouncedCallback(
    () => void queryClient.invalidateQueries({ queryKey: trackQueryKey(publicId), exact: true }),
    REFETCH_DEBOUNCE_MS,
  );

  const ticketConnection = useLiveChannel(notFound ? null : `ticket:${publicId}`, {
    onEvent: (event) => {
      const fresh = event.ticket;
      if (!fresh || fresh.public_id !== publicId) return refetch();
      let complete = false;
      queryClient.setQueryData<PublicTicket>(trackQueryKey(publicId), (old) => {
        if (!old) return old;
        complete = Object.keys(old).every((key) => key in fresh);
        return mergeEventTicket(old, fresh);
      });
      if (!complete) refetch();
    },
    onStale: refetch,
  });

  const waiting = ticket?.status === 'waiting';
  useLiveChannel(waiting ? `department:${ticket.department.id}` : null, {
    onEvent: (event) => {
      // Another ticket moved, or a counter opened or closed: position or estimate may change.
      if (changesPublicScreens(event)) refetch();
    },
    onStale: refetch,
  });

  // Read by refetchInterval, which the query re-evaluates after this render.
  connectionRef.current = ticketConnection;
  return { query, ticket, notFound, connection: ticketConnection };
}

/** The event's (public) ticket over the cached one, field by field the cache knows. */
function mergeEventTicket(old: PublicTicket, fresh: EventTicket): PublicTicket {
  const next: Record<string, unknown> = { ...old };
  for (const key of Object.keys(old)) {
    if (key in fresh) next[key] = fresh[key];
  }
  return next as unknown as PublicTicket;
}
