import { useState } from 'react';
import type { UserFilter } from '@/shared/api/organisation';
import type { Role } from '@/shared/api/types';
import { useCurrentUser } from '@/shared/auth';
import { useUserPage } from '../api/users';

export interface UserListFilter {
  department: string;
  role: Role | '';
  active: 'true' | 'false' | '';
}

export const USERS_PAGE = 50;

/** The users screen's list: filters, paging; a manager's is fixed to their department's staff. */
export function useUserList() {
  const caller = useCurrentUser();
  const isManager = caller.role !== 'admin';
  const [filter, setFilterState] = useState<UserListFilter>({ department: '', role: '', active: 'true' });
  const [offset, setOffset] = useState(0);

  const query: UserFilter = {
    department_id: isManager ? (caller.department_id ?? undefined) : filter.department ? Number(filter.department) : undefined,
    role: isManager ? 'staff' : filter.role || undefined,
    active: filter.active === '' ? undefined : filter.active === 'true',
    limit: USERS_PAGE,
    offset,
  };
  const page = useUserPage(query);

  return {
    caller,
    isManager,
    filter,
    setFilter: (next: UserListFilter) => {
      setFilterState(next);
      setOffset(0);
    },
    offset,
    setOffset,
    page,
  };
}
