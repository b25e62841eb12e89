import type { Department, Role } from '@/shared/api/types';
import { SelectField } from '@/shared/forms';
import { roleLabel } from '@/shared/lib/roles';
import type { UserListFilter } from '../hooks/useUserList';

interface UserFiltersProps {
  filter: UserListFilter;
  onChange: (filter: UserListFilter) => void;
  departments: readonly Department[];
  /** Admins filter by department and role; managers see only their staff. */
  full: boolean;
}

export function UserFilters({ filter, onChange, departments, full }: UserFiltersProps) {
  return (
    <div className="mb-4 grid gap-4 sm:grid-cols-3" role="search" aria-label="Filter users">
      {full && (
        <SelectField
          label="Department"
          name="filter_department"
          value={filter.department}
          onChange={(department) => onChange({ ...filter, department })}
          options={[{ value: '', label: 'All departments' }, ...departments.map((d) => ({ value: String(d.id), label: d.name }))]}
        />
      )}
      {full && (
        <SelectField
          label="Role"
          name="filter_role"
          value={filter.role}
          onChange={(role) => onChange({ ...filter, role: role as Role | '' })}
          options={[
            { value: '', label: 'All roles' },
            ...(['admin', 'manager', 'staff'] as const).map((r) => ({ value: r, label: roleLabel(r) })),
          ]}
        />
      )}
      <SelectField
        label="Status"
        name="filter_active"
        value={filter.active}
        onChange={(active) => onChange({ ...filter, active: active as UserListFilter['active'] })}
        options={[
          { value: 'true', label: 'Active' },
          { value: 'false', label: 'Inactive' },
          { value: '', label: 'All' },
        ]}
      />
    </div>
  );
}
