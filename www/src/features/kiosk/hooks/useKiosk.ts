import { useCallback, useState } from 'react';
import { usePublicDepartments } from '@/shared/api/departments';
import { useCountdown } from '@/shared/hooks/useCountdown';
import { randomUuid } from '@/shared/lib/uuid';
import { pollInterval } from '@/shared/realtime';
import { useCreateTicket } from '../api/createTicket';
import { useLiveWaitingCounts } from './useLiveWaitingCounts';

/** Seconds the issued ticket stays on screen before the kiosk returns to the buttons. */
export const TICKET_SCREEN_SECONDS = 30;
const ERROR_SCREEN_SECONDS = 10;
/** The department opens and closes by the clock: no event says so. */
const OPENING_HOURS_REFRESH_MS = 30_000;

/** Everything the kiosk screen needs: its department, the press action and the issued ticket. */
export function useKiosk(departmentId: number | null) {
  // Live events keep the counts current. Polled every 10 s while not live; while live,
  // every 30 s all the same, for what no event announces: the opening hours.
  const connection = useLiveWaitingCounts(departmentId);
  const departments = usePublicDepartments({ refetchInterval: pollInterval(connection, OPENING_HOURS_REFRESH_MS) });
  const department =
    departmentId === null ? undefined : departments.data?.items.find((d) => d.id === departmentId);
  const services = department?.services ?? [];

  const mutation = useCreateTicket();
  const [pressedServiceId, setPressedServiceId] = useState<number | null>(null);

  const takeTicket = useCallback(
    (serviceId: number) => {
      if (mutation.isPending) return;
      setPressedServiceId(serviceId);
      mutation.mutate({ serviceId, idempotencyKey: randomUuid() });
    },
    [mutation],
  );

  const reset = useCallback(() => {
    mutation.reset();
    setPressedServiceId(null);
  }, [mutation]);

  const ticket = mutation.data ?? null;
  const secondsLeft = useCountdown(TICKET_SCREEN_SECONDS, ticket !== null, reset, ticket?.public_id);

  // An error message clears itself too, so the next person finds the buttons.
  useCountdown(ERROR_SCREEN_SECONDS, mutation.isError, reset, mutation.failureCount);

  return {
    departments,
    connection,
    department,
    services,
    takeTicket,
    pressedServiceId,
    isIssuing: mutation.isPending,
    issueError: mutation.error,
    ticket,
    secondsLeft,
    reset,
  };
}
