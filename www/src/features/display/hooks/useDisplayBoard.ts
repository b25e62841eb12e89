import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { ApiError } from '@/shared/api/client';
import {
  changesPublicScreens,
  pollInterval,
  useRealtimeChannel,
  type ChannelMessage,
  type ConnectionState,
  type RealtimeEvent,
} from '@/shared/realtime';
import { applyEvent } from '../api/applyEvent';
import { displayQueryKey, getDisplay, type DisplaySnapshot } from '../api/getDisplay';

/** Coalesce bursts of events into one snapshot fetch. */
const REFETCH_DEBOUNCE_MS = 150;

/**
 * The board's data: the REST snapshot in the query cache (key `['display', id]`),
 * kept current by the department channel without ever reloading the page.
 * The shared layer hands over each event once, in order, and says `stale` when
 * events were missed; here the snapshot's own `seq` decides what applies:
 *
 * - the event right after the snapshot's seq: apply it to the cache at once,
 *   then refetch the snapshot (debounced) to be exact; an event that changes
 *   nothing the board shows (`changesPublicScreens`: the managers' alerts, the
 *   staff rota) only moves the snapshot's seq on (and its waiting counts), with
 *   no refetch, so that the next event still follows on;
 * - any later event, or `stale`: refetch;
 * - events at or below the snapshot's seq are already in it and are ignored.
 * The server's seq at the join and of each event is remembered: after each fetch,
 * if the snapshot is older than that, fetch again. That covers what the `stale`
 * of the first join would, so that one is not acted on (a board load costs one
 * fetch, not two).
 */
export function useDisplayBoard(departmentId: number, options: { onCall?: (event: RealtimeEvent) => void } = {}) {
  const onCallRef = useRef(options.onCall);
  onCallRef.current = options.onCall;
  const queryClient = useQueryClient();
  const latestSeenSeq = useRef(0);
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const connectionRef = useRef<ConnectionState>('connecting');

  const snapshot = useQuery({
    queryKey: displayQueryKey(departmentId),
    queryFn: ({ signal }) => getDisplay(departmentId, signal),
    // Every 10 s while the socket is not live; rarely as a safety net while it is.
    refetchInterval: () => pollInterval(connectionRef.current),
    refetchIntervalInBackground: true,
    // Keep trying through outages; a 404 (no such department) will not fix itself.
    retry: (_count, error) => !isPermanent(error),
    retryDelay: (attempt) => Math.min(10_000, 1000 * 2 ** attempt),
  });

  const currentSeq = useCallback(
    () => queryClient.getQueryData<DisplaySnapshot>(displayQueryKey(departmentId))?.seq,
    [queryClient, departmentId],
  );

  const scheduleRefetch = useCallback(
    (delay = REFETCH_DEBOUNCE_MS) => {
      if (refetchTimer.current) clearTimeout(refetchTimer.current);
      refetchTimer.current = setTimeout(() => {
        refetchTimer.current = null;
        // A fetch already under way is kept; the seq check after it catches up.
        void queryClient.invalidateQueries(
          { queryKey: displayQueryKey(departmentId), exact: true },
          { cancelRefetch: false },
        );
      }, delay);
    },
    [queryClient, departmentId],
  );

  useEffect(
    () => () => {
      if (refetchTimer.current) clearTimeout(refetchTimer.current);
    },
    [],
  );

  const onMessage = useCallback(
    (message: ChannelMessage) => {
      const seq = currentSeq();
      switch (message.kind) {
        case 'joined':
          if (message.seq !== null) latestSeenSeq.current = Math.max(latestSeenSeq.current, message.seq);
          if (seq !== undefined && message.seq !== null && message.seq > seq) scheduleRefetch(0);
          return;
        case 'stale':
          if (message.reason !== 'joined') scheduleRefetch(0);
          return;
        case 'error':
          return;
        case 'event': {
          const { event } = message;
          if (event.department_id !== undefined && event.department_id !== departmentId) return;
          latestSeenSeq.current = Math.max(latestSeenSeq.current, event.seq);
          // Each seq comes once: announce every call, whatever the snapshot already holds.
          if (event.type === 'ticket_called') onCallRef.current?.(event);
          if (seq === undefined) return; // the first snapshot is on its way; checked when it lands
          if (event.seq <= seq) return;
          if (event.seq === seq + 1) {
            queryClient.setQueryData<DisplaySnapshot>(displayQueryKey(departmentId), (old) =>
              old ? applyEvent(old, event) : old,
            );
            // Alerts and the staff rota: the seq moved on above, nothing to refetch.
            if (changesPublicScreens(event)) scheduleRefetch();
          } else {
            scheduleRefetch(0);
          }
        }
      }
    },
    [currentSeq, scheduleRefetch, queryClient, departmentId],
  );

  const missing = snapshot.isError && isPermanent(snapshot.error) && !snapshot.data;
  const connection = useRealtimeChannel(missing ? null : `department:${departmentId}`, onMessage);
  // Read by refetchInterval, which the query re-evaluates after this render.
  connectionRef.current = connection;

  // After every fetch: did the server announce something newer meanwhile?
  const { dataUpdatedAt } = snapshot;
  useEffect(() => {
    const seq = currentSeq();
    if (seq !== undefined && latestSeenSeq.current > seq) scheduleRefetch();
  }, [dataUpdatedAt, currentSeq, scheduleRefetch]);

  return { snapshot, connection, missing };
}

/** A client error other than 429: retrying the same request cannot help. */
function isPermanent(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429;
}
