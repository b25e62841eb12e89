import { useMemo } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HourFigures } from '@/shared/api/types';
import { Panel } from '@/shared/components/Panel';
import { activeSpan, AXIS, GRID, hourLabels } from '@/shared/lib/charts';
import { formatDuration } from '@/shared/lib/figures';
import { legendText, minutes, SERIES } from '../lib/chartTheme';
import { ChartDataTable } from './ChartDataTable';

interface Row {
  label: string;
  arrivals: number;
  served: number;
  waitMinutes: number | null;
  waitSeconds: number | null;
}

interface HourlyChartProps {
  hours: readonly HourFigures[];
  timezone: string | null;
  slaMinutes: number | null;
}

/** Arrivals and served per local hour (bars), and the average wait of those called (line). */
export function HourlyChart({ hours, timezone, slaMinutes }: HourlyChartProps) {
  const rows = useMemo<Row[]>(() => {
    const names = hourLabels(hours, timezone);
    const [start, end] = activeSpan(hours, (h) => h.arrivals > 0 || h.served > 0);
    return hours.slice(start, end).map((h, i) => ({
      label: names[start + i],
      arrivals: h.arrivals,
      served: h.served,
      waitMinutes: minutes(h.avg_wait_seconds),
      waitSeconds: h.avg_wait_seconds,
    }));
  }, [hours, timezone]);
  const empty = rows.every((r) => r.arrivals === 0 && r.served === 0);

  return (
    <Panel
      id="hourly-heading"
      title="Arrivals and served by hour"
      note={timezone ? `Local hours (${timezone}); wait in minutes` : 'Each department’s local hours; wait in minutes'}
      testId="hourly-chart"
      className="lg:col-span-2"
    >
      {empty ? (
        <p className="py-12 text-center text-slate-600" data-testid="hourly-empty">
          No tickets on this day yet.
        </p>
      ) : (
        <div className="h-64" aria-hidden="true">
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={rows} margin={{ top: 8, right: 4, bottom: 0, left: -16 }} barGap={2}>
              <CartesianGrid stroke={GRID} vertical={false} />
              <XAxis dataKey="label" {...AXIS} interval="preserveStartEnd" minTickGap={12} />
              <YAxis yAxisId="count" allowDecimals={false} {...AXIS} />
              <YAxis yAxisId="wait" orientation="right" {...AXIS} unit="′" width={44} />
              <Tooltip
                formatter={(value, name, item) =>
                  item.dataKey === 'waitMinutes' ? [formatDuration((item.payload as Row).waitSeconds), name] : [value, name]
                }
              />
              <Legend iconSize={10} wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
              <Bar yAxisId="count" dataKey="arrivals" name="Arrivals" fill={SERIES.arrivals} radius={[3, 3, 0, 0]} isAnimationActive={false} />
              <Bar yAxisId="count" dataKey="served" name="Served" fill={SERIES.served} radius={[3, 3, 0, 0]} isAnimationActive={false} />
              <Line
                yAxisId="wait"
                dataKey="waitMinutes"
                name="Average wait (min)"
                stroke={SERIES.wait}
                strokeWidth={2}
                dot={{ r: 3 }}
                connectNulls
                isAnimationActive={false}
              />
              {slaMinutes !== null && (
                <ReferenceLine
                  yAxisId="wait"
                  y={slaMinutes}
                  ifOverflow="extendDomain"
                  stroke={SERIES.target}
                  strokeDasharray="4 4"
                  label={{ value: `target ${slaMinutes}′`, position: 'insideTopRight', fill: SERIES.target, fontSize: 11 }}
                />
              )}
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      )}
      <ChartDataTable
        caption="Arrivals, served and average wait by hour"
        rows={rows}
        columns={[
          { label: 'Hour', value: (r) => r.label },
          { label: 'Arrivals', value: (r) => String(r.arrivals) },
          { label: 'Served', value: (r) => String(r.served) },
          { label: 'Average wait', value: (r) => formatDuration(r.waitSeconds) },
        ]}
      />
    </Panel>
  );
}
