import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/*
 * The two charts of the assistant's answers. They are pictures of the table
 * under them, which carries the same numbers in words (so the charts are
 * hidden from screen readers). They get their rows and words ready-made.
 *
 * Only parts of the chart library that the dashboard and the schedule screen
 * use as well: so the library's chunk stays the one they share, and the
 * legend is plain HTML.
 */

const AXIS = { stroke: '#94a3b8', fontSize: 11, tick: { fill: '#475569' } } as const;
const GRID = '#e2e8f0';
const COLOURS = {
  recommended: '#a5b4fc', // indigo-300
  scheduled: '#0f172a', // slate-900
  arrivals: '#0d9488', // teal-600
} as const;

export interface StaffingChartRow {
  label: string;
  recommended: number;
  scheduled: number;
}

interface StaffingChartProps {
  rows: readonly StaffingChartRow[];
  /** The series' names, in the answer's language. */
  names: { recommended: string; scheduled: string };
  format: (value: number) => string;
}

/** Recommended staff per local hour (bars), and those scheduled (a line over them). */
export function StaffingChart({ rows, names, format }: StaffingChartProps) {
  return (
    <div aria-hidden="true" data-testid="assistant-chart" data-chart="staffing">
      <div style={{ height: 144 }}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={rows as StaffingChartRow[]} margin={{ top: 4, right: 4, bottom: 0, left: -24 }}>
            <CartesianGrid stroke={GRID} vertical={false} />
            <XAxis dataKey="label" {...AXIS} interval="preserveStartEnd" minTickGap={8} />
            <YAxis allowDecimals={false} {...AXIS} />
            <Tooltip formatter={(value) => format(Number(value))} />
            <Bar
              dataKey="recommended"
              name={names.recommended}
              fill={COLOURS.recommended}
              radius={[2, 2, 0, 0]}
              isAnimationActive={false}
            />
            <Line
              dataKey="scheduled"
              name={names.scheduled}
              type="step"
              stroke={COLOURS.scheduled}
              strokeWidth={2}
              dot={{ r: 2 }}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <p className="flex gap-4 text-xs text-slate-700">
        <span className="flex items-center gap-1">
          <span className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: COLOURS.recommended }} />
          {names.recommended}
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block w-3" style={{ height: 2, background: COLOURS.scheduled }} />
          {names.scheduled}
        </span>
      </p>
    </div>
  );
}

export interface BusiestChartRow {
  label: string;
  arrivals: number;
}

interface BusiestChartProps {
  rows: readonly BusiestChartRow[];
  /** The series' name, in the answer's language. */
  name: string;
  format: (value: number) => string;
}

/** The busiest weekday hours, by their average arrivals. */
export function BusiestChart({ rows, name, format }: BusiestChartProps) {
  return (
    <div style={{ height: 128 }} aria-hidden="true" data-testid="assistant-chart" data-chart="busiest">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows as BusiestChartRow[]} layout="vertical" margin={{ top: 0, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={GRID} horizontal={false} />
          <XAxis type="number" allowDecimals={false} {...AXIS} />
          <YAxis type="category" dataKey="label" width={110} {...AXIS} />
          <Tooltip formatter={(value) => format(Number(value))} />
          <Bar dataKey="arrivals" name={name} fill={COLOURS.arrivals} radius={[0, 2, 2, 0]} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
