import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { authApi, queryString } from '@/shared/api/client';
import type { ListReply, Ticket, TicketStatus } from '@/shared/api/types';

/** The staff side of the queue (API.md, "Tickets", staff). */
export const ticketsQueryKey = ['tickets'] as const;

export interface TicketFilter {
  department_id: number;
  status: TicketStatus[];
  service_id?: number;
  q?: string;
  limit?: number;
  offset?: number;
}

export function listTickets({ status, ...rest }: TicketFilter, signal?: AbortSignal) {
  return authApi.get<ListReply<Ticket>>(`/tickets${queryString({ ...rest, status: status.join(',') })}`, signal);
}

/** Every page and filter of the waiting list (what a queue change invalidates). */
export const waitingTicketsQueryKey = [...ticketsQueryKey, 'waiting'] as const;

/** The waiting tickets, in queue order (one page, optionally one service or a search). */
export function useWaitingTickets(filter: Omit<TicketFilter, 'status'> | null, refetchInterval: number) {
  return useQuery({
    queryKey: [...waitingTicketsQueryKey, filter],
    queryFn: ({ signal }) => listTickets({ ...filter!, status: ['waiting'] }, signal),
    enabled: filter !== null,
    placeholderData: (previous) => previous,
    refetchInterval,
  });
}

export const activeTicketsQueryKey = (departmentId: number | null) => [...ticketsQueryKey, 'active', departmentId] as const;

/** Called and serving tickets of the department: the caller's own current one is among them. */
export function useActiveTickets(departmentId: number | null, refetchInterval: number) {
  return useQuery({
    queryKey: activeTicketsQueryKey(departmentId),
    queryFn: ({ signal }) =>
      listTickets({ department_id: departmentId!, status: ['called', 'serving'], limit: 200 }, signal),
    enabled: departmentId !== null,
    refetchInterval,
  });
}

/**
 * Put a ticket as it is now (a command's reply, or the staff view an event
 * carries) into the cached list of called and serving tickets: in it, first,
 * while called or serving; out of it otherwise.
 */
export function putActiveTicket(queryClient: QueryClient, departmentId: number | null, ticket: Ticket) {
  queryClient.setQueryData<ListReply<Ticket>>(activeTicketsQueryKey(departmentId), (old) => {
    if (!old) return old;
    const had = old.items.some((t) => t.id === ticket.id);
    const others = old.items.filter((t) => t.id !== ticket.id);
    const active = ticket.status === 'called' || ticket.status === 'serving';
    return { items: active ? [ticket, ...others] : others, total: old.total - (had ? 1 : 0) + (active ? 1 : 0) };
  });
}

export type TicketCommand =
  | { kind: 'call-next'; counterId: number }
  | { kind: 'call'; id: number; counterId: number; number: string }
  | { kind: 'recall' | 'start' | 'no-show' | 'cancel'; id: number }
  | { kind: 'complete'; id: number; notes: string }
  | { kind: 'transfer'; id: number; serviceId: number }
  | { kind: 'requeue'; id: number; position: 'first' | 'last' };

function send(command: TicketCommand): Promise<Ticket> {
  switch (command.kind) {
    case 'call-next':
      return authApi.post<Ticket>('/tickets/call-next', { counter_id: command.counterId });
    case 'call':
      return authApi.post<Ticket>(`/tickets/${command.id}/call`, { counter_id: command.counterId });
    case 'complete':
      return authApi.post<Ticket>(`/tickets/${command.id}/complete`, command.notes.trim() ? { notes: command.notes.trim() } : {});
    case 'transfer':
      return authApi.post<Ticket>(`/tickets/${command.id}/transfer`, { service_id: command.serviceId });
    case 'requeue':
      return authApi.post<Ticket>(`/tickets/${command.id}/requeue`, { position: command.position });
    default:
      return authApi.post<Ticket>(`/tickets/${command.id}/${command.kind}`);
  }
}

/**
 * Every queue action of the console. The reply (the ticket as it is now) goes
 * into the active list at once; then the lists are fetched again.
 */
export function useTicketCommand(departmentId: number | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (ticket) => putActiveTicket(queryClient, departmentId, ticket),
    // Not awaited: the desk may act again at once; the lists catch up in the background.
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ticketsQueryKey });
    },
  });
}
