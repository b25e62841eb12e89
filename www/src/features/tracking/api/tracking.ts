import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '@/shared/api/client';
import type { ComplaintCategory, PublicTicket } from '@/shared/api/types';

/**
 * The customer's side of a ticket, by its public id only (no token):
 * `GET /tickets/track/{id}` and the cancel, delay, rating and complaint actions.
 * Kept under the `public` key prefix: it belongs to the phone, not to a session.
 */
export const trackQueryKey = (publicId: string) => ['public', 'track', publicId] as const;

export const MAX_DELAYS = 2;

export function getTrackedTicket(publicId: string, signal?: AbortSignal) {
  return api.get<PublicTicket>(`/tickets/track/${encodeURIComponent(publicId)}`, signal);
}

export function useTrackedTicketQuery(publicId: string, refetchInterval: () => number) {
  return useQuery({
    queryKey: trackQueryKey(publicId),
    queryFn: ({ signal }) => getTrackedTicket(publicId, signal),
    refetchInterval,
    // A phone in a pocket: keep following while the tab is in the background.
    refetchIntervalInBackground: true,
    retry: (count, error) => !isPermanent(error) && count < 50,
    retryDelay: (attempt) => Math.min(10_000, 1000 * 2 ** attempt),
  });
}

/** A 4xx other than 429: retrying the same request cannot help. */
export function isPermanent(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429;
}

type TicketAction = 'cancel' | 'delay';

/** Cancel or "I'm running late": the reply is the ticket as it is now. */
export function useTicketAction(publicId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: TicketAction) =>
      api.post<PublicTicket>(`/tickets/track/${encodeURIComponent(publicId)}/${action}`),
    onSuccess: (ticket) => queryClient.setQueryData(trackQueryKey(publicId), ticket),
    onSettled: () => queryClient.invalidateQueries({ queryKey: trackQueryKey(publicId) }),
  });
}

export interface RatingInput {
  rating: number;
  comment?: string;
}

export function useRateVisit(publicId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RatingInput) =>
      api.post<PublicTicket>(`/tickets/track/${encodeURIComponent(publicId)}/rating`, input),
    onSuccess: (ticket) => queryClient.setQueryData(trackQueryKey(publicId), ticket),
  });
}

export interface ComplaintInput {
  category: ComplaintCategory;
  message: string;
}

export interface ComplaintReceipt {
  id: number;
  category: ComplaintCategory;
  status: string;
  created_at: string;
}

export function useSendComplaint(publicId: string) {
  return useMutation({
    mutationFn: (input: ComplaintInput) =>
      api.post<ComplaintReceipt>(`/tickets/track/${encodeURIComponent(publicId)}/complaints`, input),
  });
}
