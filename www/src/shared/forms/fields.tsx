import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';

const inputClass =
  'w-full rounded-lg border bg-white px-3 py-2 text-slate-900 shadow-sm focus:outline-none focus-visible:ring-4 disabled:bg-slate-100 disabled:text-slate-500';
const okBorder = 'border-slate-300 focus-visible:ring-indigo-200';
const badBorder = 'border-red-500 focus-visible:ring-red-200';

interface FieldShellProps {
  id: string;
  name: string;
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}

/** Label above, the control, then the hint and the API's issue (tied to the control by id). */
function FieldShell({ id, name, label, error, hint, children }: FieldShellProps) {
  return (
    <div className="flex flex-col gap-1" data-field={name}>
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700" data-testid="field-error" data-field={name}>
          {error}
        </p>
      )}
    </div>
  );
}

function describedBy(id: string, error?: string, hint?: string) {
  const ids = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'name'> & {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
};

export function TextField({ label, name, value, onChange, error, hint, ...rest }: TextFieldProps) {
  const id = `${useId()}-${name}`;
  return (
    <FieldShell id={id} name={name} label={label} error={error} hint={hint}>
      <input
        id={id}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        className={`${inputClass} ${error ? badBorder : okBorder}`}
        {...rest}
      />
    </FieldShell>
  );
}

type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value' | 'name'> & {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
  error?: string;
  hint?: string;
};

export function SelectField({ label, name, value, onChange, options, error, hint, ...rest }: SelectFieldProps) {
  const id = `${useId()}-${name}`;
  return (
    <FieldShell id={id} name={name} label={label} error={error} hint={hint}>
      <select
        id={id}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        className={`${inputClass} ${error ? badBorder : okBorder}`}
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

interface CheckboxFieldProps {
  label: string;
  name: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string;
  disabled?: boolean;
}

export function CheckboxField({ label, name, checked, onChange, error, disabled }: CheckboxFieldProps) {
  const id = `${useId()}-${name}`;
  return (
    <div className="flex flex-col gap-1" data-field={name}>
      <label htmlFor={id} className="inline-flex items-center gap-2 text-sm font-medium text-slate-700">
        <input
          id={id}
          name={name}
          type="checkbox"
          checked={checked}
          disabled={disabled}
          onChange={(e) => onChange(e.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className="h-4 w-4 rounded border-slate-300 text-indigo-600"
        />
        {label}
      </label>
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700" data-testid="field-error" data-field={name}>
          {error}
        </p>
      )}
    </div>
  );
}
