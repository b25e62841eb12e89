import { useCallback, useState } from 'react';

/** A form's values as one object, with a setter per field: `field('name')(value)`. */
export function useFormValues<T extends Record<string, unknown>>(initial: T | (() => T)) {
  const [values, setValues] = useState<T>(initial);
  const field = useCallback(
    <K extends keyof T>(key: K) =>
      (value: T[K]) =>
        setValues((current) => ({ ...current, [key]: value })),
    [],
  );
  return { values, setValues, field };
}

/** A whole number from an input's text; undefined when blank (the API then says "required"). */
export function toInteger(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : undefined;
}

/** Only the keys whose values differ from `before`: what a PATCH sends. */
export function changedFields<T extends object>(before: Partial<T>, after: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (after[key] === undefined) continue;
    if (JSON.stringify(after[key]) !== JSON.stringify(before[key])) out[key] = after[key];
  }
  return out;
}
