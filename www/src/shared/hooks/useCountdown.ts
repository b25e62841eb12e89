import { useEffect, useRef, useState } from 'react';

/**
 * Counts down from `seconds` while `active`, then calls `onDone` once.
 * Returns the seconds left. Restarts whenever `resetKey` changes.
 */
export function useCountdown(
  seconds: number,
  active: boolean,
  onDone: () => void,
  resetKey?: unknown,
): number {
  const [left, setLeft] = useState(seconds);
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;

  useEffect(() => {
    if (!active) return;
    setLeft(seconds);
    const deadline = Date.now() + seconds * 1000;
    const timer = setInterval(() => {
      const remaining = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining === 0) {
        clearInterval(timer);
        onDoneRef.current();
      }
    }, 250);
    return () => clearInterval(timer);
  }, [seconds, active, resetKey]);

  return left;
}
