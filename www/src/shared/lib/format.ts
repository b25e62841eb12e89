import type { WaitRange } from '@/shared/api/types';

/** Minutes as a person reads them: "45 min", "2 h 10 min". */
function minutes(n: number): string {
  if (n < 90) return `${n} min`;
  const h = Math.floor(n / 60);
  const m = n % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** "about 12 min", "10–15 min", "3–7 h", "no wait"; a number or a {low, high} range. */
export function formatWait(value: number | WaitRange | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') {
    if (value <= 0) return 'no wait';
    return `about ${minutes(Math.round(value))}`;
  }
  const low = Math.max(0, Math.round(value.low));
  const high = Math.max(low, Math.round(value.high));
  if (high <= 0) return 'no wait';
  if (high <= 1) return 'under 1 min';
  if (low === high) return `about ${minutes(low)}`;
  if (high >= 90) {
    // Long waits: whole hours are precise enough and fit on a kiosk.
    const lowH = Math.max(1, Math.round(low / 60));
    const highH = Math.max(lowH, Math.round(high / 60));
    return lowH === highH ? `about ${lowH} h` : `${lowH}–${highH} h`;
  }
  return `${low}–${high} min`;
}

export function pluralPeople(n: number): string {
  return n === 1 ? '1 person' : `${n} people`;
}

/** The estimate as a sentence part: "about 10–15 min", "no wait". */
export function aboutWait(value: number | WaitRange | null | undefined): string {
  const text = formatWait(value);
  return /^\d/.test(text) ? `about ${text}` : text;
}

/** Whole minutes between an RFC 3339 time and `now` (never negative). */
export function minutesSince(iso: string | null | undefined, now: Date): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  return Math.max(0, Math.floor((now.getTime() - t) / 60_000));
}

/** "14:05" in the viewer's locale. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
