import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Set several of the address's search params at once, keeping the others: a
 * null or empty value removes its param. The history entry is replaced (a
 * screen's choices are not steps to go back through) unless `replace: false`.
 */
export function useUpdateSearchParams() {
  const [, setSearchParams] = useSearchParams();
  return useCallback(
    (changes: Record<string, string | null>, { replace = true }: { replace?: boolean } = {}) =>
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [k, v] of Object.entries(changes)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace },
      ),
    [setSearchParams],
  );
}
