import { useQueryClient } from '@tanstack/react-query';
import type { User } from '@/shared/api/types';
import { useThrottledCallback } from '@/shared/hooks/useThrottledCallback';
import { POLL_INTERVAL_MS, useLiveChannel } from '@/shared/realtime';
import { myDayQueryKey, useMyDayQuery } from '../api/myDay';

/** At most one refetch a second, however many events. */
const REFETCH_MS = 1_000;

/**
 * The caller's own day (served, average service time, rating), live: it
 * changes when one of their tickets is completed or rated (a `queue_update`),
 * so those events refetch it; no timer while the channel is live.
 */
export function useMyDay(user: User) {
  const queryClient = useQueryClient();
  const refetch = useThrottledCallback(
    () => void queryClient.invalidateQueries({ queryKey: myDayQueryKey, exact: true }),
    REFETCH_MS,
  );
  const connection = useLiveChannel(user.department_id === null ? null : `department:${user.department_id}`, {
    onEvent: (event) => {
      if (event.type !== 'queue_update') return;
      const servedBy = event.ticket?.served_by;
      // The public view has no served_by: then any ticket might be ours.
      if (servedBy === undefined || servedBy === user.id) refetch();
    },
    onStale: refetch,
  });
  return useMyDayQuery(connection === 'live' ? false : POLL_INTERVAL_MS);
}
