import { useMutation, useQueryClient } from '@tanstack/react-query';
import { authApi } from '@/shared/api/client';
import { servicesQueryKey } from '@/shared/api/organisation';
import type { Service } from '@/shared/api/types';

export interface ServiceInput {
  name: string;
  prefix: string;
  description?: string;
  avg_service_minutes: number | undefined;
}

/** Create in a department (no id) or change (only the fields given). */
export function useSaveService(departmentId: number | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: Partial<ServiceInput> }) =>
      id === null
        ? authApi.post<Service>(`/departments/${departmentId}/services`, body)
        : authApi.patch<Service>(`/services/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: servicesQueryKey }),
  });
}

export function useDeleteService() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => authApi.delete(`/services/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: servicesQueryKey }),
  });
}
