import { useId } from 'react';
import type { Department } from '@/shared/api/types';

interface DepartmentScopeBarProps {
  departmentId: number | null;
  department: Department | null;
  departments: readonly Department[];
  canChoose: boolean;
  onChoose: (id: number) => void;
}

/** Admins pick the department to work on; everyone else sees which one it is. */
export function DepartmentScopeBar({ departmentId, department, departments, canChoose, onChoose }: DepartmentScopeBarProps) {
  const id = useId();
  if (!canChoose) {
    return department ? (
      <p className="mb-4 text-sm text-slate-600" data-testid="department-scope">
        Department: <span className="font-medium text-slate-900">{department.name}</span>
      </p>
    ) : null;
  }
  return (
    <div className="mb-4 flex items-center gap-3" data-testid="department-scope">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        Department
      </label>
      <select
        id={id}
        value={departmentId ?? ''}
        onChange={(e) => onChoose(Number(e.target.value))}
        className="rounded-lg border border-slate-300 bg-white px-3 py-2 shadow-sm focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200"
      >
        {departments.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
            {d.active ? '' : ' (inactive)'}
          </option>
        ))}
      </select>
    </div>
  );
}
