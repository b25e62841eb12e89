import type { FormEvent, ReactNode } from 'react';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { Button } from '@/shared/components/Button';
import { isFormLevelError, type FieldErrors } from './fieldErrors';

interface FormShellProps {
  title: string;
  /** Form-level errors: anything the fields do not show themselves. */
  error: unknown;
  errors: FieldErrors;
  submitLabel: string;
  pending: boolean;
  onSubmit: () => void;
  onCancel?: () => void;
  children: ReactNode;
  testId?: string;
}

/** A titled form panel: the fields, the errors that belong to no field, and the buttons. */
export function FormShell({
  title,
  error,
  errors,
  submitLabel,
  pending,
  onSubmit,
  onCancel,
  children,
  testId,
}: FormShellProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!pending) onSubmit();
  };
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={title}
      data-testid={testId}
      className="flex flex-col gap-4 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm"
    >
      <h2 className="text-lg font-semibold">{title}</h2>
      {isFormLevelError(error, errors) && (
        <ErrorNotice error={error} />
      )}
      {errors.other.length > 0 && (
        <ul className="list-disc pl-6 text-sm text-red-700" data-testid="form-errors">
          {errors.other.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      )}
      {children}
      <div className="flex gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </Button>
        {onCancel && (
          <Button type="button" variant="secondary" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
