/**
 * Jittered exponential backoff for reconnects: attempt 0 waits about 0.5 s,
 * doubling up to 10 s, each delay drawn uniformly from [50 %, 100 %] of the cap
 * so that a hall full of boards does not reconnect in lockstep.
 */
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 10_000;

export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(cap / 2 + random() * (cap / 2));
}
