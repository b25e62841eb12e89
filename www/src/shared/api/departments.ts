import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { ListReply, PublicDepartment } from './types';

/**
 * `GET /public/departments`: used by more than one feature (home, kiosk),
 * so it lives here rather than inside one of them.
 */
export const publicDepartmentsQueryKey = ['public', 'departments'] as const;

/** The contract's largest page: one request while there are at most this many departments. */
export const PUBLIC_DEPARTMENTS_PAGE = 200;

/**
 * Every active department: the list pages like every other (`limit`, `offset`),
 * so it is read page by page until `total` (the home page lists them all, the
 * kiosk finds its own among them). Every kiosk asks for the same pages, which
 * the API answers from its cache.
 */
export async function getPublicDepartments(signal?: AbortSignal): Promise<ListReply<PublicDepartment>> {
  const items: PublicDepartment[] = [];
  const seen = new Set<number>();
  for (let offset = 0; ; offset += PUBLIC_DEPARTMENTS_PAGE) {
    const page = await api.get<ListReply<PublicDepartment>>(
      `/public/departments?limit=${PUBLIC_DEPARTMENTS_PAGE}&offset=${offset}`,
      signal,
    );
    for (const d of page.items) {
      if (!seen.has(d.id)) items.push(d);
      seen.add(d.id);
    }
    if (page.items.length < PUBLIC_DEPARTMENTS_PAGE || offset + PUBLIC_DEPARTMENTS_PAGE >= page.total) {
      return { items, total: page.total };
    }
  }
}

export function usePublicDepartments(options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: publicDepartmentsQueryKey,
    queryFn: ({ signal }) => getPublicDepartments(signal),
    refetchInterval: options.refetchInterval,
  });
}
