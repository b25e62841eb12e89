import type { User } from '@/shared/api/types';
import { Button } from '@/shared/components/Button';
import { ConfirmButton } from '@/shared/components/ConfirmButton';
import { StatusBadge } from '@/shared/components/StatusBadge';
import { roleLabel } from '@/shared/lib/roles';

interface UserTableProps {
  users: readonly User[];
  departmentNames: ReadonlyMap<number, string>;
  currentUserId: number;
  onEdit: (user: User) => void;
  onDeactivate: (user: User) => void;
  busyId: number | null;
}

export function UserTable({ users, departmentNames, currentUserId, onEdit, onDeactivate, busyId }: UserTableProps) {
  return (
    <div className="relative overflow-x-auto rounded-2xl border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm" data-testid="user-table">
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-3">Username</th>
            <th scope="col" className="px-4 py-3">Name</th>
            <th scope="col" className="px-4 py-3">Role</th>
            <th scope="col" className="px-4 py-3">Department</th>
            <th scope="col" className="px-4 py-3">Status</th>
            <th scope="col" className="px-4 py-3"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {users.map((u) => (
            <tr key={u.id} data-testid="user-row" data-user-id={u.id} data-username={u.username}>
              <td className="px-4 py-3 font-mono">{u.username}</td>
              <td className="px-4 py-3 font-medium">{u.full_name}</td>
              <td className="px-4 py-3">{roleLabel(u.role)}</td>
              <td className="px-4 py-3">
                {u.department_id === null ? '—' : (departmentNames.get(u.department_id) ?? `Department ${u.department_id}`)}
              </td>
              <td className="px-4 py-3">
                <StatusBadge tone={u.active ? 'green' : 'slate'}>{u.active ? 'Active' : 'Inactive'}</StatusBadge>
              </td>
              <td className="whitespace-nowrap px-4 py-3 text-right">
                <Button size="sm" variant="ghost" onClick={() => onEdit(u)} disabled={busyId === u.id}>
                  Edit<span className="sr-only"> {u.username}</span>
                </Button>
                {u.active && u.id !== currentUserId && (
                  <ConfirmButton
                    label="Deactivate"
                    question={`Deactivate ${u.username}?`}
                    disabled={busyId === u.id}
                    onConfirm={() => onDeactivate(u)}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
