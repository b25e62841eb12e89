import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '@/shared/api/client';

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // Retry outages, never a 4xx (a 404 will not fix itself).
        retry: (failureCount, error) =>
          failureCount < 3 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
        refetchOnWindowFocus: false,
      },
      mutations: {
        // A change is never repeated on its own: the person sees the error and decides.
        retry: false,
      },
    },
  });
}
