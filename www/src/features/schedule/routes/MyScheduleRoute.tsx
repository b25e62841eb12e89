import { useMutation } from '@tanstack/react-query';
import { useMemo, useRef } from 'react';
import { useDepartmentList } from '@/shared/api/organisation';
import type { Schedule } from '@/shared/api/types';
import { useCurrentUser } from '@/shared/auth';
import { Button } from '@/shared/components/Button';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { LiveBadge } from '@/shared/components/LiveBadge';
import { Spinner } from '@/shared/components/Spinner';
import { addDays, formatDayLabel, formatDayMonth, todayIn } from '@/shared/lib/dates';
import { POLL_INTERVAL_MS } from '@/shared/realtime';
import { downloadMyCalendar } from '../api/downloadIcs';
import { myScheduleQueryKey, useMySchedule } from '../api/schedule';
import { useScheduleEvents } from '../hooks/useScheduleEvents';
import { formatWeekdayDate, formatWeekRange, mondayOf } from '../lib/dates';
import { formatDuration, shiftTimesSpoken, sortSchedules } from '../lib/shifts';

/** How far ahead "My schedule" looks: four weeks from today. */
const DAYS_AHEAD = 28;

/**
 * Staff: their own shifts for the coming four weeks, week by week, live (a
 * manager scheduling them shows at once), and the same shifts as a calendar
 * file for their phone.
 */
export function MyScheduleRoute() {
  const user = useCurrentUser();
  const departments = useDepartmentList();
  const department = departments.data?.items.find((d) => d.id === user.department_id) ?? null;
  // The department's today, not the browser's: the schedule's dates are the department's.
  const known = department !== null || departments.isError;
  const from = known ? todayIn(department?.timezone) : null;
  const to = from ? addDays(from, DAYS_AHEAD - 1) : null;

  // Anything created might be ours; a deletion only matters when it is one we show.
  const held = useRef<ReadonlySet<number>>(new Set());
  const connection = useScheduleEvents(user.department_id, myScheduleQueryKey, (event) =>
    event.schedules?.change === 'deleted' ? event.schedules.ids.some((id) => held.current.has(id)) : true,
  );
  const live = useMySchedule(from, to, { refetchInterval: connection === 'live' ? false : POLL_INTERVAL_MS, enabled: known });
  held.current = new Set((live.data?.items ?? []).map((s) => s.id));
  const download = useMutation({ mutationFn: downloadMyCalendar });

  const weeks = useMemo(() => groupByWeek(live.data?.items ?? []), [live.data]);
  const total = live.data?.items.length ?? 0;
  const hours = Math.round((live.data?.items ?? []).reduce((n, s) => n + (Date.parse(s.ends_at) - Date.parse(s.starts_at)), 0) / 60_000);

  return (
    <div data-testid="my-schedule" data-from={live.data?.from ?? ''} data-to={live.data?.to ?? ''} data-connection={connection}>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-bold tracking-tight" data-testid="page-title">
              My schedule
            </h1>
            <LiveBadge state={connection} />
          </div>
          <p className="mt-1 text-slate-600">
            {from && to ? `${formatDayLabel(from)} to ${formatDayLabel(to)}` : 'The coming four weeks'}
            {department ? ` · ${department.name} (${department.timezone})` : ''}
          </p>
          {live.data && (
            <p className="text-sm text-slate-600" data-testid="my-schedule-total" data-value={total}>
              {total === 1 ? '1 shift' : `${total} shifts`}, {formatDuration(hours)} in all
            </p>
          )}
        </div>
        <div className="flex flex-col items-end gap-1">
          <Button
            onClick={() => download.mutate({ from, to })}
            disabled={download.isPending || !known}
            data-testid="download-ics"
          >
            {download.isPending ? 'Preparing…' : 'Download calendar (.ics)'}
          </Button>
          <p className="text-xs text-slate-500">These shifts, for your phone’s or computer’s calendar.</p>
        </div>
      </div>
      {download.error != null && <ErrorNotice error={download.error} className="mb-4" />}
      {download.data && (
        <p role="status" className="mb-4 text-sm text-emerald-800" data-testid="download-done">
          Downloaded {download.data}. Open it to add the shifts to your calendar.
        </p>
      )}

      {(live.isPending || !known) && <Spinner label="Loading your shifts…" />}
      {live.isError && !live.data && <ErrorNotice error={live.error} onRetry={() => void live.refetch()} />}
      {live.data && total === 0 && (
        <p className="rounded-2xl border border-slate-200 bg-white p-6 text-slate-600" data-testid="my-schedule-empty">
          You have no shifts in the coming four weeks yet.
        </p>
      )}
      <div className="flex flex-col gap-6" aria-live="polite" aria-relevant="additions removals">
        {weeks.map(([monday, days]) => (
          <section key={monday} aria-labelledby={`week-${monday}`} className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
            <h2 id={`week-${monday}`} className="mb-3 text-lg font-semibold">
              Week of {formatWeekRange(monday)}
            </h2>
            <ol className="flex flex-col divide-y divide-slate-100">
              {days.map(([date, shifts]) => (
                <li key={date} className="flex flex-col gap-1 py-2 sm:flex-row sm:gap-6" data-testid="my-day" data-date={date}>
                  <p className="shrink-0 font-medium text-slate-900 sm:w-44">
                    <time dateTime={date}>{formatWeekdayDate(date)}</time>
                    {date === from && (
                      <span className="ml-2 rounded bg-emerald-100 px-1.5 text-xs font-semibold text-emerald-900">today</span>
                    )}
                    {from && date === addDays(from, 1) && (
                      <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs font-semibold text-slate-700">tomorrow</span>
                    )}
                  </p>
                  <ul className="flex min-w-0 flex-col gap-1">
                    {shifts.map((s) => (
                      <li key={s.id} data-testid="my-shift" data-schedule-id={s.id} data-date={s.date} className="flex flex-wrap items-baseline gap-x-3">
                        <span className="font-semibold text-indigo-800">{s.shift_name}</span>
                        <span className="tabular text-slate-800">
                          <span aria-hidden="true">
                            {s.start_time}–{s.end_time}
                          </span>
                          <span className="sr-only">{shiftTimesSpoken(s.start_time, s.end_time)}</span>
                          {s.end_time <= s.start_time && (
                            <span className="ml-1 text-xs text-slate-500">ends {formatDayMonth(addDays(s.date, 1))}</span>
                          )}
                        </span>
                        {s.counter_name && <span className="text-slate-600">at {s.counter_name}</span>}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          </section>
        ))}
      </div>
    </div>
  );
}

/** [[monday, [[date, schedules]]]] in date order. */
function groupByWeek(items: readonly Schedule[]): [string, [string, Schedule[]][]][] {
  const weeks = new Map<string, Map<string, Schedule[]>>();
  for (const s of sortSchedules(items)) {
    const monday = mondayOf(s.date);
    const days = weeks.get(monday) ?? new Map<string, Schedule[]>();
    days.set(s.date, [...(days.get(s.date) ?? []), s]);
    weeks.set(monday, days);
  }
  return [...weeks]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([monday, days]) => [monday, [...days].sort((a, b) => a[0].localeCompare(b[0]))]);
}
