import { useQuery } from '@tanstack/react-query';
import { authApi, queryString } from '@/shared/api/client';
import type { AlertsReply, DashboardSummary, ListReply, StaffPerformance, TrendReply } from '@/shared/api/types';

/**
 * The dashboard routes (API.md, "Dashboards"). A department id of null is
 * "all departments together" (admins only); managers send their own.
 */
export const dashboardQueryKey = ['dashboard'] as const;

/** Everything cached for one scope (a department, or null for all): what live events refetch. */
export const dashboardScopeKey = (departmentId: number | null) => [...dashboardQueryKey, departmentId] as const;

export const summaryQueryKey = (departmentId: number | null, date: string | null) =>
  [...dashboardScopeKey(departmentId), 'summary', date] as const;
export const staffQueryKey = (departmentId: number | null, date: string | null) =>
  [...dashboardScopeKey(departmentId), 'staff', date] as const;
export const trendQueryKey = (departmentId: number | null, from: string | null, to: string | null) =>
  [...dashboardScopeKey(departmentId), 'trend', from, to] as const;
export const alertsQueryKey = (departmentId: number | null) => [...dashboardScopeKey(departmentId), 'alerts'] as const;

interface LiveQueryOptions {
  /** Milliseconds between refetches while the screen is not live; false while it is. */
  refetchInterval: number | false;
  enabled?: boolean;
}

/** `GET /dashboard/summary`; `date` null: the department's today. */
export function useSummary(departmentId: number | null, date: string | null, options: LiveQueryOptions) {
  return useQuery({
    queryKey: summaryQueryKey(departmentId, date),
    queryFn: ({ signal }) =>
      authApi.get<DashboardSummary>(
        `/dashboard/summary${queryString({ department_id: departmentId, date })}`,
        signal,
      ),
    // Another day: keep showing the last one until it arrives, instead of a spinner.
    placeholderData: (previous) => previous,
    refetchInterval: options.refetchInterval,
    enabled: options.enabled ?? true,
  });
}

/** `GET /dashboard/staff-performance` for one day (null: today). */
export function useStaffPerformance(departmentId: number | null, date: string | null, options: LiveQueryOptions) {
  return useQuery({
    queryKey: staffQueryKey(departmentId, date),
    queryFn: ({ signal }) =>
      authApi.get<ListReply<StaffPerformance>>(
        `/dashboard/staff-performance${queryString({ department_id: departmentId, from: date, to: date })}`,
        signal,
      ),
    placeholderData: (previous) => previous,
    refetchInterval: options.refetchInterval,
    enabled: options.enabled ?? true,
  });
}

/** `GET /dashboard/trend`; null bounds: the API's default (the 30 days ending today). */
export function useTrend(departmentId: number | null, from: string | null, to: string | null, options: LiveQueryOptions) {
  return useQuery({
    queryKey: trendQueryKey(departmentId, from, to),
    queryFn: ({ signal }) =>
      authApi.get<TrendReply>(`/dashboard/trend${queryString({ department_id: departmentId, from, to })}`, signal),
    placeholderData: (previous) => previous,
    refetchInterval: options.refetchInterval,
    enabled: options.enabled ?? true,
  });
}

/** `GET /dashboard/alerts`: live; an `alerts_updated` event makes the screen fetch it again. */
export function useAlerts(departmentId: number | null, options: LiveQueryOptions) {
  return useQuery({
    queryKey: alertsQueryKey(departmentId),
    queryFn: ({ signal }) =>
      authApi.get<AlertsReply>(`/dashboard/alerts${queryString({ department_id: departmentId })}`, signal),
    refetchInterval: options.refetchInterval,
    enabled: options.enabled ?? true,
  });
}
