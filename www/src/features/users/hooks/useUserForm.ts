import { useCallback } from 'react';
import type { Role, User } from '@/shared/api/types';
import { useCurrentUser } from '@/shared/auth';
import { fieldErrorsFrom, useFormValues } from '@/shared/forms';
import { useCreateUser, useUpdateUser, type NewUserInput, type UserChanges } from '../api/users';

export const USER_FIELDS = ['username', 'full_name', 'password', 'role', 'department_id', 'active'] as const;

/** The roles the caller may give: an admin any, a manager only staff. */
export function assignableRoles(callerRole: Role): Role[] {
  return callerRole === 'admin' ? ['admin', 'manager', 'staff'] : ['staff'];
}

interface UserValues extends Record<string, unknown> {
  username: string;
  full_name: string;
  password: string;
  role: Role;
  /** '' = no department (admins). */
  department_id: string;
  active: boolean;
}

/**
 * Create (`user` null) or edit a user. A manager's form is fixed to staff of their own
 * department; the fields they may not set are never sent.
 */
export function useUserForm(user: User | null, defaultDepartmentId: number | null, onSaved: (saved: User) => void) {
  const caller = useCurrentUser();
  const isManager = caller.role !== 'admin';
  const form = useFormValues<UserValues>(() => ({
    username: user?.username ?? '',
    full_name: user?.full_name ?? '',
    password: '',
    role: user?.role ?? 'staff',
    department_id: String(user ? (user.department_id ?? '') : isManager ? (caller.department_id ?? '') : (defaultDepartmentId ?? '')),
    active: user?.active ?? true,
  }));
  const create = useCreateUser();
  const update = useUpdateUser();
  const mutation = user ? update : create;
  const { values } = form;

  const departmentOf = useCallback(
    (role: Role): number | null => {
      if (isManager) return caller.department_id;
      if (role === 'admin') return null;
      return values.department_id === '' ? null : Number(values.department_id);
    },
    [isManager, caller.department_id, values.department_id],
  );

  const submit = useCallback(() => {
    const role: Role = isManager ? 'staff' : values.role;
    const department_id = departmentOf(role);
    if (!user) {
      const body: NewUserInput = {
        username: values.username.trim(),
        full_name: values.full_name.trim(),
        password: values.password,
        role,
        department_id,
      };
      create.mutate(body, { onSuccess: onSaved });
      return;
    }
    const body: UserChanges = {};
    if (values.full_name.trim() !== user.full_name) body.full_name = values.full_name.trim();
    if (!isManager && role !== user.role) body.role = role;
    if (!isManager && department_id !== user.department_id) body.department_id = department_id;
    if (values.active !== user.active) body.active = values.active;
    if (values.password !== '') body.password = values.password;
    if (Object.keys(body).length === 0) return onSaved(user);
    update.mutate({ id: user.id, body }, { onSuccess: onSaved });
  }, [values, user, isManager, departmentOf, create, update, onSaved]);

  return {
    ...form,
    isManager,
    roles: assignableRoles(caller.role),
    needsDepartment: !isManager && values.role !== 'admin',
    submit,
    pending: mutation.isPending,
    error: mutation.error,
    fieldErrors: fieldErrorsFrom(mutation.error, USER_FIELDS),
  };
}
