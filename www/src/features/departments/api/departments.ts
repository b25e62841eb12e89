import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authApi } from '@/shared/api/client';
import { departmentsQueryKey, listDepartments } from '@/shared/api/organisation';
import type { Department, OpeningHours } from '@/shared/api/types';

export interface DepartmentInput {
  name: string;
  timezone: string;
  sla_wait_minutes: number | undefined;
  opening_hours: OpeningHours;
}

export function getDepartment(id: number, signal?: AbortSignal) {
  return authApi.get<Department>(`/departments/${id}`, signal);
}

export function useDepartment(id: number | null) {
  return useQuery({
    queryKey: [...departmentsQueryKey, 'one', id],
    queryFn: ({ signal }) => getDepartment(id as number, signal),
    enabled: id !== null,
  });
}

/** Create (no id) or change (only the fields given) a department. */
export function useSaveDepartment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: Partial<DepartmentInput> }) =>
      id === null
        ? authApi.post<Department>('/departments', body)
        : authApi.patch<Department>(`/departments/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: departmentsQueryKey }),
  });
}

/** `DELETE /departments/{id}` deactivates the department. */
export function useDeactivateDepartment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => authApi.delete(`/departments/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: departmentsQueryKey }),
  });
}

export function listDepartmentsPage(offset: number, limit: number, signal?: AbortSignal) {
  return listDepartments({ offset, limit }, signal);
}

export function useDepartmentPage(offset: number, limit: number) {
  return useQuery({
    queryKey: [...departmentsQueryKey, 'page', { offset, limit }],
    queryFn: ({ signal }) => listDepartmentsPage(offset, limit, signal),
    placeholderData: (previous) => previous,
  });
}
