import { ApiError } from '@/shared/api/client';
import { friendlyError } from '@/shared/lib/friendlyError';

const STATUS_WORDS: Record<string, string> = {
  waiting: 'waiting',
  called: 'called',
  serving: 'being served',
  completed: 'completed',
  no_show: 'marked as a no-show',
  cancelled: 'cancelled',
};

/**
 * The reasons of a 409 `conflict` that a desk branches on: the API names one
 * in `details` as `{field, issue}` (fcgi/openapi.json, Error), and each gets
 * its own sentence here.
 */
const CONFLICT_REASONS: Record<string, { title: string; detail: string }> = {
  counter_not_open: {
    title: 'Your counter is not open.',
    detail: 'Open your counter, then try again.',
  },
  counter_paused: {
    title: 'Your counter is paused.',
    detail: 'Resume your counter, then try again.',
  },
  counter_taken: {
    title: 'Someone else has this counter open.',
    detail: 'Choose a free counter, or ask a manager to close this one.',
  },
  counter_inactive: {
    title: 'This counter is out of use.',
    detail: 'Choose another counter; a manager can put this one back in use.',
  },
  other_counter_open: {
    title: 'You already have another counter open.',
    detail: 'Close your other counter first: one person works at one counter at a time.',
  },
  counter_other_department: {
    title: 'That ticket is for another department.',
    detail: 'Your counter belongs to a different department; call it from a counter of its own department.',
  },
  service_not_served: {
    title: 'Your counter does not serve this service.',
    detail: 'Transfer the ticket to a service your counter serves, or let a counter that serves it call it.',
  },
};

/** The reason a 409 `conflict` names in its details, if any. */
export function conflictReason(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 409 || !Array.isArray(error.details)) return null;
  const known = error.details.find((d) => typeof d.issue === 'string' && d.issue in CONFLICT_REASONS);
  const any = known ?? error.details.find((d) => typeof d.issue === 'string');
  return typeof any?.issue === 'string' ? any.issue : null;
}

/** The refusals a desk meets, in the words of the desk. */
export function describeCommandError(error: unknown): {
  title: string;
  detail: string | null;
  code: string | null;
  reason: string | null;
} {
  if (error instanceof ApiError && error.status === 409) {
    const reason = conflictReason(error);
    switch (error.code) {
      case 'no_waiting_ticket':
        return { title: 'Nobody is waiting.', detail: 'There is no waiting ticket for the services of your counter.', code: error.code, reason };
      case 'active_ticket_exists':
        return {
          title: 'You already have a ticket.',
          detail: 'Complete it, mark it as a no-show or put it back in the queue before calling the next one.',
          code: error.code,
          reason,
        };
      case 'conflict': {
        const known = reason ? CONFLICT_REASONS[reason] : undefined;
        if (known) return { ...known, code: error.code, reason };
        // a refusal without a reason this desk knows: the server's words
        return {
          title: 'That is not possible right now.',
          detail: capitalize(error.message) || null,
          code: error.code,
          reason,
        };
      }
      case 'invalid_transition': {
        const current = currentStatus(error);
        return {
          title: current ? `That ticket is ${STATUS_WORDS[current] ?? current} now.` : 'That is not possible for this ticket now.',
          detail: `${capitalize(error.message)} Someone may have changed it a moment ago; the list is up to date again.`,
          code: error.code,
          reason,
        };
      }
    }
  }
  const { title, detail } = friendlyError(error);
  return { title, detail, code: error instanceof ApiError ? error.code : null, reason: conflictReason(error) };
}

function currentStatus(error: ApiError): string | null {
  if (!Array.isArray(error.details)) return null;
  const detail = error.details.find((d) => d.issue === 'current' || d.field === 'status');
  return typeof detail?.current_status === 'string' ? detail.current_status : null;
}

function capitalize(text: string): string {
  if (!text) return '';
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
}
