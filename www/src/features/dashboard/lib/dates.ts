import { daysBetween } from '@/shared/lib/dates';

/** The longest range the API takes for a trend or an export. */
export const MAX_RANGE_DAYS = 366;

/** Days from `from` to `to`, both counted (2026-11-01..2026-11-30 is 30). */
export function daysInRange(from: string, to: string): number {
  return daysBetween(from, to) + 1;
}
