import { ApiError } from '@/shared/api/client';
import { friendlyError } from '@/shared/lib/friendlyError';

/** What an issue of `POST /schedules` means, by field, in words. */
const ISSUES: Record<string, Record<string, string>> = {
  user_id: {
    not_in_department: 'This person is not in the department.',
    inactive: 'This person’s account is deactivated.',
    required: 'Choose a person.',
  },
  shift_id: {
    inactive: 'This shift is retired.',
    not_found: 'This shift does not exist.',
    required: 'Choose a shift.',
    too_many_departments: 'The shifts belong to different departments.',
  },
  counter_id: {
    not_in_department: 'This counter is not in the department.',
    inactive: 'This counter is retired.',
  },
  date: {
    overlaps: 'It overlaps another shift of this person.',
    invalid: 'Not a date.',
    required: 'Choose a day.',
  },
};

function sentence(text: string): string {
  if (!text) return text;
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

export interface ScheduleFailure {
  /** The API's words, as a sentence. */
  message: string;
  /** `409 schedule_conflict` with an existing schedule in the way: its id. */
  conflictId: number | null;
  /** A bulk request's bad item (`items[i].<field>`): i. */
  itemIndex: number | null;
  code: string | null;
}

/**
 * A failed schedule request as one sentence for the cell it concerns: the
 * API's message for a conflict (it names the schedule in the way), the field's
 * issue for a refused value, the usual words for anything else.
 */
export function scheduleFailure(error: unknown): ScheduleFailure {
  if (!(error instanceof ApiError)) {
    const f = friendlyError(error);
    return { message: [f.title, f.detail].filter(Boolean).join(' '), conflictId: null, itemIndex: null, code: null };
  }
  const details = Array.isArray(error.details) ? error.details : [];
  let conflictId: number | null = null;
  let itemIndex: number | null = null;
  let fieldText: string | null = null;
  for (const d of details) {
    const field = typeof d.field === 'string' ? d.field : '';
    const m = /^items\[(\d+)\]\.(.+)$/.exec(field);
    if (m && itemIndex === null) itemIndex = Number(m[1]);
    const name = m ? m[2] : field;
    if (name === 'schedule_id' && typeof d.schedule_id === 'number') conflictId = d.schedule_id;
    else if (fieldText === null && typeof d.issue === 'string') fieldText = ISSUES[name]?.[d.issue] ?? null;
  }
  let message: string;
  if (error.code === 'schedule_conflict') message = sentence(`Conflict: ${error.message}`);
  else if (error.code === 'validation_failed') message = fieldText ?? sentence(error.message);
  else {
    const f = friendlyError(error);
    message = error.message && error.status >= 400 && error.status < 500 ? sentence(error.message) : [f.title, f.detail].filter(Boolean).join(' ');
  }
  return { message, conflictId, itemIndex, code: error.code };
}

/** A shift request's failure (409 conflicts say why, e.g. future schedules), as one sentence. */
export function shiftFailure(error: unknown): string {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
    return sentence(error.message);
  }
  const f = friendlyError(error);
  return [f.title, f.detail].filter(Boolean).join(' ');
}
