import type { Settings } from '@/shared/api/types';
import { FormShell, TextField } from '@/shared/forms';
import { useSettingsForm } from '../hooks/useSettingsForm';

export function SettingsForm({ settings }: { settings: Settings }) {
  const form = useSettingsForm(settings);
  const { values, field, fieldErrors } = form;
  return (
    <>
      {form.saved && (
        <p role="status" data-testid="settings-saved" className="mb-4 rounded-lg border border-emerald-300 bg-emerald-50 px-4 py-3 text-emerald-900">
          Settings saved.
        </p>
      )}
      <FormShell
        title="System settings"
        error={form.error}
        errors={fieldErrors}
        submitLabel="Save settings"
        pending={form.pending}
        onSubmit={form.submit}
        testId="settings-form"
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Recalls before a no-show"
            name="max_recalls"
            type="number"
            inputMode="numeric"
            min={0}
            value={values.max_recalls}
            onChange={field('max_recalls')}
            error={fieldErrors.byField.max_recalls}
          />
          <TextField
            label="Public tickets per hour per address"
            name="public_ticket_limit_per_hour"
            type="number"
            inputMode="numeric"
            min={1}
            value={values.public_ticket_limit_per_hour}
            onChange={field('public_ticket_limit_per_hour')}
            error={fieldErrors.byField.public_ticket_limit_per_hour}
          />
          <TextField
            label="Recent calls on the display board"
            name="display_recent_count"
            type="number"
            inputMode="numeric"
            min={0}
            value={values.display_recent_count}
            onChange={field('display_recent_count')}
            error={fieldErrors.byField.display_recent_count}
          />
          <TextField
            label="Announcement language"
            name="announcement_language"
            value={values.announcement_language}
            onChange={field('announcement_language')}
            error={fieldErrors.byField.announcement_language}
            hint="A language tag such as en or de."
          />
        </div>
      </FormShell>
    </>
  );
}
