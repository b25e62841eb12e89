import type { WaitRange } from '@/shared/api/types';

/** "about 12 min", "10–15 min", "no wait"; tolerant of a number or a {low, high} range. */
export function formatWait(value: number | WaitRange | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') {
    if (value <= 0) return 'no wait';
    return `about ${Math.round(value)} min`;
  }
  const low = Math.max(0, Math.round(value.low));
  const high = Math.max(low, Math.round(value.high));
  if (high <= 0) return 'no wait';
  if (low === high) return `about ${low} min`;
  return `${low}–${high} min`;
}

export function pluralPeople(n: number): string {
  return n === 1 ? '1 person' : `${n} people`;
}
