import { API_BASE, ApiError, queryString } from '@/shared/api/client';
import { session } from '@/shared/auth';

export interface ExportRange {
  departmentId: number | null;
  from: string | null;
  to: string | null;
}

/** 401 codes that a fresh access token may cure (as the API client does). */
const RENEWABLE_401 = new Set(['token_expired', 'invalid_token']);

async function fetchCsv(path: string, token: string | null): Promise<Response> {
  try {
    return await fetch(`${API_BASE}${path}`, {
      headers: { Accept: 'text/csv', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
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

/** `filename="qstream-3-2026-11-01-2026-11-30.csv"` (or RFC 5987 `filename*=`), else a name of ours. */
export function fileNameOf(disposition: string | null, fallback: string): string {
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
 * `GET /dashboard/export.csv` needs the bearer token, so a plain link cannot
 * fetch it: fetch it here, then hand the browser the file through an object
 * URL and a temporary `<a download>`. Resolves to the file name.
 */
export async function downloadCsv({ departmentId, from, to }: ExportRange): Promise<string> {
  const path = `/dashboard/export.csv${queryString({ department_id: departmentId, from, to })}`;
  const token = await session.getAccessToken();
  let res = await fetchCsv(path, token);
  if (res.status === 401) {
    const error = await errorOf(res);
    if (!RENEWABLE_401.has(error.code)) throw error;
    const renewed = await session.renewAfterRejection(token);
    if (!renewed) throw error;
    res = await fetchCsv(path, renewed);
  }
  if (!res.ok) throw await errorOf(res);

  const blob = await res.blob();
  const name = fileNameOf(
    res.headers.get('Content-Disposition'),
    `qstream-${departmentId ?? 'all'}-${from ?? 'from'}-${to ?? 'to'}.csv`,
  );
  const url = URL.createObjectURL(blob);
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
