import { useMutation, useQueryClient } from '@tanstack/react-query';
import { authApi } from '@/shared/api/client';
import { countersQueryKey } from '@/shared/api/counters';
import type { Counter } from '@/shared/api/types';

export interface CounterInput {
  name: string;
  service_ids: number[];
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
