import { useId } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrendReply } from '@/shared/api/types';
import { Button } from '@/shared/components/Button';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { Panel } from '@/shared/components/Panel';
import { Spinner } from '@/shared/components/Spinner';
import { AXIS, GRID } from '@/shared/lib/charts';
import { formatDayLabel, formatDayMonth } from '@/shared/lib/dates';
import { formatDuration, formatPercent } from '@/shared/lib/figures';
import { legendText, minutes, SERIES } from '../lib/chartTheme';
import { ChartDataTable } from './ChartDataTable';

interface TrendSectionProps {
  trend: TrendReply | undefined;
  pending: boolean;
  error: unknown;
  onRetry: () => void;
  from: string | null;
  to: string | null;
  rangeError: string | null;
  onRange: (from: string | null, to: string | null) => void;
  slaMinutes: number | null;
  onExport: () => void;
  exporting: boolean;
  exportError: unknown;
}

/** The days of a range: volume and service level per day, and the CSV of its tickets. */
export function TrendSection(props: TrendSectionProps) {
  const { trend, from, to, rangeError, onRange, slaMinutes } = props;
  const fromId = useId();
  const toId = useId();
  const rows = (trend?.items ?? []).map((d) => ({
    ...d,
    day: formatDayMonth(d.date),
    waitMinutes: minutes(d.avg_wait_seconds),
    p90Minutes: minutes(d.p90_wait_seconds),
  }));
  type Row = (typeof rows)[number];
  // Dots where a line has too few points to be seen as a line (a single day with tickets draws none).
  const measured = rows.filter((r) => r.avg_wait_seconds !== null).length;
  const dots = rows.length <= 31 || measured <= 3 ? { r: 2.5 } : false;
  const dayOf = (_label: unknown, payload: readonly { payload?: Row }[]) => {
    const date = payload?.[0]?.payload?.date;
    return date ? formatDayLabel(date) : '';
  };

  const controls = (
    <div className="flex flex-wrap items-end gap-3" data-testid="trend-controls">
      <label htmlFor={fromId} className="flex flex-col gap-1 text-xs font-medium text-slate-700">
        From
        <input
          id={fromId}
          type="date"
          value={from ?? ''}
          max={to ?? undefined}
          required
          onChange={(e) => e.target.value && onRange(e.target.value, to)}
          data-testid="trend-from"
          className="rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200"
        />
      </label>
      <label htmlFor={toId} className="flex flex-col gap-1 text-xs font-medium text-slate-700">
        To
        <input
          id={toId}
          type="date"
          value={to ?? ''}
          min={from ?? undefined}
          required
          onChange={(e) => e.target.value && onRange(from, e.target.value)}
          data-testid="trend-to"
          className="rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200"
        />
      </label>
      <Button
        variant="secondary"
        onClick={props.onExport}
        disabled={props.exporting || rangeError !== null}
        data-testid="export-csv"
        title="One row per ticket of the range, for a spreadsheet"
      >
        {props.exporting ? 'Exporting…' : 'Export CSV'}
      </Button>
    </div>
  );

  return (
    <Panel
      id="trend-heading"
      title="Trend"
      note={trend ? `${trend.items.length} days, ${formatDayLabel(trend.from)} to ${formatDayLabel(trend.to)}` : 'Day by day'}
      testId="trend"
      actions={controls}
      className="lg:col-span-3"
    >
      {rangeError && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="trend-range-error">
          {rangeError}
        </p>
      )}
      {props.exportError != null && <ErrorNotice error={props.exportError} />}
      {props.pending && !trend && !rangeError && <Spinner />}
      {props.error != null && !trend && <ErrorNotice error={props.error} onRetry={props.onRetry} />}
      {trend && (
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2" aria-hidden="true">
          <figure className="min-w-0">
            <figcaption className="mb-1 text-sm font-medium text-slate-700">Arrivals, served and wait target met</figcaption>
            <div className="h-60" data-testid="trend-volume-chart">
              <ResponsiveContainer width="100%" height="100%">
                <ComposedChart data={rows} margin={{ top: 8, right: 4, bottom: 0, left: -16 }} barGap={1}>
                  <CartesianGrid stroke={GRID} vertical={false} />
                  <XAxis dataKey="day" {...AXIS} minTickGap={16} />
                  <YAxis yAxisId="count" allowDecimals={false} {...AXIS} />
                  <YAxis yAxisId="pct" orientation="right" domain={[0, 100]} unit="%" {...AXIS} width={44} />
                  <Tooltip
                    labelFormatter={dayOf}
                    formatter={(value, name, item) =>
                      item.dataKey === 'sla_met_pct' ? [formatPercent((item.payload as Row).sla_met_pct), name] : [value, name]
                    }
                  />
                  <Legend iconSize={10} wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
                  <Bar yAxisId="count" dataKey="arrivals" name="Arrivals" fill={SERIES.arrivals} isAnimationActive={false} />
                  <Bar yAxisId="count" dataKey="served" name="Served" fill={SERIES.served} isAnimationActive={false} />
                  <Line
                    yAxisId="pct"
                    dataKey="sla_met_pct"
                    name="Target met (%)"
                    stroke={SERIES.sla}
                    strokeWidth={2}
                    dot={dots}
                    connectNulls
                    isAnimationActive={false}
                  />
                </ComposedChart>
              </ResponsiveContainer>
            </div>
          </figure>
          <figure className="min-w-0">
            <figcaption className="mb-1 text-sm font-medium text-slate-700">Waits (minutes)</figcaption>
            <div className="h-60" data-testid="trend-wait-chart">
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
                  <CartesianGrid stroke={GRID} vertical={false} />
                  <XAxis dataKey="day" {...AXIS} minTickGap={16} />
                  <YAxis {...AXIS} unit="′" />
                  <Tooltip
                    labelFormatter={dayOf}
                    formatter={(_value, name, item) => {
                      const row = item.payload as Row;
                      return [formatDuration(item.dataKey === 'p90Minutes' ? row.p90_wait_seconds : row.avg_wait_seconds), name];
                    }}
                  />
                  <Legend iconSize={10} wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
                  <Line
                    dataKey="waitMinutes"
                    name="Average wait"
                    stroke={SERIES.wait}
                    strokeWidth={2}
                    dot={dots}
                    connectNulls
                    isAnimationActive={false}
                  />
                  <Line
                    dataKey="p90Minutes"
                    name="90th percentile"
                    stroke={SERIES.p90}
                    strokeWidth={2}
                    strokeDasharray="5 3"
                    dot={dots}
                    connectNulls
                    isAnimationActive={false}
                  />
                  {slaMinutes !== null && (
                    <ReferenceLine
                      y={slaMinutes}
                      ifOverflow="extendDomain"
                      stroke={SERIES.target}
                      strokeDasharray="2 4"
                      label={{ value: `target ${slaMinutes}′`, position: 'insideTopRight', fill: SERIES.target, fontSize: 11 }}
                    />
                  )}
                </LineChart>
              </ResponsiveContainer>
            </div>
          </figure>
        </div>
      )}
      {trend && (
        <ChartDataTable
          caption="Figures per day"
          rows={trend.items}
          columns={[
            { label: 'Day', value: (d) => formatDayLabel(d.date) },
            { label: 'Arrivals', value: (d) => String(d.arrivals) },
            { label: 'Served', value: (d) => String(d.served) },
            { label: 'Wait target met', value: (d) => formatPercent(d.sla_met_pct) },
            { label: 'Average wait', value: (d) => formatDuration(d.avg_wait_seconds) },
            { label: '90th percentile wait', value: (d) => formatDuration(d.p90_wait_seconds) },
          ]}
        />
      )}
    </Panel>
  );
}
