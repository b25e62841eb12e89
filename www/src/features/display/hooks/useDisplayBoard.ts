import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { ApiError } from '@/shared/api/client';
import { useRealtimeChannel, type ChannelMessage, type ConnectionState, type RealtimeEvent } from '@/shared/realtime';
import { applyEvent } from '../api/applyEvent';
import { displayQueryKey, getDisplay, type DisplaySnapshot } from '../api/getDisplay';

/** Coalesce bursts of events into one snapshot fetch. */
const REFETCH_DEBOUNCE_MS = 150;

/**
 * The board's data: the REST snapshot in the query cache (key `['display', id]`),
 * kept current by the department channel without ever reloading the page.
 *
 * - event with seq = ours + 1: apply it to the cache, then refetch the snapshot;
 * - event beyond that (a gap), `resync`, a heartbeat whose seq is beyond ours,
 *   or any (re)join: refetch the snapshot;
 * - events at or below our seq are already in the snapshot and are ignored.
 * After each fetch, if the server has told us of a seq newer than the snapshot,
 * fetch again.
 */
export function useDisplayBoard(departmentId: number, options: { onCall?: (event: RealtimeEvent) => void } = {}) {
  const onCallRef = useRef(options.onCall);
  onCallRef.current = options.onCall;
  /** Calls are announced once each, by seq, whatever the snapshot already holds. */
  const lastCallSeq = useRef(0);
  const queryClient = useQueryClient();
  const queryKey = displayQueryKey(departmentId);
  const latestSeenSeq = useRef(0);
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stateRef = useRef<ConnectionState>('connecting');

  const snapshot = useQuery({
    queryKey,
    queryFn: ({ signal }) => getDisplay(departmentId, signal),
    // Poll only as a fallback while the socket is down, and rarely as a safety net.
    refetchInterval: () => (stateRef.current === 'live' ? 60_000 : 10_000),
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
          latestSeenSeq.current = Math.max(latestSeenSeq.current, message.seq);
          if (message.afterReconnect || seq === undefined || message.seq !== seq) scheduleRefetch(0);
          return;
        case 'heartbeat':
          latestSeenSeq.current = Math.max(latestSeenSeq.current, message.seq);
          if (seq !== undefined && message.seq > seq) scheduleRefetch(0);
          return;
        case 'resync':
          scheduleRefetch(0);
          return;
        case 'error':
          return;
        case 'event': {
          const { event } = message;
          if (event.department_id !== undefined && event.department_id !== departmentId) return;
          latestSeenSeq.current = Math.max(latestSeenSeq.current, event.seq);
          if (event.type === 'ticket_called' && event.seq > lastCallSeq.current) {
            lastCallSeq.current = event.seq;
            onCallRef.current?.(event);
          }
          if (seq === undefined) return; // the first snapshot is on its way; checked when it lands
          if (event.seq <= seq) return;
          if (event.seq === seq + 1) {
            queryClient.setQueryData<DisplaySnapshot>(displayQueryKey(departmentId), (old) =>
              old ? applyEvent(old, event) : old,
            );
            scheduleRefetch();
          } else {
            scheduleRefetch(0);
          }
        }
      }
    },
    [currentSeq, scheduleRefetch, queryClient, departmentId],
  );

  const missing = snapshot.isError && isPermanent(snapshot.error) && !snapshot.data;
  const connection = useRealtimeChannel(missing ? null : `department:${departmentId}`, {
    getSince: currentSeq,
    onMessage,
  });
  stateRef.current = connection;

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
