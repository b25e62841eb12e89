import { useQuery } from '@tanstack/react-query';
import { authApi, queryString } from './client';
import { MAX_LIMIT, readAllPages } from './pages';
import type { Department, ListReply, Role, Service, User } from './types';

/**
 * Read-only organisation lists that several features need (pickers, names).
 * The features that change these objects invalidate the same keys.
 */

export const departmentsQueryKey = ['departments'] as const;
export const usersQueryKey = ['users'] as const;

export { MAX_LIMIT } from './pages';

export function listDepartments(params: { limit?: number; offset?: number } = {}, signal?: AbortSignal) {
  return authApi.get<ListReply<Department>>(`/departments${queryString(params)}`, signal);
}

/** Every department the caller may see (admin: all, page by page; others: their own). */
export function useDepartmentList() {
  return useQuery({
    queryKey: [...departmentsQueryKey, 'list', 'all'],
    queryFn: ({ signal }) => readAllPages((limit, offset) => listDepartments({ limit, offset }, signal)),
  });
}

export interface UserFilter {
  department_id?: number;
  role?: Role;
  active?: boolean;
  limit?: number;
  offset?: number;
}

export function listUsers(filter: UserFilter = {}, signal?: AbortSignal) {
  return authApi.get<ListReply<User>>(`/users${queryString({ ...filter })}`, signal);
}

export function useUserList(filter: UserFilter, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...usersQueryKey, 'list', filter],
    queryFn: ({ signal }) => listUsers(filter, signal),
    enabled: options.enabled ?? true,
  });
}

export const servicesQueryKey = ['services'] as const;

export function listServices(departmentId: number, params: { limit?: number; offset?: number } = {}, signal?: AbortSignal) {
  return authApi.get<ListReply<Service>>(`/departments/${departmentId}/services${queryString(params)}`, signal);
}

/** The department's services (all of them, up to the API's page limit). */
export function useServiceList(departmentId: number | null) {
  return useQuery({
    queryKey: [...servicesQueryKey, 'list', departmentId, { limit: MAX_LIMIT }],
    queryFn: ({ signal }) => listServices(departmentId as number, { limit: MAX_LIMIT }, signal),
    enabled: departmentId !== null,
  });
}
