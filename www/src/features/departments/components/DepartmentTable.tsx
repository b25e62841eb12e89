import { Link } from 'react-router';
import type { Department } from '@/shared/api/types';
import { ConfirmButton } from '@/shared/components/ConfirmButton';
import { StatusBadge } from '@/shared/components/StatusBadge';
import { describeHours } from '../hooks/openingHours';

interface DepartmentTableProps {
  departments: readonly Department[];
  onDeactivate: (department: Department) => void;
  busyId: number | null;
}

export function DepartmentTable({ departments, onDeactivate, busyId }: DepartmentTableProps) {
  return (
    <div className="relative overflow-x-auto rounded-2xl border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm" data-testid="department-table">
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-3">Name</th>
            <th scope="col" className="px-4 py-3">Time zone</th>
            <th scope="col" className="px-4 py-3">Wait target</th>
            <th scope="col" className="px-4 py-3">Opening hours</th>
            <th scope="col" className="px-4 py-3">Status</th>
            <th scope="col" className="px-4 py-3"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {departments.map((d) => (
            <tr key={d.id} data-testid="department-row" data-department-id={d.id}>
              <td className="px-4 py-3 font-medium">{d.name}</td>
              <td className="px-4 py-3">{d.timezone}</td>
              <td className="px-4 py-3">{d.sla_wait_minutes} min</td>
              <td className="max-w-xs px-4 py-3 text-slate-600">{describeHours(d.opening_hours)}</td>
              <td className="px-4 py-3">
                <StatusBadge tone={d.active ? 'green' : 'slate'}>{d.active ? 'Active' : 'Inactive'}</StatusBadge>
              </td>
              <td className="whitespace-nowrap px-4 py-3 text-right">
                <Link to={`/admin/departments/${d.id}`} className="mr-2 font-semibold text-indigo-700 hover:underline">
                  Edit<span className="sr-only"> {d.name}</span>
                </Link>
                {d.active && (
                  <ConfirmButton
                    label="Deactivate"
                    question={`Deactivate ${d.name}?`}
                    disabled={busyId === d.id}
                    onConfirm={() => onDeactivate(d)}
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
