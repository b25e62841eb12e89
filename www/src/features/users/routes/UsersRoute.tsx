import { useState } from 'react';
import { useDepartmentList } from '@/shared/api/organisation';
import type { User } from '@/shared/api/types';
import { Button } from '@/shared/components/Button';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { PageHeading } from '@/shared/components/PageHeading';
import { Pager } from '@/shared/components/Pager';
import { Spinner } from '@/shared/components/Spinner';
import { useDeactivateUser } from '../api/users';
import { UserFilters } from '../components/UserFilters';
import { UserForm } from '../components/UserForm';
import { UserTable } from '../components/UserTable';
import { USERS_PAGE, useUserList } from '../hooks/useUserList';

/** Admins: every account. Managers: the staff of their department. */
export function UsersRoute() {
  const list = useUserList();
  const departments = useDepartmentList();
  const deactivate = useDeactivateUser();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [created, setCreated] = useState<User | null>(null);
  const departmentItems = departments.data?.items ?? [];
  const departmentNames = new Map(departmentItems.map((d) => [d.id, d.name]));
  const { page } = list;

  return (
    <>
      <PageHeading
        title={list.isManager ? 'Staff' : 'Users'}
        subtitle={list.isManager ? 'Staff accounts of your department.' : 'Every account of the organisation.'}
        actions={
          editing === null ? (
            <Button
              onClick={() => {
                setCreated(null);
                setEditing('new');
              }}
            >{list.isManager ? 'New staff user' : 'New user'}</Button>
          ) : undefined
        }
      />
      {editing !== null && (
        <div className="mb-6">
          <UserForm
            key={editing === 'new' ? 'new' : editing.id}
            user={editing === 'new' ? null : editing}
            departments={departmentItems}
            defaultDepartmentId={list.filter.department ? Number(list.filter.department) : null}
            onDone={(saved) => {
              if (saved && editing === 'new') {
                setCreated(saved);
                // The list is in creation order: show the page the new account is on.
                const total = page.data?.total ?? 0;
                list.setOffset(Math.floor(total / USERS_PAGE) * USERS_PAGE);
              }
              setEditing(null);
            }}
          />
        </div>
      )}
      {created && (
        <p
          role="status"
          data-testid="user-created"
          data-user-id={created.id}
          className="mb-4 rounded-lg border border-emerald-300 bg-emerald-50 px-4 py-3 text-emerald-900"
        >
          Created <span className="font-mono">{created.username}</span> ({created.full_name}). They can sign in now.
        </p>
      )}
      <UserFilters filter={list.filter} onChange={list.setFilter} departments={departmentItems} full={!list.isManager} />
      {deactivate.error != null && <ErrorNotice error={deactivate.error} className="mb-4" />}
      {page.isPending && <Spinner />}
      {page.isError && <ErrorNotice error={page.error} onRetry={() => page.refetch()} />}
      {page.data && page.data.items.length === 0 && <p className="text-slate-600">No users match.</p>}
      {page.data && page.data.items.length > 0 && (
        <>
          <UserTable
            users={page.data.items}
            departmentNames={departmentNames}
            currentUserId={list.caller.id}
            onEdit={setEditing}
            onDeactivate={(u) => deactivate.mutate(u.id)}
            busyId={deactivate.isPending ? (deactivate.variables ?? null) : null}
          />
          <Pager offset={list.offset} limit={USERS_PAGE} total={page.data.total} onChange={list.setOffset} />
        </>
      )}
    </>
  );
}
