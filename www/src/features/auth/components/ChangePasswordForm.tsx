import { FormShell, TextField } from '@/shared/forms';
import type { useChangePassword } from '../hooks/useChangePassword';

export function ChangePasswordForm({ form }: { form: ReturnType<typeof useChangePassword> }) {
  const { values, field, fieldErrors, error, pending, submit, confirmError } = form;
  return (
    <FormShell
      title="Change password"
      error={error}
      errors={fieldErrors}
      submitLabel="Change password"
      pending={pending}
      onSubmit={submit}
      testId="password-form"
    >
      <TextField
        label="Current password"
        name="current_password"
        type="password"
        autoComplete="current-password"
        value={values.current_password}
        onChange={field('current_password')}
        error={fieldErrors.byField.current_password}
      />
      <TextField
        label="New password"
        name="new_password"
        type="password"
        autoComplete="new-password"
        hint="8 to 128 characters; not a common password."
        value={values.new_password}
        onChange={field('new_password')}
        error={fieldErrors.byField.new_password}
      />
      <TextField
        label="New password again"
        name="confirm"
        type="password"
        autoComplete="new-password"
        value={values.confirm}
        onChange={field('confirm')}
        error={confirmError}
      />
    </FormShell>
  );
}
