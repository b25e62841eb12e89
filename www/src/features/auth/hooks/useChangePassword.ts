import { useMutation } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { ApiError } from '@/shared/api/client';
import { session } from '@/shared/auth';
import { fieldErrorsFrom, useFormValues } from '@/shared/forms';

export const PASSWORD_FIELDS = ['current_password', 'new_password'] as const;

const EMPTY = { current_password: '', new_password: '', confirm: '' };

/** `POST /auth/password`; the session continues with the new token pair. */
export function useChangePassword() {
  const form = useFormValues(EMPTY);
  const [mismatch, setMismatch] = useState(false);
  const mutation = useMutation({
    mutationFn: (body: { current_password: string; new_password: string }) =>
      session.changePassword(body.current_password, body.new_password),
    onSuccess: () => form.setValues(EMPTY),
  });

  const submit = useCallback(() => {
    const { current_password, new_password, confirm } = form.values;
    if (new_password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    mutation.mutate({ current_password, new_password });
  }, [form.values, mutation]);

  const error = mutation.error;
  const fieldErrors = fieldErrorsFrom(error, PASSWORD_FIELDS);
  // A wrong current password may come back as 401 invalid_credentials: show it at that field.
  if (error instanceof ApiError && error.code === 'invalid_credentials') {
    fieldErrors.byField = { ...fieldErrors.byField, current_password: 'Wrong password.' };
  }
  const formError = error instanceof ApiError && error.code === 'invalid_credentials' ? null : error;

  return {
    ...form,
    submit,
    pending: mutation.isPending,
    done: mutation.isSuccess,
    error: formError,
    fieldErrors,
    confirmError: mismatch ? 'The two new passwords differ.' : undefined,
  };
}
