import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { useDepartmentList } from '@/shared/api/organisation';
import { useCurrentUser } from '@/shared/auth';
import { parseId } from '@/shared/lib/parseId';

/**
 * The department a screen works on. Managers and staff: their own. Admins choose one
 * (kept in `?department=` so that a reload or a shared link shows the same), by default the
 * first active one.
 */
export function useDepartmentScope() {
  const user = useCurrentUser();
  const departments = useDepartmentList();
  const [searchParams, setSearchParams] = useSearchParams();
  const canChoose = user.role === 'admin';

  const list = departments.data?.items ?? [];
  const chosen = parseId(searchParams.get('department') ?? undefined);
  const fallback = list.find((d) => d.active) ?? list[0];
  const departmentId = canChoose ? (chosen ?? fallback?.id ?? null) : user.department_id;
  const department = list.find((d) => d.id === departmentId) ?? null;

  const choose = useCallback(
    (id: number) =>
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.set('department', String(id));
          return next;
        },
        { replace: true },
      ),
    [setSearchParams],
  );

  return { departmentId, department, departments, canChoose, choose };
}
