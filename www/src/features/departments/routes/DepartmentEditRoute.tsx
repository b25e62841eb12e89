import { useCallback } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { Department } from '@/shared/api/types';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { PageHeading } from '@/shared/components/PageHeading';
import { Spinner } from '@/shared/components/Spinner';
import { parseId } from '@/shared/lib/parseId';
import { useDepartment } from '../api/departments';
import { DepartmentForm } from '../components/DepartmentForm';
import { useDepartmentForm } from '../hooks/useDepartmentForm';

/** `/admin/departments/new` and `/admin/departments/:id`. */
export function DepartmentEditRoute() {
  const { id } = useParams();
  const departmentId = id === 'new' ? null : parseId(id);
  const department = useDepartment(departmentId);

  if (id !== 'new' && departmentId === null) return <ErrorNotice error={new Error('no such department')} />;
  if (departmentId !== null && department.isPending) return <Spinner />;
  if (departmentId !== null && department.isError) {
    return <ErrorNotice error={department.error} onRetry={() => department.refetch()} />;
  }
  return <DepartmentEditor key={departmentId ?? 'new'} department={department.data} />;
}

function DepartmentEditor({ department }: { department: Department | undefined }) {
  const navigate = useNavigate();
  const back = useCallback(() => navigate('/admin'), [navigate]);
  const form = useDepartmentForm(department, back);
  return (
    <div className="max-w-3xl">
      <PageHeading title={department ? department.name : 'New department'} />
      <DepartmentForm form={form} isNew={!department} onCancel={back} />
    </div>
  );
}
