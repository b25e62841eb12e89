import { useCallback } from 'react';
import type { Counter } from '@/shared/api/types';
import { changedFields, fieldErrorsFrom, useFormValues } from '@/shared/forms';
import { useSaveCounter, type CounterInput } from '../api/counters';

export const COUNTER_FIELDS = ['name', 'service_ids'] as const;

/** The counter form (create when `counter` is null). No service ticked = every service. */
export function useCounterForm(departmentId: number | null, counter: Counter | null, onSaved: () => void) {
  const form = useFormValues<{ name: string; service_ids: number[] }>(() => ({
    name: counter?.name ?? '',
    service_ids: counter ? [...counter.service_ids] : [],
  }));
  const save = useSaveCounter(departmentId);
  const { values, setValues } = form;

  const toggleService = useCallback(
    (id: number, on: boolean) =>
      setValues((v) => ({
        ...v,
        service_ids: on ? [...new Set([...v.service_ids, id])].sort((a, b) => a - b) : v.service_ids.filter((s) => s !== id),
      })),
    [setValues],
  );

  const submit = useCallback(() => {
    const body: CounterInput = { name: values.name.trim(), service_ids: values.service_ids };
    const before = counter ? { name: counter.name, service_ids: [...counter.service_ids].sort((a, b) => a - b) } : {};
    const payload = counter ? changedFields<CounterInput>(before, body) : body;
    if (counter && Object.keys(payload).length === 0) return onSaved();
    save.mutate({ id: counter?.id ?? null, body: payload }, { onSuccess: onSaved });
  }, [values, counter, save, onSaved]);

  return {
    ...form,
    toggleService,
    submit,
    pending: save.isPending,
    error: save.error,
    fieldErrors: fieldErrorsFrom(save.error, COUNTER_FIELDS),
  };
}
