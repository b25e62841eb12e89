import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authApi } from '@/shared/api/client';
import { listUsers, usersQueryKey, type UserFilter } from '@/shared/api/organisation';
import type { Role, User } from '@/shared/api/types';

export interface NewUserInput {
  username: string;
  full_name: string;
  password: string;
  role: Role;
  department_id: number | null;
}

export interface UserChanges {
  full_name?: string;
  role?: Role;
  department_id?: number | null;
  active?: boolean;
  password?: string;
}

export function useUserPage(filter: UserFilter) {
  return useQuery({
    queryKey: [...usersQueryKey, 'page', filter],
    queryFn: ({ signal }) => listUsers(filter, signal),
    placeholderData: (previous) => previous,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewUserInput) => authApi.post<User>('/users', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersQueryKey }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: UserChanges }) => authApi.patch<User>(`/users/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersQueryKey }),
  });
}

/** `DELETE /users/{id}` deactivates the account and ends all its sessions. */
export function useDeactivateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => authApi.delete(`/users/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersQueryKey }),
  });
}
