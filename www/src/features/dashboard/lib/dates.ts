/**
 * Service days as the API names them: `YYYY-MM-DD`, the department's local
 * date. They are calendar dates, not instants, so they are handled here as
 * UTC noon of that date (no time zone or DST can move them to another day).
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The longest range the API takes for a trend or an export. */
export const MAX_RANGE_DAYS = 366;

function toUtcNoon(date: string): number | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
  const d = new Date(t);
  // 2026-02-30 is not a date (Date.UTC would roll it over to March).
  if (d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    return null;
  }
  return t;
}

/** A real `YYYY-MM-DD` date, else null. */
export function parseDate(value: string | null | undefined): string | null {
  return value && toUtcNoon(value) !== null ? value : null;
}

/** Days from `from` to `to`, both counted (2026-11-01..2026-11-30 is 30). */
export function daysInRange(from: string, to: string): number {
  const a = toUtcNoon(from);
  const b = toUtcNoon(to);
  if (a === null || b === null) return NaN;
  return Math.round((b - a) / DAY_MS) + 1;
}

/** The date `days` after (or before, negative) `date`. */
export function addDays(date: string, days: number): string {
  const t = toUtcNoon(date);
  if (t === null) return date;
  return new Date(t + days * DAY_MS).toISOString().slice(0, 10);
}

/** Today in an IANA time zone (the department's), as `YYYY-MM-DD`. */
export function todayIn(timezone: string | null | undefined, now: Date = new Date()): string {
  try {
    // en-CA writes dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone ?? undefined,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** "Tuesday, 2 December 2026" in the viewer's language. */
export function formatLongDate(date: string): string {
  const t = toUtcNoon(date);
  if (t === null) return date;
  return new Date(t).toLocaleDateString([], { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** "2 Dec" for chart axes. */
export function formatShortDate(date: string): string {
  const t = toUtcNoon(date);
  if (t === null) return date;
  return new Date(t).toLocaleDateString([], { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** "Tue 2 Dec" for tooltips. */
export function formatDayLabel(date: string): string {
  const t = toUtcNoon(date);
  if (t === null) return date;
  return new Date(t).toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** A local hour of the day as a label: 9 → "09:00". */
export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}
