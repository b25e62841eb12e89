import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useDepartmentList, useServiceList } from '@/shared/api/organisation';
import type { Counter, User } from '@/shared/api/types';
import { useDebouncedCallback } from '@/shared/hooks/useDebouncedCallback';
import { pollInterval, useLiveChannel } from '@/shared/realtime';
import { ticketsQueryKey, useActiveTickets, useTicketCommand, useWaitingTickets, type TicketCommand } from '../api/tickets';

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

  const refetch = useDebouncedCallback(
    () => void queryClient.invalidateQueries({ queryKey: ticketsQueryKey }),
    REFETCH_DEBOUNCE_MS,
  );
  const connection = useLiveChannel(`department:${departmentId}`, {
    onEvent: (event) => {
      if (event.type === 'ticket_created' || event.type === 'ticket_called' || event.type === 'queue_update') refetch();
    },
    onStale: refetch,
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
