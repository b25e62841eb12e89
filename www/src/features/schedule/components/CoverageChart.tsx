import { useMemo } from 'react';
import {
  Bar,
  CartesianGrid,
  Cell,
  ComposedChart,
  LabelList,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { CoverageReply } from '@/shared/api/types';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { Panel } from '@/shared/components/Panel';
import { Spinner } from '@/shared/components/Spinner';
import { activeSpan, AXIS, GRID, hourLabels } from '@/shared/lib/charts';
import { formatLongDate } from '@/shared/lib/dates';

const COLOURS = {
  scheduled: '#4f46e5', // indigo-600
  short: '#dc2626', // red-600
  recommended: '#0f172a', // slate-900
  arrivals: '#94a3b8', // slate-400
} as const;

interface Row {
  label: string;
  /** The UTC instant the local hour starts. */
  start: string;
  scheduled: number;
  recommended: number;
  arrivals: number;
  short: number;
  understaffed: boolean;
  serviceLevel: number;
}

/** Consecutive understaffed hours as "09:00–11:00" spans (the end is the next hour's start). */
function shortSpans(rows: readonly Row[], all: readonly string[], offset: number): string[] {
  const spans: string[] = [];
  let i = 0;
  while (i < rows.length) {
    if (!rows[i].understaffed) {
      i += 1;
      continue;
    }
    let j = i;
    let most = rows[i].short;
    while (j + 1 < rows.length && rows[j + 1].understaffed) {
      j += 1;
      most = Math.max(most, rows[j].short);
    }
    const end = all[offset + j + 1] ?? '24:00';
    spans.push(`${rows[i].label}–${end.slice(0, 5)} (up to ${most} short)`);
    i = j + 1;
  }
  return spans;
}

interface CoverageChartProps {
  date: string;
  coverage: CoverageReply | undefined;
  pending: boolean;
  error: unknown;
  onRetry: () => void;
}

/**
 * The chosen day's coverage: staff scheduled (bars) against the staff the
 * load needs (the recommended line, from the same weekday's arrivals and the
 * department's wait target by Erlang C), per local hour. An understaffed hour
 * is hatched red with "−N" over its bar, and listed in words under the chart,
 * so it never rests on colour alone.
 */
export function CoverageChart({ date, coverage, pending, error, onRetry }: CoverageChartProps) {
  const shown = coverage && coverage.date === date ? coverage : undefined;
  const { rows, spans } = useMemo(() => {
    if (!shown) return { rows: [] as Row[], spans: [] as string[] };
    const names = hourLabels(shown.hours, shown.timezone);
    const [start, end] = activeSpan(
      shown.hours,
      (h) => h.expected_arrivals > 0 || h.scheduled_staff > 0 || h.recommended_staff > 0,
    );
    const rows = shown.hours.slice(start, end).map<Row>((h, i) => ({
      label: names[start + i],
      start: h.start,
      scheduled: h.scheduled_staff,
      recommended: h.recommended_staff,
      arrivals: h.expected_arrivals,
      short: Math.max(0, h.recommended_staff - h.scheduled_staff),
      understaffed: h.understaffed,
      serviceLevel: h.service_level,
    }));
    return { rows, spans: shortSpans(rows, names, start) };
  }, [shown]);
  const goal = shown ? Math.round(shown.service_level_goal * 100) : 80;

  return (
    <Panel
      id="coverage-heading"
      title={`Coverage · ${formatLongDate(date)}`}
      note={
        shown
          ? `Staff scheduled per local hour (${shown.timezone}) against the staff needed to call ${goal} % of people within ${shown.sla_wait_minutes} min, from the same weekday’s arrivals over the last eight weeks.`
          : 'Staff scheduled per local hour against the staff the expected load needs.'
      }
      testId="coverage"
    >
      <div
        data-testid="coverage-chart"
        data-date={shown?.date ?? ''}
        data-understaffed-hours={shown?.understaffed_hours ?? ''}
        className="flex flex-col gap-3"
      >
        {pending && !coverage && <Spinner label="Loading the coverage…" />}
        {error != null && !coverage && <ErrorNotice error={error} onRetry={onRetry} />}
        {shown && (
          <>
            <p
              className={`flex items-start gap-2 rounded-xl px-3 py-1.5 text-sm ${
                shown.understaffed_hours > 0 ? 'bg-red-50 text-red-900' : 'bg-emerald-50 text-emerald-900'
              }`}
              data-testid="coverage-summary"
              data-value={shown.understaffed_hours}
            >
              <span aria-hidden="true" className="font-bold">
                {shown.understaffed_hours > 0 ? '▲' : '✓'}
              </span>
              <span>
                {shown.understaffed_hours > 0
                  ? `${shown.understaffed_hours} understaffed ${shown.understaffed_hours === 1 ? 'hour' : 'hours'}: ${spans.join(', ')}.`
                  : 'Enough staff scheduled in every hour.'}
              </span>
            </p>
            <div className="h-52" aria-hidden="true">
              <ResponsiveContainer width="100%" height="100%">
                <ComposedChart data={rows} margin={{ top: 18, right: 4, bottom: 0, left: -16 }}>
                  <defs>
                    <pattern id="qs-short-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                      <rect width="6" height="6" fill="#fecaca" />
                      <line x1="0" y1="0" x2="0" y2="6" stroke={COLOURS.short} strokeWidth="3" />
                    </pattern>
                  </defs>
                  <CartesianGrid stroke={GRID} vertical={false} />
                  <XAxis dataKey="label" {...AXIS} interval="preserveStartEnd" minTickGap={8} />
                  <YAxis allowDecimals={false} {...AXIS} />
                  <Tooltip
                    formatter={(value, name, item) => {
                      const row = item.payload as Row;
                      if (item.dataKey === 'scheduled' && row.understaffed) return [`${value} (${row.short} short)`, name];
                      return [value, name];
                    }}
                  />
                  <Bar dataKey="scheduled" name="Scheduled" fill={COLOURS.scheduled} radius={[3, 3, 0, 0]} isAnimationActive={false}>
                    {rows.map((r) => (
                      <Cell
                        key={r.start}
                        fill={r.understaffed ? 'url(#qs-short-hatch)' : COLOURS.scheduled}
                        stroke={r.understaffed ? COLOURS.short : undefined}
                      />
                    ))}
                    <LabelList
                      dataKey="short"
                      position="top"
                      formatter={(v: unknown) => (typeof v === 'number' && v > 0 ? `−${v}` : '')}
                      fill={COLOURS.short}
                      fontSize={11}
                      fontWeight={700}
                    />
                  </Bar>
                  <Line
                    type="step"
                    dataKey="recommended"
                    name="Recommended"
                    stroke={COLOURS.recommended}
                    strokeWidth={2}
                    strokeDasharray="5 3"
                    dot={false}
                    isAnimationActive={false}
                  />
                </ComposedChart>
              </ResponsiveContainer>
            </div>
            <ul className="flex flex-wrap gap-x-5 gap-y-1 text-xs text-slate-700" aria-hidden="true">
              <li className="flex items-center gap-1.5">
                <span className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: COLOURS.scheduled }} />
                Scheduled
              </li>
              <li className="flex items-center gap-1.5">
                <span
                  className="inline-block h-2.5 w-2.5 rounded-sm border"
                  style={{
                    borderColor: COLOURS.short,
                    background: `repeating-linear-gradient(45deg, ${COLOURS.short} 0 2px, #fecaca 2px 4px)`,
                  }}
                />
                Understaffed (hatched; −N: staff short)
              </li>
              <li className="flex items-center gap-1.5">
                <span className="inline-block w-4 border-t-2 border-dashed" style={{ borderColor: COLOURS.recommended }} />
                Recommended
              </li>
            </ul>
            <div className="sr-only">
              <table data-testid="coverage-table">
                <caption>Coverage by hour, {formatLongDate(shown.date)}</caption>
                <thead>
                  <tr>
                    <th scope="col">Hour</th>
                    <th scope="col">Scheduled</th>
                    <th scope="col">Recommended</th>
                    <th scope="col">Expected arrivals</th>
                    <th scope="col">Understaffed</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.start} data-testid="coverage-hour" data-start={r.start} data-scheduled={r.scheduled} data-recommended={r.recommended} data-understaffed={r.understaffed}>
                      <th scope="row">{r.label}</th>
                      <td>{r.scheduled}</td>
                      <td>{r.recommended}</td>
                      <td>{r.arrivals}</td>
                      <td>{r.understaffed ? `yes, ${r.short} short` : 'no'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </div>
    </Panel>
  );
}
