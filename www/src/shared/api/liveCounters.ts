import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { pollInterval, useLiveChannel, type RealtimeEvent } from '@/shared/realtime';
import { counterListQueryKey, useCounters } from './counters';
import type { Counter, ListReply } from './types';

/**
 * Put the counter of a `counter_update` event (the whole counter, as
 * `GET /counters` lists it) into the cached list. False when the list does not
 * hold it yet (a new counter): the caller refetches.
 */
function applyCounterEvent(queryClient: QueryClient, departmentId: number, event: RealtimeEvent): boolean {
  const counter = event.counter as Partial<Counter> | null | undefined;
  if (!counter || typeof counter.id !== 'number' || typeof counter.state !== 'string') return false;
  let found = false;
  queryClient.setQueryData<ListReply<Counter>>(counterListQueryKey(departmentId), (old) => {
    if (!old) return old;
    const items = old.items.map((c) => {
      if (c.id !== counter.id) return c;
      found = true;
      return { ...c, ...counter } as Counter;
    });
    return found ? { ...old, items } : old;
  });
  return found;
}

/**
 * A department's counters, live: `counter_update` events replace the counter in
 * the cached list at once (colleagues opening, pausing and closing theirs),
 * and the list is polled every 10 s while the channel is not live. Returns
 * the query and the channel's connection state.
 */
export function useLiveCounters(departmentId: number | null) {
  const queryClient = useQueryClient();
  const connection = useLiveChannel(departmentId === null ? null : `department:${departmentId}`, {
    onEvent: (event) => {
      if (event.type !== 'counter_update' || departmentId === null) return;
      if (!applyCounterEvent(queryClient, departmentId, event)) {
        void queryClient.invalidateQueries({ queryKey: counterListQueryKey(departmentId) });
      }
    },
    onStale: () => void queryClient.invalidateQueries({ queryKey: counterListQueryKey(departmentId) }),
  });
  const counters = useCounters(departmentId, { refetchInterval: pollInterval(connection) });
  return { counters, connection };
}
