import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useSession } from '@/shared/auth';

/** One person's cached data is never shown to the next: drop the cache when the user changes. */
export function SessionCacheReset() {
  const queryClient = useQueryClient();
  const userId = useSession().user?.id ?? null;
  const previous = useRef(userId);
  useEffect(() => {
    if (previous.current !== null && previous.current !== userId) queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'public' });
    previous.current = userId;
  }, [userId, queryClient]);
  return null;
}
