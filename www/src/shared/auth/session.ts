import { ApiError, apiRequest, setAuthBridge } from '@/shared/api/client';
import type { TokenReply, User } from '@/shared/api/types';

/**
 * The signed-in person, outside React.
 *
 * - The access token lives only in memory; the refresh token in localStorage
 *   (`qstream.refresh`), so that a reload restores the session through
 *   `POST /auth/refresh`.
 * - Refresh tokens rotate: every reply's new one replaces the old at once, and
 *   a used one ends the session. So there is never more than one refresh in
 *   flight (single-flight here, and a Web Lock across the tabs of the browser).
 * - The access token is renewed quietly about a minute before it expires, and
 *   on a 401 `token_expired`/`invalid_token` (see `shared/api/client`).
 * - When a refresh is refused, the session ends with the `session_ended` notice;
 *   the route guards then send the person to /login.
 */

export const REFRESH_STORAGE_KEY = 'qstream.refresh';
const REFRESH_LOCK = 'qstream.refresh';
/** Renew this long before the access token expires. */
const RENEW_EARLY_MS = 60_000;
/** Never renew sooner than this after getting a token (a very short `expires_in`). */
const MIN_RENEW_DELAY_MS = 5_000;
/** A token this close to its expiry is renewed before use rather than sent. */
const EXPIRY_MARGIN_MS = 5_000;
const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

export type SessionStatus = 'restoring' | 'authenticated' | 'anonymous';
export type SessionNotice = 'session_ended' | null;

export interface SessionState {
  status: SessionStatus;
  user: User | null;
  /** Why the person was signed out, for the login page. */
  notice: SessionNotice;
  /** A restore that could not reach the server (it keeps trying). */
  restoreError: ApiError | null;
}

type Listener = () => void;

function readRefreshToken(): string | null {
  try {
    return localStorage.getItem(REFRESH_STORAGE_KEY);
  } catch {
    return null;
  }
}

function writeRefreshToken(token: string | null) {
  try {
    if (token) localStorage.setItem(REFRESH_STORAGE_KEY, token);
    else localStorage.removeItem(REFRESH_STORAGE_KEY);
  } catch {
    // Storage disabled: the session lasts until the page is closed.
  }
}

/** Run `task` while holding the browser-wide refresh lock, where the browser has one. */
function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return task();
  return locks.request(REFRESH_LOCK, task) as Promise<T>;
}

function isRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429;
}

export class Session {
  private state: SessionState;
  private readonly listeners = new Set<Listener>();
  private accessToken: string | null = null;
  private expiresAt = 0;
  private renewTimer: ReturnType<typeof setTimeout> | null = null;
  private inflight: Promise<string | null> | null = null;
  /** Bumped whenever the session ends or starts anew: late replies of an old one are dropped. */
  private generation = 0;
  /** `logout()` is under way: the session is ending, nothing should renew it. */
  private signingOut = false;

  constructor() {
    const hasRefreshToken = readRefreshToken() !== null;
    this.state = {
      status: hasRefreshToken ? 'restoring' : 'anonymous',
      user: null,
      notice: null,
      restoreError: null,
    };
    if (hasRefreshToken) void this.restore(0);
    if (typeof window !== 'undefined') {
      window.addEventListener('storage', this.onStorage);
    }
  }

  getState = (): SessionState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private setState(patch: Partial<SessionState>) {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  /* ---- what the screens call ---- */

  async login(username: string, password: string): Promise<User> {
    const reply = await apiRequest<TokenReply>('/auth/login', {
      method: 'POST',
      body: { username, password },
    });
    this.generation += 1;
    this.apply(reply);
    return reply.user;
  }

  /** Sign out: end this login session on the server (best effort), then forget it here. */
  async logout(): Promise<void> {
    this.signingOut = true;
    try {
      if (this.accessToken) await apiRequest<void>('/auth/logout', { method: 'POST', auth: true });
    } catch {
      // Already over on the server, or unreachable: forget it locally all the same.
    } finally {
      this.signingOut = false;
    }
    this.end(null);
  }

  /** A sign-out is under way (the server may already be telling sockets the session ended). */
  isSigningOut(): boolean {
    return this.signingOut;
  }

  /** `POST /auth/password`: the reply is a new token pair for this session. */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const reply = await apiRequest<TokenReply>('/auth/password', {
      method: 'POST',
      body: { current_password: currentPassword, new_password: newPassword },
      auth: true,
    });
    this.apply(reply);
  }

  /** The notice has been shown; do not show it again. */
  clearNotice() {
    if (this.state.notice) this.setState({ notice: null });
  }

  /** The access token held now, as is (may be about to expire); null when signed out. */
  currentAccessToken(): string | null {
    return this.accessToken;
  }

  /* ---- the API client's side (AuthBridge) ---- */

  getAccessToken = async (): Promise<string | null> => {
    if (this.inflight) return this.inflight;
    if (!this.accessToken) return null;
    if (Date.now() < this.expiresAt - EXPIRY_MARGIN_MS) return this.accessToken;
    return this.refresh();
  };

  renewAfterRejection = async (usedToken: string | null): Promise<string | null> => {
    if (this.inflight) return this.inflight;
    // Another request renewed the token after this one was sent: just retry with it.
    if (this.accessToken && this.accessToken !== usedToken) return this.accessToken;
    if (!this.accessToken && this.state.status !== 'restoring') return null;
    try {
      return await this.refresh();
    } catch {
      return null;
    }
  };

  /* ---- refresh ---- */

  /**
   * Trade the stored refresh token for a new pair. Every caller at the same time shares one
   * request. Resolves to the new access token, or null when the server refused (the session has
   * then ended); rejects when the server could not be reached (the session goes on).
   */
  refresh(): Promise<string | null> {
    if (!this.inflight) {
      this.inflight = this.refreshOnce().finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  private async refreshOnce(): Promise<string | null> {
    const generation = this.generation;
    return withRefreshLock(async () => {
      if (generation !== this.generation) return this.accessToken;
      // Read it inside the lock: another tab may have just rotated it.
      const refreshToken = readRefreshToken();
      if (!refreshToken) {
        this.end('session_ended');
        return null;
      }
      let reply: TokenReply;
      try {
        reply = await apiRequest<TokenReply>('/auth/refresh', {
          method: 'POST',
          body: { refresh_token: refreshToken },
        });
      } catch (error) {
        if (generation !== this.generation) return this.accessToken;
        if (isRefusal(error)) {
          this.end('session_ended');
          return null;
        }
        throw error;
      }
      if (generation !== this.generation) return this.accessToken;
      this.apply(reply);
      return reply.access_token;
    });
  }

  private async restore(attempt: number) {
    try {
      await this.refresh();
    } catch (error) {
      if (this.state.status !== 'restoring') return;
      this.setState({ restoreError: error instanceof ApiError ? error : null });
      const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)];
      setTimeout(() => void this.restore(attempt + 1), delay);
    }
  }

  private apply(reply: TokenReply) {
    // Store the rotated refresh token first: the old one is already spent.
    writeRefreshToken(reply.refresh_token);
    this.accessToken = reply.access_token;
    const lifetimeMs = Math.max(0, reply.expires_in) * 1000;
    this.expiresAt = Date.now() + lifetimeMs;
    this.scheduleRenewal(Math.max(MIN_RENEW_DELAY_MS, lifetimeMs - RENEW_EARLY_MS), 0);
    this.setState({ status: 'authenticated', user: reply.user, notice: null, restoreError: null });
  }

  private scheduleRenewal(delayMs: number, failures: number) {
    if (this.renewTimer) clearTimeout(this.renewTimer);
    this.renewTimer = setTimeout(() => {
      this.renewTimer = null;
      this.refresh().catch(() => {
        // Unreachable for now: try again soon; a request in between renews on its own.
        const next = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length - 1)];
        if (this.accessToken) this.scheduleRenewal(next, failures + 1);
      });
    }, delayMs);
  }

  /** Forget everything; `notice` tells the login page why. */
  private end(notice: SessionNotice) {
    this.generation += 1;
    if (this.renewTimer) clearTimeout(this.renewTimer);
    this.renewTimer = null;
    this.accessToken = null;
    this.expiresAt = 0;
    writeRefreshToken(null);
    this.setState({ status: 'anonymous', user: null, notice, restoreError: null });
  }

  /** Another tab signed out (the shared login session is over) or signed in as someone else. */
  private onStorage = (event: StorageEvent) => {
    if (event.key !== REFRESH_STORAGE_KEY && event.key !== null) return;
    if (event.newValue === null && this.state.status === 'authenticated') {
      this.generation += 1;
      if (this.renewTimer) clearTimeout(this.renewTimer);
      this.renewTimer = null;
      this.accessToken = null;
      this.setState({ status: 'anonymous', user: null, notice: 'session_ended', restoreError: null });
    }
  };
}

export const session = new Session();
setAuthBridge(session);
