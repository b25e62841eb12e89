import { useCallback } from 'react';
import type { Service } from '@/shared/api/types';
import { changedFields, fieldErrorsFrom, toInteger, useFormValues } from '@/shared/forms';
import { useSaveService, type ServiceInput } from '../api/services';

export const SERVICE_FIELDS = ['name', 'prefix', 'description', 'avg_service_minutes'] as const;

function initialValues(service: Service | null) {
  return {
    name: service?.name ?? '',
    prefix: service?.prefix ?? '',
    description: service?.description ?? '',
    avg_service_minutes: service ? String(service.avg_service_minutes) : '',
  };
}

/** The service form (create when `service` is null). */
export function useServiceForm(departmentId: number | null, service: Service | null, onSaved: () => void) {
  const form = useFormValues(() => initialValues(service));
  const save = useSaveService(departmentId);
  const { values } = form;

  const submit = useCallback(() => {
    const description = values.description.trim();
    const body: ServiceInput = {
      name: values.name.trim(),
      prefix: values.prefix.trim(),
      avg_service_minutes: toInteger(values.avg_service_minutes),
    };
    if (service) body.description = description;
    else if (description) body.description = description;
    const payload = service ? changedFields<ServiceInput>({ ...service, description: service.description ?? '' }, body) : body;
    if (service && Object.keys(payload).length === 0) return onSaved();
    save.mutate({ id: service?.id ?? null, body: payload }, { onSuccess: onSaved });
  }, [values, service, save, onSaved]);

  return {
    ...form,
    setPrefix: (text: string) => form.field('prefix')(text.toUpperCase()),
    submit,
    pending: save.isPending,
    error: save.error,
    fieldErrors: fieldErrorsFrom(save.error, SERVICE_FIELDS),
  };
}
