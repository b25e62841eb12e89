import type { Department, User } from '@/shared/api/types';
import { CheckboxField, FormShell, SelectField, TextField } from '@/shared/forms';
import { roleLabel } from '@/shared/lib/roles';
import { useUserForm } from '../hooks/useUserForm';

interface UserFormProps {
  user: User | null;
  departments: readonly Department[];
  defaultDepartmentId: number | null;
  /** Called with the saved user, or without one on Cancel. */
  onDone: (saved?: User) => void;
}

export function UserForm({ user, departments, defaultDepartmentId, onDone }: UserFormProps) {
  const form = useUserForm(user, defaultDepartmentId, onDone);
  const cancel = () => onDone();
  const { values, field, fieldErrors } = form;
  const noun = form.isManager ? 'staff user' : 'user';
  const ownDepartment = departments.find((d) => String(d.id) === values.department_id);

  return (
    <FormShell
      title={user ? `Edit ${user.username}` : `New ${noun}`}
      error={form.error}
      errors={fieldErrors}
      submitLabel={user ? 'Save changes' : `Create ${noun}`}
      pending={form.pending}
      onSubmit={form.submit}
      onCancel={cancel}
      testId="user-form"
    >
      <div className="grid gap-4 sm:grid-cols-2">
        {user ? (
          <p className="text-sm">
            <span className="block font-medium text-slate-700">Username</span>
            <span className="font-mono">{user.username}</span>
          </p>
        ) : (
          <TextField
            label="Username"
            name="username"
            value={values.username}
            onChange={field('username')}
            error={fieldErrors.byField.username}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
          />
        )}
        <TextField
          label="Full name"
          name="full_name"
          value={values.full_name}
          onChange={field('full_name')}
          error={fieldErrors.byField.full_name}
          autoComplete="off"
        />
        <TextField
          label={user ? 'New password (leave empty to keep)' : 'Password'}
          name="password"
          type="password"
          value={values.password}
          onChange={field('password')}
          error={fieldErrors.byField.password}
          hint="8 to 128 characters; not a common password."
          autoComplete="new-password"
        />
        {form.isManager ? (
          <p className="text-sm" data-testid="fixed-role">
            <span className="block font-medium text-slate-700">Role and department</span>
            Staff · {ownDepartment?.name ?? 'your department'}
          </p>
        ) : (
          <SelectField
            label="Role"
            name="role"
            value={values.role}
            onChange={(v) => field('role')(v as typeof values.role)}
            options={form.roles.map((r) => ({ value: r, label: roleLabel(r) }))}
            error={fieldErrors.byField.role}
          />
        )}
        {form.needsDepartment && (
          <SelectField
            label="Department"
            name="department_id"
            value={values.department_id}
            onChange={field('department_id')}
            options={[
              { value: '', label: 'Choose a department' },
              ...departments.map((d) => ({ value: String(d.id), label: d.name })),
            ]}
            error={fieldErrors.byField.department_id}
          />
        )}
        {user && (
          <CheckboxField
            label="Active (may sign in)"
            name="active"
            checked={values.active}
            onChange={field('active')}
            error={fieldErrors.byField.active}
          />
        )}
      </div>
    </FormShell>
  );
}
