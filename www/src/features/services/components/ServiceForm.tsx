import type { Service } from '@/shared/api/types';
import { FormShell, TextField } from '@/shared/forms';
import { useServiceForm } from '../hooks/useServiceForm';

interface ServiceFormProps {
  departmentId: number;
  service: Service | null;
  onDone: () => void;
}

export function ServiceForm({ departmentId, service, onDone }: ServiceFormProps) {
  const form = useServiceForm(departmentId, service, onDone);
  const { values, field, fieldErrors } = form;
  return (
    <FormShell
      title={service ? `Edit ${service.name}` : 'New service'}
      error={form.error}
      errors={fieldErrors}
      submitLabel={service ? 'Save changes' : 'Create service'}
      pending={form.pending}
      onSubmit={form.submit}
      onCancel={onDone}
      testId="service-form"
    >
      <div className="grid gap-4 sm:grid-cols-3">
        <div className="sm:col-span-2">
          <TextField label="Name" name="name" value={values.name} onChange={field('name')} error={fieldErrors.byField.name} />
        </div>
        <TextField
          label="Ticket prefix"
          name="prefix"
          value={values.prefix}
          onChange={form.setPrefix}
          error={fieldErrors.byField.prefix}
          hint="1 to 3 capital letters, e.g. A."
          maxLength={3}
          autoCapitalize="characters"
          autoComplete="off"
        />
        <div className="sm:col-span-2">
          <TextField
            label="Description"
            name="description"
            value={values.description}
            onChange={field('description')}
            error={fieldErrors.byField.description}
          />
        </div>
        <TextField
          label="Average service time (minutes)"
          name="avg_service_minutes"
          type="number"
          inputMode="numeric"
          min={1}
          value={values.avg_service_minutes}
          onChange={field('avg_service_minutes')}
          error={fieldErrors.byField.avg_service_minutes}
        />
      </div>
    </FormShell>
  );
}
