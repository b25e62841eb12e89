import { useMutation } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiError } from '@/shared/api/client';
import { session } from '@/shared/auth';
import { useCountdown } from '@/shared/hooks/useCountdown';
import { fieldErrorsFrom, useFormValues } from '@/shared/forms';

export const LOGIN_FIELDS = ['username', 'password'] as const;

/** The login form: values, the sign-in call, and its error in words. */
export function useLogin() {
  const form = useFormValues({ username: '', password: '' });
  const mutation = useMutation({
    mutationFn: ({ username, password }: { username: string; password: string }) =>
      session.login(username, password),
  });

  const error = mutation.error;
  const rateLimited = error instanceof ApiError && error.status === 429;
  const retryAfter = rateLimited ? Math.max(1, Math.ceil((error as ApiError).retryAfter ?? 1)) : 0;
  const secondsLeft = useCountdown(retryAfter, rateLimited, noop, error);

  const submit = useCallback(() => {
    mutation.mutate({ username: form.values.username.trim(), password: form.values.password });
  }, [mutation, form.values]);

  return {
    ...form,
    submit,
    pending: mutation.isPending,
    error,
    fieldErrors: fieldErrorsFrom(error, LOGIN_FIELDS),
    message: loginErrorMessage(error, secondsLeft),
    waiting: rateLimited && secondsLeft > 0,
  };
}

function noop() {}

/** The contract's login errors as the person at the desk should read them. */
export function loginErrorMessage(error: unknown, secondsLeft: number): string | null {
  if (!error) return null;
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (error.code) {
    case 'invalid_credentials':
      return 'Wrong username or password.';
    case 'rate_limited':
      return secondsLeft > 0
        ? `Too many attempts, try again in ${secondsLeft} s.`
        : 'Too many attempts, try again now.';
    case 'validation_failed':
      return 'Please fill in both fields.';
    case 'network_error':
      return 'No connection to the server. Please try again in a moment.';
    default:
      return error.status >= 500
        ? 'The service is temporarily unavailable. Please try again in a moment.'
        : error.message || 'Signing in did not work.';
  }
}
