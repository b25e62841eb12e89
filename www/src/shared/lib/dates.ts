/**
 * Local dates as the API names them (`YYYY-MM-DD`, the department's calendar
 * date). They are calendar dates, not instants, so they are handled as UTC
 * noon of that date: no time zone or DST change can move them to another day.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** UTC noon of a `YYYY-MM-DD` date (ms since the epoch), or null when it is not a real date. */
export function utcNoonOf(date: string): number | null {
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
  return value && utcNoonOf(value) !== null ? value : null;
}

/** The date `days` after (or before, negative) `date`. */
export function addDays(date: string, days: number): string {
  const t = utcNoonOf(date);
  if (t === null) return date;
  return new Date(t + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `a` to `b` (negative when `b` is earlier; NaN when either is not a date). */
export function daysBetween(a: string, b: string): number {
  const x = utcNoonOf(a);
  const y = utcNoonOf(b);
  if (x === null || y === null) return NaN;
  return Math.round((y - x) / DAY_MS);
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

/** A date in the viewer's language, with these parts (the date itself when it is not one). */
export function formatDate(date: string, options: Intl.DateTimeFormatOptions): string {
  const t = utcNoonOf(date);
  if (t === null) return date;
  return new Date(t).toLocaleDateString([], { ...options, timeZone: 'UTC' });
}

/** "Tuesday, 2 December 2026". */
export const formatLongDate = (date: string) =>
  formatDate(date, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** "Tue 2 Dec". */
export const formatDayLabel = (date: string) => formatDate(date, { weekday: 'short', day: 'numeric', month: 'short' });

/** "2 Dec". */
export const formatDayMonth = (date: string) => formatDate(date, { day: 'numeric', month: 'short' });

/** A local hour of the day as a label: 9 → "09:00". */
export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}
