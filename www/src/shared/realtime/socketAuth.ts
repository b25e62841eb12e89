import type { SocketIdentity } from './types';

/**
 * Where a staff screen's socket gets its access token. Installed by the
 * signed-in part of the app (`shared/auth/useSocketAuth`); public screens never
 * install one, so their sockets never send `auth`.
 */
export interface SocketAuthSource {
  /** The current access token, renewed first if it is about to expire; null when signed out. */
  getToken(): Promise<string | null>;
  /** The server said the token has expired: renew it now; the new token, or null. */
  renew(): Promise<string | null>;
}

/** Joins wait for the token at most this long, then go ahead with the public view. */
const TOKEN_WAIT_MS = 5_000;
/** A server that keeps saying `token_expired` (a skewed clock) is not answered more often. */
const RENEW_AT_MOST_EVERY_MS = 30_000;

/** Sends one `auth` frame on the socket it was made for; false when that socket is gone. */
export type AuthSender = (token: string) => boolean;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * The `auth` side of the page's socket: which token the current socket was
 * sent, renewing it when the server says it expired, and what the server
 * answered. The bridge handles a socket's messages in order, so `auth` sent
 * before the joins makes every frame of the department's channel the staff view.
 */
export class SocketAuth {
  private source: SocketAuthSource | null = null;
  /** The token sent on the current socket; null: none, it sees the public view. */
  private sent: string | null = null;
  private identity: SocketIdentity | null = null;
  private lastRenewAt = -Infinity;

  /** A staff screen wants the staff view. */
  get wanted(): boolean {
    return this.source !== null;
  }

  /** The current socket was sent a token: it must be replaced to see the public view again. */
  get sentOnThisSocket(): boolean {
    return this.sent !== null;
  }

  /** What the server confirmed for the current socket (`authenticated`), if anything. */
  get current(): SocketIdentity | null {
    return this.identity;
  }

  /** Returns false when nothing changed. */
  setSource(source: SocketAuthSource | null): boolean {
    if (source === this.source) return false;
    this.source = source;
    return true;
  }

  /** A new socket: nothing has been sent on it. */
  newSocket() {
    this.sent = null;
    this.identity = null;
  }

  /** Send the current token unless this socket already has it. Never rejects. */
  async authenticate(send: AuthSender): Promise<void> {
    const source = this.source;
    if (!source) return;
    let token: string | null;
    try {
      token = await withTimeout(source.getToken(), TOKEN_WAIT_MS);
    } catch (err) {
      console.warn('realtime: no access token for the socket', err);
      return;
    }
    if (source !== this.source || !token || token === this.sent) return;
    if (send(token)) this.sent = token;
  }

  /**
   * The server said `token_expired` (the token ran out, or its session was ended):
   * send the session's newer token if it has one already, else renew it first.
   */
  async renewAfterExpiry(send: AuthSender): Promise<void> {
    const source = this.source;
    if (!source) return;
    try {
      const token = await withTimeout(source.getToken(), TOKEN_WAIT_MS);
      if (token && token !== this.sent) {
        if (source === this.source && send(token)) this.sent = token;
        return;
      }
    } catch {
      // No token to be had now: try renewing.
    }
    const now = Date.now();
    if (now - this.lastRenewAt < RENEW_AT_MOST_EVERY_MS) return;
    this.lastRenewAt = now;
    try {
      await source.renew();
    } catch {
      // Unreachable for now; the session retries on its own and we re-send when it succeeds.
      return;
    }
    await this.authenticate(send);
  }

  authenticated(identity: SocketIdentity) {
    this.identity = identity;
  }
}
