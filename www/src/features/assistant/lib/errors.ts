import { ApiError } from '@/shared/api/client';

export interface ErrorLine {
  text: string;
  /** Asking again may well work (an outage, a limit). */
  retry: boolean;
  /** Seconds to wait before asking again (a 429's `Retry-After`). */
  waitSeconds: number;
}

/** A failed question as one friendly line of the chat. */
export function errorLine(error: unknown): ErrorLine {
  if (!(error instanceof ApiError)) {
    return { text: 'Something went wrong. Please try again.', retry: true, waitSeconds: 0 };
  }
  switch (error.status) {
    case 0:
      return {
        text: 'I can’t reach the server right now. Check the connection, then try again.',
        retry: true,
        waitSeconds: 0,
      };
    case 429: {
      const seconds = Math.max(1, Math.ceil(error.retryAfter ?? 60));
      return {
        text: `That is a lot of questions in one minute: please ask again in about ${seconds} s.`,
        retry: true,
        waitSeconds: seconds,
      };
    }
    case 401:
    case 403:
      return { text: 'Your session has ended: please sign in again.', retry: false, waitSeconds: 0 };
    case 404:
      return { text: 'I can only answer about a department you work with.', retry: false, waitSeconds: 0 };
    case 413:
      return { text: 'That question is too long for me.', retry: false, waitSeconds: 0 };
    default:
      if (error.status >= 500) {
        return { text: 'Something went wrong on the server. Please try again in a moment.', retry: true, waitSeconds: 0 };
      }
      return {
        text: `I couldn’t take that question${error.message ? ` (${error.message})` : ''}.`,
        retry: false,
        waitSeconds: 0,
      };
  }
}
