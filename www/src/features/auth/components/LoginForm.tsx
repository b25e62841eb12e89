import type { FormEvent } from 'react';
import { ApiError } from '@/shared/api/client';
import { Button } from '@/shared/components/Button';
import { TextField } from '@/shared/forms';
import type { useLogin } from '../hooks/useLogin';

export function LoginForm({ login }: { login: ReturnType<typeof useLogin> }) {
  const { values, field, fieldErrors, message, error, pending, waiting, submit } = login;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!pending && !waiting) submit();
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Sign in" className="flex flex-col gap-4" data-testid="login-form">
      {message && (
        <p
          role="alert"
          data-testid="login-error"
          data-error-code={error instanceof ApiError ? error.code : undefined}
          className="rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-red-900"
        >
          {message}
        </p>
      )}
      <TextField
        label="Username"
        name="username"
        value={values.username}
        onChange={field('username')}
        error={fieldErrors.byField.username}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        autoFocus
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        value={values.password}
        onChange={field('password')}
        error={fieldErrors.byField.password}
        autoComplete="current-password"
      />
      <Button type="submit" disabled={pending || waiting} className="mt-2 py-2.5">
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
