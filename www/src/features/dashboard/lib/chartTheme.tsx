/**
 * The dashboard's chart colours (Tailwind's palette), one per kind of figure,
 * the same on every chart. Every series also has a text label in its legend
 * and a shape of its own (bars, lines, dashes), so colour is never the only cue.
 */
export const SERIES = {
  arrivals: '#a5b4fc', // indigo-300
  served: '#059669', // emerald-600
  wait: '#d97706', // amber-600
  p90: '#b45309', // amber-700
  sla: '#4f46e5', // indigo-600
  target: '#dc2626', // red-600
} as const;

/** Legend labels in the text colour (the series colour is in the swatch beside them). */
export function legendText(value: string) {
  return <span style={{ color: '#334155' }}>{value}</span>;
}

/** Seconds to minutes for a chart axis (one decimal). */
export function minutes(seconds: number | null): number | null {
  return seconds === null ? null : Math.round(seconds / 6) / 10;
}
