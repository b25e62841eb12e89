import { useEffect, useState } from 'react';

/** The current time, updated on every change of the minute (or every second). */
export function useClock(precision: 'second' | 'minute' = 'second'): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const current = new Date();
      setNow(current);
      const ms =
        precision === 'second'
          ? 1000 - current.getMilliseconds()
          : 60_000 - (current.getSeconds() * 1000 + current.getMilliseconds());
      timer = setTimeout(tick, ms + 5);
    };
    tick();
    return () => clearTimeout(timer);
  }, [precision]);
  return now;
}
