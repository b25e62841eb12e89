import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { ListReply, PublicDepartment } from './types';

/**
 * `GET /public/departments`: used by more than one feature (home, kiosk),
 * so it lives here rather than inside one of them.
 */
export const publicDepartmentsQueryKey = ['public', 'departments'] as const;

export function getPublicDepartments(signal?: AbortSignal) {
  return api.get<ListReply<PublicDepartment>>('/public/departments', signal);
}

export function usePublicDepartments(options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: publicDepartmentsQueryKey,
    queryFn: ({ signal }) => getPublicDepartments(signal),
    refetchInterval: options.refetchInterval,
  });
}
