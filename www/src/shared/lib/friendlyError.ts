import { ApiError } from '@/shared/api/client';

export interface FriendlyError {
  title: string;
  detail: string | null;
  /** A 429 or an outage: trying again shortly will likely work. */
  transient: boolean;
}

/** Turn anything thrown by a request into words for a person at a kiosk or desk. */
export function friendlyError(error: unknown): FriendlyError {
  if (!(error instanceof ApiError)) {
    return { title: 'Something went wrong.', detail: 'Please try again.', transient: true };
  }
  switch (error.status) {
    case 0:
      return {
        title: 'No connection to the server.',
        detail: 'Please try again in a moment.',
        transient: true,
      };
    case 429: {
      const wait = error.retryAfter ? ` (about ${Math.max(1, Math.ceil(error.retryAfter))} s)` : '';
      return {
        title: 'Please wait a moment.',
        detail: `Too many requests right now. Try again shortly${wait}.`,
        transient: true,
      };
    }
    case 404:
      return { title: 'Not found.', detail: capitalize(error.message), transient: false };
    case 409:
      return { title: 'That is not possible right now.', detail: capitalize(error.message), transient: false };
    case 502:
    case 503:
    case 504:
      return {
        title: 'The service is temporarily unavailable.',
        detail: 'Please try again in a moment.',
        transient: true,
      };
    default:
      if (error.status >= 500) {
        return { title: 'Something went wrong on our side.', detail: 'Please try again.', transient: true };
      }
      return { title: 'The request was not accepted.', detail: capitalize(error.message), transient: false };
  }
}

function capitalize(text: string): string | null {
  if (!text) return null;
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
}
