import { useState } from 'react';
import type { ComplaintStatus } from '@/shared/api/types';
import { useDepartmentScope } from '@/shared/hooks/useDepartmentScope';
import { useComplaints, useResolveComplaint } from '../api/complaints';

export const COMPLAINTS_PAGE_SIZE = 20;
export type ComplaintView = ComplaintStatus | 'all';

/** The complaints of the department in scope, filtered by status, and resolving one. */
export function useComplaintList() {
  const scope = useDepartmentScope();
  const [view, setView] = useState<ComplaintView>('open');
  const [offset, setOffset] = useState(0);
  const complaints = useComplaints(
    scope.departmentId === null
      ? null
      : {
          department_id: scope.departmentId,
          status: view === 'all' ? undefined : view,
          limit: COMPLAINTS_PAGE_SIZE,
          offset,
        },
  );
  const resolve = useResolveComplaint();
  return {
    scope,
    view,
    setView: (next: ComplaintView) => {
      setView(next);
      setOffset(0);
    },
    offset,
    setOffset,
    complaints,
    resolve,
  };
}
