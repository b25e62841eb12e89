import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authApi, queryString } from './client';
import { MAX_LIMIT } from './organisation';
import type { Counter, ListReply } from './types';

/**
 * Counters as more than one feature needs them: the admin/manager table and the
 * staff desk read the list, and staff open, pause and close their own.
 */
export const countersQueryKey = ['counters'] as const;

export type CounterAction = 'open' | 'pause' | 'close';

export function listCounters(departmentId: number, signal?: AbortSignal) {
  return authApi.get<ListReply<Counter>>(
    `/departments/${departmentId}/counters${queryString({ limit: MAX_LIMIT })}`,
    signal,
  );
}

/** The key of one department's counter list (what `useCounters` caches). */
export const counterListQueryKey = (departmentId: number | null) => [...countersQueryKey, 'list', departmentId] as const;

export function useCounters(departmentId: number | null, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: counterListQueryKey(departmentId),
    queryFn: ({ signal }) => listCounters(departmentId as number, signal),
    enabled: departmentId !== null,
    refetchInterval: options.refetchInterval,
  });
}

/** `POST /counters/{id}/open|pause|close` (staff of the department). */
export function useCounterAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: number; action: CounterAction }) =>
      authApi.post<Counter>(`/counters/${id}/${action}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: countersQueryKey }),
  });
}
