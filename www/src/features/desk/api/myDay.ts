import { useQuery } from '@tanstack/react-query';
import { authApi } from '@/shared/api/client';
import type { DashboardSummary } from '@/shared/api/types';

/** The staff member's own figures today: `me` of `GET /dashboard/summary` (their department, today). */
export const myDayQueryKey = ['dashboard', 'me'] as const;

export function useMyDayQuery(refetchInterval: number | false) {
  return useQuery({
    queryKey: myDayQueryKey,
    queryFn: ({ signal }) => authApi.get<DashboardSummary>('/dashboard/summary', signal),
    select: (summary) => ({ date: summary.date, me: summary.me ?? null }),
    refetchInterval,
  });
}
