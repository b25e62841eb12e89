import { useState } from 'react';
import { useServiceList } from '@/shared/api/organisation';
import type { Service } from '@/shared/api/types';
import { useCurrentUser } from '@/shared/auth';
import { Button } from '@/shared/components/Button';
import { DepartmentScopeBar } from '@/shared/components/DepartmentScopeBar';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { PageHeading } from '@/shared/components/PageHeading';
import { Spinner } from '@/shared/components/Spinner';
import { useDepartmentScope } from '@/shared/hooks/useDepartmentScope';
import { useDeleteService } from '../api/services';
import { ServiceForm } from '../components/ServiceForm';
import { ServiceTable } from '../components/ServiceTable';

/** What a department's customers can queue for. Admins and managers edit; staff read. */
export function ServicesRoute() {
  const user = useCurrentUser();
  const canEdit = user.role === 'admin' || user.role === 'manager';
  const scope = useDepartmentScope();
  const services = useServiceList(scope.departmentId);
  const remove = useDeleteService();
  // null: no form; 'new'; or the service being edited.
  const [editing, setEditing] = useState<Service | 'new' | null>(null);

  return (
    <>
      <PageHeading
        title="Services"
        subtitle={canEdit ? 'What customers can take a ticket for.' : 'What customers can take a ticket for (read only).'}
        actions={
          canEdit && scope.departmentId !== null && editing === null ? (
            <Button onClick={() => setEditing('new')}>New service</Button>
          ) : undefined
        }
      />
      <DepartmentScopeBar
        departmentId={scope.departmentId}
        department={scope.department}
        departments={scope.departments.data?.items ?? []}
        canChoose={scope.canChoose}
        onChoose={(id) => {
          setEditing(null);
          scope.choose(id);
        }}
      />
      {editing !== null && scope.departmentId !== null && (
        <div className="mb-6">
          <ServiceForm
            key={editing === 'new' ? 'new' : editing.id}
            departmentId={scope.departmentId}
            service={editing === 'new' ? null : editing}
            onDone={() => setEditing(null)}
          />
        </div>
      )}
      {remove.error != null && <ErrorNotice error={remove.error} className="mb-4" />}
      {(services.isPending && scope.departmentId !== null) && <Spinner />}
      {services.isError && <ErrorNotice error={services.error} onRetry={() => services.refetch()} />}
      {services.data && services.data.items.length === 0 && <p className="text-slate-600">No services yet.</p>}
      {services.data && services.data.items.length > 0 && (
        <ServiceTable
          services={services.data.items}
          onEdit={canEdit ? setEditing : undefined}
          onDelete={canEdit ? (s) => remove.mutate(s.id) : undefined}
          busyId={remove.isPending ? (remove.variables ?? null) : null}
        />
      )}
    </>
  );
}
