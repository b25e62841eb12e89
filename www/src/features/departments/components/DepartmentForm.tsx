import { useMemo } from 'react';
import { FormShell, TextField } from '@/shared/forms';
import type { useDepartmentForm } from '../hooks/useDepartmentForm';
import { OpeningHoursEditor } from './OpeningHoursEditor';

function timezones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

interface DepartmentFormProps {
  form: ReturnType<typeof useDepartmentForm>;
  isNew: boolean;
  onCancel: () => void;
}

export function DepartmentForm({ form, isNew, onCancel }: DepartmentFormProps) {
  const { values, field, fieldErrors, error, pending, submit, hoursActions } = form;
  const zones = useMemo(timezones, []);
  return (
    <FormShell
      title={isNew ? 'New department' : 'Edit department'}
      error={error}
      errors={fieldErrors}
      submitLabel={isNew ? 'Create department' : 'Save changes'}
      pending={pending}
      onSubmit={submit}
      onCancel={onCancel}
      testId="department-form"
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" name="name" value={values.name} onChange={field('name')} error={fieldErrors.byField.name} />
        <TextField
          label="Time zone"
          name="timezone"
          value={values.timezone}
          onChange={field('timezone')}
          error={fieldErrors.byField.timezone}
          hint="An IANA name such as Europe/Berlin."
          list="qs-timezones"
          autoComplete="off"
        />
        <TextField
          label="Wait target (minutes)"
          name="sla_wait_minutes"
          type="number"
          inputMode="numeric"
          min={1}
          value={values.sla_wait_minutes}
          onChange={field('sla_wait_minutes')}
          error={fieldErrors.byField.sla_wait_minutes}
        />
      </div>
      <datalist id="qs-timezones">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <OpeningHoursEditor hours={values.hours} actions={hoursActions} error={fieldErrors.byField.opening_hours} />
    </FormShell>
  );
}
