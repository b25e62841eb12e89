import { addDays, formatDate, formatDayMonth, utcNoonOf } from '@/shared/lib/dates';

/** The Monday of the week `date` is in (ISO weeks: Monday to Sunday). */
export function mondayOf(date: string): string {
  const t = utcNoonOf(date);
  if (t === null) return date;
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday 0 .. Sunday 6
  return addDays(date, -weekday);
}

/** The seven dates of the week that starts on `monday`. */
export function weekDays(monday: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** "Tuesday, 2 Dec". */
export const formatWeekdayDate = (date: string) => formatDate(date, { weekday: 'long', day: 'numeric', month: 'short' });

/** "Tue". */
export const formatWeekday = (date: string) => formatDate(date, { weekday: 'short' });

/** "30 Nov – 6 Dec 2026" for the week starting `monday`. */
export function formatWeekRange(monday: string): string {
  const sunday = addDays(monday, 6);
  return `${formatDayMonth(monday)} – ${formatDate(sunday, { day: 'numeric', month: 'short', year: 'numeric' })}`;
}
