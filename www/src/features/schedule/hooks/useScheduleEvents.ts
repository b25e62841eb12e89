import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { LIVE_REFETCH_MS, useThrottledCallback } from '@/shared/hooks/useThrottledCallback';
import { useLiveChannel, type ConnectionState, type RealtimeEvent } from '@/shared/realtime';

/**
 * Keep `queryKey` fresh from the department's channel: a `schedule_updated`
 * event (that `wants`, if given) and any moment the channel may have missed
 * events refetch it, at most once a second however many arrive. Returns the
 * channel's state: while not live, the caller polls.
 */
export function useScheduleEvents(
  departmentId: number | null,
  queryKey: QueryKey,
  wants?: (event: RealtimeEvent) => boolean,
): ConnectionState {
  const queryClient = useQueryClient();
  const refetch = useThrottledCallback(() => void queryClient.invalidateQueries({ queryKey }), LIVE_REFETCH_MS);
  return useLiveChannel(departmentId === null ? null : `department:${departmentId}`, {
    onEvent: (event) => {
      if (event.type === 'schedule_updated' && (!wants || wants(event))) refetch();
    },
    onStale: refetch,
  });
}
