import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authApi } from '@/shared/api/client';
import type { Settings } from '@/shared/api/types';

export const settingsQueryKey = ['settings'] as const;

export function useSettings() {
  return useQuery({
    queryKey: settingsQueryKey,
    queryFn: ({ signal }) => authApi.get<Settings>('/settings', signal),
  });
}

/** `PATCH /settings` with the changed keys only. */
export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: Partial<Settings>) => authApi.patch<Settings>('/settings', changes),
    onSuccess: (settings) => queryClient.setQueryData(settingsQueryKey, settings),
  });
}
