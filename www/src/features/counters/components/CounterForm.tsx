import type { Counter, Service } from '@/shared/api/types';
import { CheckboxField, FormShell, TextField } from '@/shared/forms';
import { useCounterForm } from '../hooks/useCounterForm';

interface CounterFormProps {
  departmentId: number;
  counter: Counter | null;
  services: readonly Service[];
  onDone: () => void;
}

export function CounterForm({ departmentId, counter, services, onDone }: CounterFormProps) {
  const form = useCounterForm(departmentId, counter, onDone);
  const { values, field, fieldErrors } = form;
  return (
    <FormShell
      title={counter ? `Edit ${counter.name}` : 'New counter'}
      error={form.error}
      errors={fieldErrors}
      submitLabel={counter ? 'Save changes' : 'Create counter'}
      pending={form.pending}
      onSubmit={form.submit}
      onCancel={onDone}
      testId="counter-form"
    >
      <TextField label="Name" name="name" value={values.name} onChange={field('name')} error={fieldErrors.byField.name} />
      <fieldset className="flex flex-col gap-2 rounded-xl border border-slate-200 p-4" data-field="service_ids">
        <legend className="px-1 text-sm font-medium text-slate-700">Services served</legend>
        <p className="text-xs text-slate-500">Tick none to serve every service of the department.</p>
        <div className="grid gap-2 sm:grid-cols-2">
          {services.map((s) => (
            <CheckboxField
              key={s.id}
              label={`${s.prefix} · ${s.name}`}
              name={`service_${s.id}`}
              checked={values.service_ids.includes(s.id)}
              onChange={(on) => form.toggleService(s.id, on)}
            />
          ))}
        </div>
        {fieldErrors.byField.service_ids && (
          <p className="text-sm text-red-700" data-testid="field-error" data-field="service_ids">
            {fieldErrors.byField.service_ids}
          </p>
        )}
      </fieldset>
    </FormShell>
  );
}
