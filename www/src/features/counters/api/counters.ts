import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authApi, queryString } from '@/shared/api/client';
import { MAX_LIMIT } from '@/shared/api/organisation';
import type { Counter, ListReply } from '@/shared/api/types';

export const countersQueryKey = ['counters'] as const;

export interface CounterInput {
  name: string;
  service_ids: number[];
}

export type CounterAction = 'open' | 'pause' | 'close';

export function listCounters(departmentId: number, signal?: AbortSignal) {
  return authApi.get<ListReply<Counter>>(
    `/departments/${departmentId}/counters${queryString({ limit: MAX_LIMIT })}`,
    signal,
  );
}

export function useCounters(departmentId: number | null, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: [...countersQueryKey, 'list', departmentId],
    queryFn: ({ signal }) => listCounters(departmentId as number, signal),
    enabled: departmentId !== null,
    refetchInterval: options.refetchInterval,
  });
}

export function useSaveCounter(departmentId: number | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: Partial<CounterInput> }) =>
      id === null
        ? authApi.post<Counter>(`/departments/${departmentId}/counters`, body)
        : authApi.patch<Counter>(`/counters/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: countersQueryKey }),
  });
}

export function useDeleteCounter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => authApi.delete(`/counters/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: countersQueryKey }),
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
