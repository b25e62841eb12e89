import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useDepartmentList, useServiceList } from '@/shared/api/organisation';
import type { Counter, Ticket, User } from '@/shared/api/types';
import { useDebouncedCallback } from '@/shared/hooks/useDebouncedCallback';
import { pollInterval, useLiveChannel, type EventTicket } from '@/shared/realtime';
import {
  putActiveTicket,
  ticketsQueryKey,
  useActiveTickets,
  useTicketCommand,
  useWaitingTickets,
  waitingTicketsQueryKey,
  type TicketCommand,
} from '../api/tickets';

export const WAITING_PAGE_SIZE = 25;
/** Bursts of queue events become one refetch. */
const REFETCH_DEBOUNCE_MS = 250;

/**
 * The console of the counter the caller holds: their current ticket, the
 * department's waiting list (live), and every queue action.
 */
export function useConsole(user: User, counter: Counter) {
  const departmentId = counter.department_id;
  const queryClient = useQueryClient();
  const departments = useDepartmentList();
  const services = useServiceList(departmentId);
  const department = departments.data?.items.find((d) => d.id === departmentId) ?? null;

  const [search, setSearch] = useState('');
  const [serviceId, setServiceId] = useState<number | null>(null);
  const [offset, setOffset] = useState(0);
  const q = search.trim();

  const refetchWaiting = useDebouncedCallback(
    () => void queryClient.invalidateQueries({ queryKey: waitingTicketsQueryKey }),
    REFETCH_DEBOUNCE_MS,
  );
  const refetchAll = useDebouncedCallback(
    () => void queryClient.invalidateQueries({ queryKey: ticketsQueryKey }),
    REFETCH_DEBOUNCE_MS,
  );
  const connection = useLiveChannel(`department:${departmentId}`, {
    onEvent: (event) => {
      if (event.type !== 'ticket_created' && event.type !== 'ticket_called' && event.type !== 'queue_update') return;
      // The staff view is the ticket as GET /tickets/{id} gives it: the active list takes it as is.
      // Places in the waiting list move for everyone behind it: that list is fetched again.
      if (isStaffTicket(event.ticket)) {
        putActiveTicket(queryClient, departmentId, event.ticket);
        refetchWaiting();
      } else {
        refetchAll();
      }
    },
    onStale: refetchAll,
  });
  // Every 10 s while the channel is not live.
  const poll = pollInterval(connection);
  const waiting = useWaitingTickets(
    {
      department_id: departmentId,
      service_id: serviceId ?? undefined,
      q: q || undefined,
      limit: WAITING_PAGE_SIZE,
      offset,
    },
    poll,
  );
  const active = useActiveTickets(departmentId, poll);
  const command = useTicketCommand(departmentId);

  const current = active.data?.items.find((t) => t.served_by === user.id) ?? null;

  const run = useCallback(
    (cmd: TicketCommand) => {
      if (command.isPending) return;
      command.mutate(cmd, {
        // A ticket found by searching has been called: show the whole queue again.
        onSuccess: () => {
          if (cmd.kind === 'call') {
            setSearch('');
            setOffset(0);
          }
        },
      });
    },
    [command],
  );

  return {
    department,
    slaMinutes: department?.sla_wait_minutes ?? null,
    services: (services.data?.items ?? []).filter((s) => s.active),
    waiting,
    active,
    current,
    search,
    setSearch: (text: string) => {
      setSearch(text);
      setOffset(0);
    },
    serviceId,
    setServiceId: (id: number | null) => {
      setServiceId(id);
      setOffset(0);
    },
    offset,
    setOffset,
    run,
    pending: command.isPending ? command.variables : null,
    error: command.error,
    /** What the last failed command was, for the message. */
    failed: command.isError ? command.variables : null,
    dismissError: command.reset,
  };
}

export type ConsoleModel = ReturnType<typeof useConsole>;

/** The staff view of an event's ticket (the socket authenticated as staff of the department). */
function isStaffTicket(ticket: EventTicket | null | undefined): ticket is EventTicket & Ticket {
  return !!ticket && typeof ticket.id === 'number' && 'served_by' in ticket;
}
