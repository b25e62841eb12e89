import { useQueryClient } from '@tanstack/react-query';
import { publicDepartmentsQueryKey } from '@/shared/api/departments';
import type { ListReply, PublicDepartment } from '@/shared/api/types';
import { useDebouncedCallback } from '@/shared/hooks/useDebouncedCallback';
import { changesPublicScreens, useLiveChannel, type RealtimeEvent } from '@/shared/realtime';

/** Estimates need the server; bursts of events share one refetch. */
const REFETCH_DEBOUNCE_MS = 600;

/**
 * Keep the kiosk's waiting counts and estimates current: every event of the
 * department carries the waiting count per service, which is shown at once;
 * the estimates follow with a refetch of `/public/departments` (not for the
 * events that change nothing the kiosk shows: see `changesPublicScreens`).
 */
export function useLiveWaitingCounts(departmentId: number | null) {
  const queryClient = useQueryClient();
  const refetch = useDebouncedCallback(
    () => void queryClient.invalidateQueries({ queryKey: publicDepartmentsQueryKey }),
    REFETCH_DEBOUNCE_MS,
  );

  const applyCounts = (event: RealtimeEvent) => {
    const counts = event.waiting;
    if (!counts) return;
    queryClient.setQueryData<ListReply<PublicDepartment>>(publicDepartmentsQueryKey, (old) =>
      old
        ? {
            ...old,
            items: old.items.map((d) =>
              d.id !== departmentId
                ? d
                : {
                    ...d,
                    services: d.services.map((s) => {
                      const n = counts[String(s.id)];
                      return typeof n === 'number' ? { ...s, waiting: n } : s;
                    }),
                  },
            ),
          }
        : old,
    );
  };

  return useLiveChannel(departmentId === null ? null : `department:${departmentId}`, {
    onEvent: (event) => {
      applyCounts(event);
      // Alerts and the staff rota change no estimate: no refetch for them.
      if (changesPublicScreens(event)) refetch();
    },
    onStale: refetch,
  });
}
