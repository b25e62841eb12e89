/**
 * The one way the SPA talks to the REST API (`/api/v1`, same origin).
 * Non-2xx replies become an ApiError carrying the contract's error body
 * `{"error": {"code", "message", "details"}}`; a failed fetch becomes an
 * ApiError with status 0 and code `network_error`.
 *
 * Authenticated calls (`auth: true`) carry `Authorization: Bearer <access token>`.
 * The token comes from the auth bridge that `shared/auth` installs; on a 401
 * `token_expired` or `invalid_token` the bridge refreshes (once, shared by every
 * request that failed at the same time) and the request is retried once.
 */

export const API_BASE = '/api/v1';

export interface ApiErrorDetail {
  field?: string;
  issue?: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ApiErrorDetail[] | Record<string, unknown> | null;
  /** Seconds from a `Retry-After` header, when the server sent one. */
  readonly retryAfter: number | null;

  constructor(
    status: number,
    code: string,
    message: string,
    details: ApiError['details'] = null,
    retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Send the access token, and refresh it once on a 401 `token_expired`/`invalid_token`. */
  auth?: boolean;
}

/** What the client needs from the session; installed by `shared/auth`. */
export interface AuthBridge {
  /** The current access token, refreshed first if it is about to expire; null when signed out. */
  getAccessToken(): Promise<string | null>;
  /**
   * A request sent with `usedToken` was refused as expired or invalid. Resolve to the token to
   * retry with (a newer one if another request already refreshed, else a fresh one), or null when
   * the session has ended.
   */
  renewAfterRejection(usedToken: string | null): Promise<string | null>;
}

let authBridge: AuthBridge | null = null;

export function setAuthBridge(bridge: AuthBridge | null) {
  authBridge = bridge;
}

/** 401 codes that a fresh access token may cure. */
const RENEWABLE_401 = new Set(['token_expired', 'invalid_token']);

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.round((date - Date.now()) / 1000));
}

async function errorFromResponse(res: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(res.headers.get('Retry-After'));
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (e.g. an nginx error page): fall through to a generic error.
  }
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)
    ?.error;
  if (err && typeof err.code === 'string') {
    return new ApiError(
      res.status,
      err.code,
      typeof err.message === 'string' ? err.message : res.statusText,
      (err.details as ApiError['details']) ?? null,
      retryAfter,
    );
  }
  return new ApiError(res.status, `http_${res.status}`, res.statusText || 'request failed', null, retryAfter);
}

async function send(path: string, options: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (token) headers.Authorization = `Bearer ${token}`;

  try {
    return await fetch(`${API_BASE}${path}`, {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
      credentials: 'same-origin',
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', 'the server cannot be reached');
  }
}

/**
 * The successful reply itself, unread: for a route that answers with a file
 * rather than JSON (pass its type as `headers.Accept`). The token, the renewal
 * on a 401 and the errors are those of `apiRequest`.
 */
export async function apiResponse(path: string, options: RequestOptions = {}): Promise<Response> {
  const token = options.auth && authBridge ? await authBridge.getAccessToken() : null;
  let res = await send(path, options, token);

  if (!res.ok && res.status === 401 && options.auth && authBridge) {
    const error = await errorFromResponse(res);
    if (!RENEWABLE_401.has(error.code)) throw error;
    const renewed = await authBridge.renewAfterRejection(token);
    if (!renewed) throw error;
    res = await send(path, options, renewed);
  }

  if (!res.ok) throw await errorFromResponse(res);
  return res;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await apiResponse(path, options);
  if (res.status === 204) return undefined as T;
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError(res.status, 'bad_response', 'the server sent a reply that is not JSON');
  }
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => apiRequest<T>(path, { signal }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
    apiRequest<T>(path, { method: 'POST', body, headers }),
};

/** The same calls with the signed-in person's bearer token. */
export const authApi = {
  get: <T>(path: string, signal?: AbortSignal) => apiRequest<T>(path, { signal, auth: true }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body, auth: true }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PATCH', body, auth: true }),
  delete: <T = void>(path: string) => apiRequest<T>(path, { method: 'DELETE', auth: true }),
};

/** `?a=1&b=x` from the defined values, or an empty string. */
export function queryString(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Whether a failed request is worth retrying as is (never for 4xx other than 429). */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504;
}
