import { useCallback, useEffect, useRef } from 'react';

/**
 * A stable function that runs the latest `callback` once, `delayMs` after the
 * last call (bursts of live events become one refetch). Cancelled on unmount.
 */
export function useDebouncedCallback(callback: () => void, delayMs: number): () => void {
  const callbackRef = useRef(callback);
  callbackRef.current = callback;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      callbackRef.current();
    }, delayMs);
  }, [delayMs]);
}
