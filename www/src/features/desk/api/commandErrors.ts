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

/** The refusals a desk meets, in the words of the desk. */
export function describeCommandError(error: unknown): { title: string; detail: string | null; code: string | null } {
  if (error instanceof ApiError && error.status === 409) {
    switch (error.code) {
      case 'no_waiting_ticket':
        return { title: 'Nobody is waiting.', detail: 'There is no waiting ticket for the services of your counter.', code: error.code };
      case 'active_ticket_exists':
        return {
          title: 'You already have a ticket.',
          detail: 'Complete it, mark it as a no-show or put it back in the queue before calling the next one.',
          code: error.code,
        };
      case 'conflict':
        return {
          title: 'Your counter is not open.',
          detail: `${capitalize(error.message)} Open or resume your counter, then try again.`,
          code: error.code,
        };
      case 'invalid_transition': {
        const current = currentStatus(error);
        return {
          title: current ? `That ticket is ${STATUS_WORDS[current] ?? current} now.` : 'That is not possible for this ticket now.',
          detail: `${capitalize(error.message)} Someone may have changed it a moment ago; the list is up to date again.`,
          code: error.code,
        };
      }
    }
  }
  const { title, detail } = friendlyError(error);
  return { title, detail, code: error instanceof ApiError ? error.code : null };
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
