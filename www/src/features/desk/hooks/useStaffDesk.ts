import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useServiceList } from '@/shared/api/organisation';
import { useCurrentUser } from '@/shared/auth';
import { pollInterval, useRealtimeChannel, type ChannelMessage } from '@/shared/realtime';
import { countersQueryKey, useCounterAction, useCounters, type CounterAction } from '@/shared/api/counters';

/** The staff home: the department's counters, the caller's own, and open/pause/close. */
export function useStaffDesk() {
  const user = useCurrentUser();
  const departmentId = user.department_id;
  const services = useServiceList(departmentId);
  const action = useCounterAction();
  const queryClient = useQueryClient();

  const onMessage = useCallback(
    (message: ChannelMessage) => {
      const stale = (message.kind === 'event' && message.event.type === 'counter_update') || message.kind === 'stale';
      if (stale) void queryClient.invalidateQueries({ queryKey: countersQueryKey });
    },
    [queryClient],
  );
  // Counters change when colleagues take them: refetched at once on a live counter_update,
  // polled every 10 s while the channel is not live.
  const connection = useRealtimeChannel(departmentId === null ? null : `department:${departmentId}`, onMessage);
  const counters = useCounters(departmentId, { refetchInterval: pollInterval(connection) });

  // A removed counter stays in the list, inactive: nobody can take it.
  const items = (counters.data?.items ?? []).filter((c) => c.active !== false);
  const mine = items.find((c) => c.staff_id === user.id && c.state !== 'closed') ?? null;
  const serviceNames = new Map((services.data?.items ?? []).map((s) => [s.id, s.name]));

  const run = useCallback(
    (id: number, act: CounterAction) => action.mutate({ id, action: act }),
    [action],
  );

  return {
    user,
    counters,
    connection,
    items,
    mine,
    serviceNames,
    run,
    pendingId: action.isPending ? (action.variables?.id ?? null) : null,
    actionError: action.error,
    /** The counter the last failed action was for, to show the message beside it. */
    errorCounterId: action.isError ? (action.variables?.id ?? null) : null,
    dismissError: action.reset,
  };
}
