import { useCallback } from 'react';
import type { Settings } from '@/shared/api/types';
import { changedFields, fieldErrorsFrom, toInteger, useFormValues } from '@/shared/forms';
import { useUpdateSettings } from '../api/settings';

export const SETTINGS_FIELDS = [
  'max_recalls',
  'public_ticket_limit_per_hour',
  'display_recent_count',
  'announcement_language',
] as const;

export function useSettingsForm(settings: Settings) {
  const form = useFormValues(() => ({
    max_recalls: String(settings.max_recalls),
    public_ticket_limit_per_hour: String(settings.public_ticket_limit_per_hour),
    display_recent_count: String(settings.display_recent_count),
    announcement_language: settings.announcement_language,
  }));
  const update = useUpdateSettings();
  const { values } = form;

  const submit = useCallback(() => {
    const next = {
      max_recalls: toInteger(values.max_recalls),
      public_ticket_limit_per_hour: toInteger(values.public_ticket_limit_per_hour),
      display_recent_count: toInteger(values.display_recent_count),
      announcement_language: values.announcement_language.trim(),
    };
    const changes = changedFields<typeof next>(settings, next) as Partial<Settings>;
    if (Object.keys(changes).length === 0) return;
    update.mutate(changes);
  }, [values, settings, update]);

  return {
    ...form,
    submit,
    pending: update.isPending,
    saved: update.isSuccess,
    error: update.error,
    fieldErrors: fieldErrorsFrom(update.error, SETTINGS_FIELDS),
  };
}
