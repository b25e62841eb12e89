import { useMutation, useQueryClient, type Query } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import { useSearchParams } from 'react-router';
import type { Department } from '@/shared/api/types';
import { LIVE_REFETCH_MS, useThrottledCallback } from '@/shared/hooks/useThrottledCallback';
import { useUpdateSearchParams } from '@/shared/hooks/useUpdateSearchParams';
import { parseDate, todayIn } from '@/shared/lib/dates';
import { POLL_INTERVAL_MS } from '@/shared/realtime';
import {
  alertsQueryKey,
  dashboardScopeKey,
  useAlerts,
  useStaffPerformance,
  useSummary,
  useTrend,
} from '../api/dashboard';
import { downloadCsv } from '../api/exportCsv';
import { daysInRange, MAX_RANGE_DAYS } from '../lib/dates';
import { MAX_CHANNELS, useLiveChannels } from './useLiveChannels';

export interface DashboardScope {
  /** Null: all departments together (admins). */
  departmentId: number | null;
  /** The department, when one is chosen and known. */
  department: Department | null;
  /** Every department the caller sees (the all-departments view joins each one's channel). */
  departments: readonly Department[];
}

/**
 * Everything a dashboard screen shows, for one scope, kept live:
 *
 * - the day (`?date=`, default the department's today), its summary and staff table;
 * - the trend range (`?from=&to=`, default the API's 30 days ending today);
 * - the alerts, fetched again at once on `alerts_updated` (the event holds a count only);
 * - every other event of the department's channel (or of every department's,
 *   for all of them) refetches the day's queries, at most once a second;
 *   never a timer while the channel is live; every 10 s while it is not.
 */
export function useDashboard({ departmentId, department, departments }: DashboardScope) {
  const queryClient = useQueryClient();
  const [searchParams] = useSearchParams();
  const date = parseDate(searchParams.get('date'));
  const from = parseDate(searchParams.get('from'));
  const to = parseDate(searchParams.get('to'));

  const rangeError =
    from && to && from > to
      ? 'The start of the range is after its end.'
      : from && to && daysInRange(from, to) > MAX_RANGE_DAYS
        ? `A range is at most ${MAX_RANGE_DAYS} days.`
        : null;

  const setParams = useUpdateSearchParams();

  /* ---- live ---- */

  const channels =
    departmentId !== null
      ? [`department:${departmentId}`]
      : departments.filter((d) => d.active).slice(0, MAX_CHANNELS).map((d) => `department:${d.id}`);

  // The trend only changes while its range reaches today.
  const timezone = department?.timezone ?? null;
  const trendIsLive = useRef(true);
  trendIsLive.current = to === null || to >= todayIn(timezone, new Date(Date.now() - (departmentId === null ? 86_400_000 : 0)));

  const refetch = useThrottledCallback(() => {
    void queryClient.invalidateQueries({
      queryKey: dashboardScopeKey(departmentId),
      predicate: (query: Query) => trendIsLive.current || query.queryKey[2] !== 'trend',
    });
  }, LIVE_REFETCH_MS);

  // `alerts_updated` carries only a count (it reaches public sockets too):
  // the alerts themselves are fetched, with the token, at once
  const refetchAlerts = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: alertsQueryKey(departmentId), exact: true });
  }, [queryClient, departmentId]);

  const connection = useLiveChannels(channels, {
    onEvent: (event) => {
      if (event.type === 'alerts_updated') refetchAlerts();
      else refetch();
    },
    onStale: refetch,
  });
  const refetchInterval = connection === 'live' ? false : POLL_INTERVAL_MS;

  /* ---- data ---- */

  const summary = useSummary(departmentId, date, { refetchInterval });
  const staff = useStaffPerformance(departmentId, date, { refetchInterval });
  const trend = useTrend(departmentId, from, to, { refetchInterval, enabled: rangeError === null });
  const alerts = useAlerts(departmentId, { refetchInterval });

  const exportCsv = useMutation({ mutationFn: downloadCsv });
  const rangeFrom = from ?? trend.data?.from ?? null;
  const rangeTo = to ?? trend.data?.to ?? null;

  return {
    departmentId,
    department,
    connection,
    summary,
    staff,
    trend,
    alerts,
    /** The day shown: the chosen one, else the one the API answered for (its today). */
    date: date ?? summary.data?.date ?? null,
    isToday: date === null,
    setDate: (next: string | null) => setParams({ date: parseDate(next) }),
    rangeFrom,
    rangeTo,
    rangeError,
    setRange: (nextFrom: string | null, nextTo: string | null) => setParams({ from: nextFrom, to: nextTo }),
    exportCsv: () => exportCsv.mutate({ departmentId, from: rangeFrom, to: rangeTo }),
    exporting: exportCsv.isPending,
    exportError: exportCsv.error,
    exportedName: exportCsv.data ?? null,
  };
}

export type DashboardModel = ReturnType<typeof useDashboard>;
