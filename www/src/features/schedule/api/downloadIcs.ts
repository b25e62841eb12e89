import { API_BASE, ApiError, queryString } from '@/shared/api/client';
import { session } from '@/shared/auth';

/** 401 codes that a fresh access token may cure (as the API client does). */
const RENEWABLE_401 = new Set(['token_expired', 'invalid_token']);

async function fetchIcs(path: string, token: string | null): Promise<Response> {
  try {
    return await fetch(`${API_BASE}${path}`, {
      headers: { Accept: 'text/calendar', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network_error', 'the server cannot be reached');
  }
}

async function errorOf(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error?.code) {
      return new ApiError(res.status, body.error.code, body.error.message ?? res.statusText, (body.error.details as ApiError['details']) ?? null);
    }
  } catch {
    // Not the contract's error body (an nginx page): a generic error.
  }
  return new ApiError(res.status, `http_${res.status}`, res.statusText || 'request failed');
}

/** `filename="..."` (or RFC 5987 `filename*=`) of a Content-Disposition, else `fallback`. */
function fileNameOf(disposition: string | null, fallback: string): string {
  if (disposition) {
    const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
    if (extended) {
      try {
        return decodeURIComponent(extended[1].trim());
      } catch {
        // Malformed: try the plain one.
      }
    }
    const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(disposition);
    const name = (plain?.[1] ?? plain?.[2] ?? '').trim();
    if (name) return name.replace(/[/\\]/g, '_');
  }
  return fallback;
}

/**
 * `GET /schedules/me.ics` needs the bearer token, so a plain link cannot
 * fetch it: fetch it here, then hand the browser the file through an object
 * URL and a temporary `<a download>`. Resolves to the file name.
 */
export async function downloadMyCalendar({ from, to }: { from: string | null; to: string | null }): Promise<string> {
  const path = `/schedules/me.ics${queryString({ from, to })}`;
  const token = await session.getAccessToken();
  let res = await fetchIcs(path, token);
  if (res.status === 401) {
    const error = await errorOf(res);
    if (!RENEWABLE_401.has(error.code)) throw error;
    const renewed = await session.renewAfterRejection(token);
    if (!renewed) throw error;
    res = await fetchIcs(path, renewed);
  }
  if (!res.ok) throw await errorOf(res);

  const blob = await res.blob();
  const name = fileNameOf(res.headers.get('Content-Disposition'), 'my-schedule.ics');
  const url = URL.createObjectURL(new Blob([blob], { type: 'text/calendar' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started from the URL; let it finish before freeing it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
