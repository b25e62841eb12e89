import { useCallback, useEffect, useRef } from 'react';

/** Live events refetch a screen's queries at most this often, however many arrive. */
export const LIVE_REFETCH_MS = 1_000;

/**
 * A stable function that runs the latest `callback` at most once per
 * `intervalMs`: the first call at once, calls during the interval coalesced
 * into one run at its end (so the last change is never lost). For screens that
 * refetch on live events: a burst of events costs one request per interval.
 * Cancelled on unmount.
 */
export function useThrottledCallback(callback: () => void, intervalMs: number): () => void {
  const callbackRef = useRef(callback);
  callbackRef.current = callback;
  const lastRun = useRef(-Infinity);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    },
    [],
  );

  return useCallback(() => {
    if (timer.current) return; // a run is already due at the end of this interval
    const wait = lastRun.current + intervalMs - Date.now();
    const run = () => {
      timer.current = null;
      lastRun.current = Date.now();
      callbackRef.current();
    };
    if (wait <= 0) run();
    else timer.current = setTimeout(run, wait);
  }, [intervalMs]);
}
