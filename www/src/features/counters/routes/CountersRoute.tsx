import { useState } from 'react';
import { useLiveCounters } from '@/shared/api/liveCounters';
import { useServiceList, useUserList } from '@/shared/api/organisation';
import type { Counter } from '@/shared/api/types';
import { Button } from '@/shared/components/Button';
import { DepartmentScopeBar } from '@/shared/components/DepartmentScopeBar';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { LiveBadge } from '@/shared/components/LiveBadge';
import { PageHeading } from '@/shared/components/PageHeading';
import { Spinner } from '@/shared/components/Spinner';
import { useCurrentUser } from '@/shared/auth';
import { useDepartmentScope } from '@/shared/hooks/useDepartmentScope';
import { useDeleteCounter } from '../api/counters';
import { CounterForm } from '../components/CounterForm';
import { CounterTable } from '../components/CounterTable';

/** Admins and managers: a department's counters and the services each serves. */
export function CountersRoute() {
  const user = useCurrentUser();
  const scope = useDepartmentScope();
  // Who is at which counter changes all day: live, polled while not.
  const { counters, connection } = useLiveCounters(scope.departmentId);
  const services = useServiceList(scope.departmentId);
  const users = useUserList(
    { department_id: scope.departmentId ?? undefined, limit: 200 },
    { enabled: scope.departmentId !== null },
  );
  const remove = useDeleteCounter();
  const [editing, setEditing] = useState<Counter | 'new' | null>(null);

  const serviceNames = new Map((services.data?.items ?? []).map((s) => [s.id, s.name]));
  const userNames = new Map((users.data?.items ?? []).map((u) => [u.id, u.full_name]));

  return (
    <>
      <PageHeading
        title="Counters"
        subtitle="Desks, the services they serve, and who is at them."
        actions={
          scope.departmentId !== null ? (
            <>
              <LiveBadge state={connection} className="self-center" />
              {editing === null && <Button onClick={() => setEditing('new')}>New counter</Button>}
            </>
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
          <CounterForm
            key={editing === 'new' ? 'new' : editing.id}
            departmentId={scope.departmentId}
            counter={editing === 'new' ? null : editing}
            services={(services.data?.items ?? []).filter((s) => s.active)}
            onDone={() => setEditing(null)}
          />
        </div>
      )}
      {remove.error != null && <ErrorNotice error={remove.error} className="mb-4" />}
      {counters.isPending && scope.departmentId !== null && <Spinner />}
      {counters.isError && <ErrorNotice error={counters.error} onRetry={() => counters.refetch()} />}
      {counters.data && counters.data.items.length === 0 && <p className="text-slate-600">No counters yet.</p>}
      {counters.data && counters.data.items.length > 0 && (
        <CounterTable
          counters={counters.data.items}
          serviceNames={serviceNames}
          userNames={userNames}
          currentUserId={user.id}
          onEdit={setEditing}
          onDelete={(c) => remove.mutate(c.id)}
          busyId={remove.isPending ? (remove.variables ?? null) : null}
        />
      )}
    </>
  );
}
