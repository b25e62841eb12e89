import { useCallback } from 'react';
import { useCounterAction, type CounterAction } from '@/shared/api/counters';
import { useLiveCounters } from '@/shared/api/liveCounters';
import { useServiceList } from '@/shared/api/organisation';
import { useCurrentUser } from '@/shared/auth';

/** The staff home: the department's counters (live), the caller's own, and open/pause/close. */
export function useStaffDesk() {
  const user = useCurrentUser();
  const departmentId = user.department_id;
  const { counters, connection } = useLiveCounters(departmentId);
  const services = useServiceList(departmentId);
  const action = useCounterAction();

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
