import { WEEKDAYS, type OpeningHours, type TimeSpan, type Weekday } from '@/shared/api/types';

/** The editor's view of `opening_hours`: always open, or spans per weekday (none = closed). */
export interface HoursDraft {
  alwaysOpen: boolean;
  days: Record<Weekday, TimeSpan[]>;
}

export const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

export const DEFAULT_SPAN: TimeSpan = ['08:00', '17:00'];

function emptyDays(): Record<Weekday, TimeSpan[]> {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
}

export function draftFromHours(hours: OpeningHours): HoursDraft {
  if (hours === null) {
    // Start the editor from office hours should the person switch "always open" off.
    const days = emptyDays();
    for (const day of WEEKDAYS.slice(0, 5)) days[day] = [[...DEFAULT_SPAN]];
    return { alwaysOpen: true, days };
  }
  const days = emptyDays();
  for (const day of WEEKDAYS) days[day] = (hours[day] ?? []).map(([from, to]) => [from, to]);
  return { alwaysOpen: false, days };
}

/** What the API stores: null (always open) or only the days that open, in weekday order. */
export function hoursFromDraft(draft: HoursDraft): OpeningHours {
  if (draft.alwaysOpen) return null;
  const hours: Partial<Record<Weekday, TimeSpan[]>> = {};
  for (const day of WEEKDAYS) {
    if (draft.days[day].length > 0) hours[day] = draft.days[day].map(([from, to]) => [from, to]);
  }
  return hours;
}

/** "Mon 08:00–17:00 · Tue …" or "Always open". */
export function describeHours(hours: OpeningHours): string {
  if (hours === null) return 'Always open';
  const parts = WEEKDAYS.filter((d) => (hours[d] ?? []).length > 0).map(
    (d) => `${WEEKDAY_NAMES[d].slice(0, 3)} ${(hours[d] ?? []).map(([a, b]) => `${a}–${b}`).join(', ')}`,
  );
  return parts.length > 0 ? parts.join(' · ') : 'Never open';
}
