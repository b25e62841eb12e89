import type { Schedule, Shift } from '@/shared/api/types';

/** "8 h", "7 h 30 min". */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** "22:00–06:00", with "(+1)" when it ends the next morning. */
export function shiftTimes(start: string, end: string): string {
  return `${start}–${end}${end <= start ? ' (+1)' : ''}`;
}

/** The same words for a screen reader: "22:00 to 06:00 the next day". */
export function shiftTimesSpoken(start: string, end: string): string {
  return `${start} to ${end}${end <= start ? ' the next day' : ''}`;
}

/** Active first, then by start time and name. */
export function sortShifts(shifts: readonly Shift[]): Shift[] {
  return [...shifts].sort(
    (a, b) => Number(b.active) - Number(a.active) || a.start_time.localeCompare(b.start_time) || a.name.localeCompare(b.name),
  );
}

/** A person's schedules of a day in the order they start. */
export function sortSchedules(items: readonly Schedule[]): Schedule[] {
  return [...items].sort((a, b) => a.starts_at.localeCompare(b.starts_at) || a.id - b.id);
}
