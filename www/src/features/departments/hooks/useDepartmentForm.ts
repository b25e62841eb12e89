import { useCallback } from 'react';
import type { Department, TimeSpan, Weekday } from '@/shared/api/types';
import { changedFields, fieldErrorsFrom, toInteger, useFormValues } from '@/shared/forms';
import { useSaveDepartment, type DepartmentInput } from '../api/departments';
import { DEFAULT_SPAN, draftFromHours, hoursFromDraft, type HoursDraft } from './openingHours';

export const DEPARTMENT_FIELDS = ['name', 'timezone', 'sla_wait_minutes', 'opening_hours'] as const;

interface DepartmentValues extends Record<string, unknown> {
  name: string;
  timezone: string;
  sla_wait_minutes: string;
  hours: HoursDraft;
}

function initialValues(department: Department | undefined): DepartmentValues {
  return {
    name: department?.name ?? '',
    timezone: department?.timezone ?? defaultTimezone(),
    sla_wait_minutes: department ? String(department.sla_wait_minutes) : '20',
    hours: draftFromHours(department?.opening_hours ?? null),
  };
}

function defaultTimezone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The department form: values, the opening-hours editor's actions, and save. */
export function useDepartmentForm(department: Department | undefined, onSaved: (saved: Department) => void) {
  const form = useFormValues<DepartmentValues>(() => initialValues(department));
  const save = useSaveDepartment();
  const { values, setValues } = form;

  const setHours = useCallback(
    (update: (hours: HoursDraft) => HoursDraft) => setValues((v) => ({ ...v, hours: update(v.hours) })),
    [setValues],
  );
  const hoursActions = {
    setAlwaysOpen: (alwaysOpen: boolean) => setHours((h) => ({ ...h, alwaysOpen })),
    setDayOpen: (day: Weekday, open: boolean) =>
      setHours((h) => ({ ...h, days: { ...h.days, [day]: open ? [[...DEFAULT_SPAN]] : [] } })),
    addSpan: (day: Weekday) =>
      setHours((h) => {
        const last = h.days[day][h.days[day].length - 1];
        const span: TimeSpan = last ? [last[1], last[1] < '22:00' ? '22:00' : '23:59'] : [...DEFAULT_SPAN];
        return { ...h, days: { ...h.days, [day]: [...h.days[day], span] } };
      }),
    removeSpan: (day: Weekday, index: number) =>
      setHours((h) => ({ ...h, days: { ...h.days, [day]: h.days[day].filter((_, i) => i !== index) } })),
    setSpan: (day: Weekday, index: number, part: 0 | 1, time: string) =>
      setHours((h) => ({
        ...h,
        days: {
          ...h.days,
          [day]: h.days[day].map((span, i) => (i === index ? (part === 0 ? [time, span[1]] : [span[0], time]) : span)),
        },
      })),
  };

  const submit = useCallback(() => {
    const body: DepartmentInput = {
      name: values.name.trim(),
      timezone: values.timezone.trim(),
      sla_wait_minutes: toInteger(values.sla_wait_minutes),
      opening_hours: hoursFromDraft(values.hours),
    };
    const payload = department ? changedFields<DepartmentInput>(department, body) : body;
    if (department && Object.keys(payload).length === 0) return onSaved(department);
    save.mutate({ id: department?.id ?? null, body: payload }, { onSuccess: onSaved });
  }, [values, department, save, onSaved]);

  return {
    ...form,
    hoursActions,
    submit,
    pending: save.isPending,
    error: save.error,
    fieldErrors: fieldErrorsFrom(save.error, DEPARTMENT_FIELDS),
  };
}
