import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, isRetryable } from '@/shared/api/client';
import { publicDepartmentsQueryKey } from '@/shared/api/departments';
import type { PublicTicket } from '@/shared/api/types';

export type { PublicTicket };

export interface CreateTicketInput {
  serviceId: number;
  /** One key per press: a retry of the same press can never make a second ticket. */
  idempotencyKey: string;
}

export function createTicket({ serviceId, idempotencyKey }: CreateTicketInput) {
  return api.post<PublicTicket>(
    '/tickets',
    { service_id: serviceId },
    { 'Idempotency-Key': idempotencyKey },
  );
}

export function useCreateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTicket,
    // Safe to retry a lost or 503'd request thanks to the idempotency key.
    retry: (failureCount, error) => failureCount < 2 && isRetryable(error),
    retryDelay: (attempt) => 400 * 2 ** attempt,
    onSettled: () => queryClient.invalidateQueries({ queryKey: publicDepartmentsQueryKey }),
  });
}
