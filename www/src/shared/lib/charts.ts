/**
 * What the SPA's charts have in common: their axes and grid, and the hours of
 * a day as a chart's categories. No recharts here: the charts load with their
 * (lazy) routes, and this stays a few plain functions wherever it lands.
 */
import { hourLabel } from './dates';

/** Axis lines and tick labels (Tailwind's slate-400 and slate-600). */
export const AXIS = { stroke: '#94a3b8', fontSize: 12, tick: { fill: '#475569' } } as const;
/** Grid lines (slate-200). */
export const GRID = '#e2e8f0';

/**
 * A label for each local hour: "02:00", or "02:00 CEST" / "02:00 CET" for the
 * hour a DST change repeats (numbered "(1)", "(2)" when the zone is unknown).
 */
export function hourLabels(hours: readonly { hour: number; start: string }[], timezone: string | null): string[] {
  const counts = new Map<number, number>();
  for (const h of hours) counts.set(h.hour, (counts.get(h.hour) ?? 0) + 1);
  let nth = 0;
  return hours.map((h) => {
    if ((counts.get(h.hour) ?? 0) < 2) return hourLabel(h.hour);
    nth += 1;
    if (timezone) {
      try {
        const zone = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, timeZoneName: 'short' })
          .formatToParts(new Date(h.start))
          .find((p) => p.type === 'timeZoneName')?.value;
        if (zone) return `${hourLabel(h.hour)} ${zone}`;
      } catch {
        // An unknown zone: number them instead.
      }
    }
    return `${hourLabel(h.hour)} (${nth})`;
  });
}

/**
 * The part of a day worth drawing, as `[start, end)` indexes: from the hour
 * before the first busy one to the hour after the last (all of them when none is).
 */
export function activeSpan<T>(hours: readonly T[], busy: (hour: T) => boolean): [number, number] {
  const first = hours.findIndex(busy);
  if (first < 0) return [0, hours.length];
  let last = hours.length - 1;
  while (last > first && !busy(hours[last])) last -= 1;
  return [Math.max(0, first - 1), Math.min(hours.length, last + 2)];
}
