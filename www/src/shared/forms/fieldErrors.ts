import { ApiError } from '@/shared/api/client';

export interface FieldErrors {
  /** The issue for each of the form's own fields, in words. */
  byField: Record<string, string>;
  /** Details that match none of the form's fields, in words. */
  other: string[];
}

const NO_ERRORS: FieldErrors = { byField: {}, other: [] };

const ISSUE_TEXT: Record<string, string> = {
  required: 'Required.',
  missing: 'Required.',
  invalid: 'Not valid.',
  invalid_type: 'Not the right kind of value.',
  wrong_type: 'Not the right kind of value.',
  too_short: 'Too short.',
  too_long: 'Too long.',
  too_small: 'Too small.',
  too_large: 'Too large.',
  out_of_range: 'Out of range.',
  duplicate: 'Already taken.',
  taken: 'Already taken.',
  exists: 'Already taken.',
  already_exists: 'Already taken.',
  not_unique: 'Already taken.',
  unique: 'Already taken.',
  not_found: 'Does not exist.',
  unknown: 'Not known.',
  unknown_field: 'Not expected.',
  too_common: 'Too common: choose a less guessable password.',
  common: 'Too common: choose a less guessable password.',
  forbidden: 'Not allowed.',
};

/** An API issue (`"too_long"`, or a sentence) as words for the person filling the form. */
export function describeIssue(issue: string | undefined): string {
  if (!issue) return 'Not valid.';
  const known = ISSUE_TEXT[issue.toLowerCase()];
  if (known) return known;
  const text = issue.replace(/_/g, ' ').trim();
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** Whether `detailField` (e.g. `opening_hours.mon[0]`) belongs to the form field `field`. */
function belongsTo(detailField: string, field: string): boolean {
  return (
    detailField === field || detailField.startsWith(`${field}.`) || detailField.startsWith(`${field}[`)
  );
}

/**
 * Sort a `400 validation_failed` reply's `details: [{field, issue}]` onto the form's fields.
 * Anything else (not an ApiError, another code) gives no field errors: show it as a whole.
 */
export function fieldErrorsFrom(error: unknown, fields: readonly string[]): FieldErrors {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return NO_ERRORS;
  const details = Array.isArray(error.details) ? error.details : [];
  const byField: Record<string, string> = {};
  const other: string[] = [];
  for (const detail of details) {
    const detailField = typeof detail.field === 'string' ? detail.field : '';
    const issue = describeIssue(typeof detail.issue === 'string' ? detail.issue : undefined);
    const field = fields.find((f) => belongsTo(detailField, f));
    if (field) byField[field] = byField[field] ? `${byField[field]} ${issue}` : issue;
    else other.push(detailField ? `${detailField}: ${issue}` : issue);
  }
  if (details.length === 0) other.push(describeIssue(error.message));
  return { byField, other };
}

/** Whether an error is to be shown as a whole (not only next to fields). */
export function isFormLevelError(error: unknown, errors: FieldErrors): boolean {
  if (!error) return false;
  if (error instanceof ApiError && error.code === 'validation_failed') return errors.other.length > 0;
  return true;
}
