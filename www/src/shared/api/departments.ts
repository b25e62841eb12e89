import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import { readAllPages } from './pages';
import type { ListReply, PublicDepartment } from './types';

/**
 * `GET /public/departments`: used by more than one feature (home, kiosk),
 * so it lives here rather than inside one of them.
 */
export const publicDepartmentsQueryKey = ['public', 'departments'] as const;

/**
 * Every active department: the list pages like every other (`limit`, `offset`),
 * so it is read page by page until `total` (the home page lists them all, the
 * kiosk finds its own among them). Every kiosk asks for the same pages, which
 * the API answers from its cache.
 */
export function getPublicDepartments(signal?: AbortSignal): Promise<ListReply<PublicDepartment>> {
  return readAllPages((limit, offset) =>
    api.get<ListReply<PublicDepartment>>(`/public/departments?limit=${limit}&offset=${offset}`, signal),
  );
}

export function usePublicDepartments(options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: publicDepartmentsQueryKey,
    queryFn: ({ signal }) => getPublicDepartments(signal),
    refetchInterval: options.refetchInterval,
  });
}
