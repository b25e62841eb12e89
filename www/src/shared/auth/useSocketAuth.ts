import { useLayoutEffect } from 'react';
import { getRealtimeConnection, type SocketAuthSource } from '@/shared/realtime';
import { session } from './session';

/** The session as the page's socket needs it. */
const source: SocketAuthSource = {
  getToken: () => session.getAccessToken(),
  // Signing out ends the session on the server, which tells the socket `token_expired`:
  // that is no reason to renew.
  renew: () => (session.isSigningOut() ? Promise.resolve(null) : session.refresh()),
};

/**
 * While mounted (the signed-in screens), the page's socket authenticates with
 * the session's access token: `auth` after every (re)connect before the joins,
 * again whenever the session renews the token, and after the server's
 * `token_expired` (see `RealtimeConnection`). Signing out, or leaving the
 * signed-in screens, turns the socket back into a public one.
 *
 * A layout effect: it runs before the screens' own effects subscribe to
 * channels, so their first joins already follow `auth`.
 */
export function useSocketAuth() {
  useLayoutEffect(() => {
    const connection = getRealtimeConnection();
    let token = session.currentAccessToken();
    const sync = () => {
      if (session.getState().status !== 'authenticated') {
        token = null;
        connection.setAuth(null);
        return;
      }
      connection.setAuth(source);
      const next = session.currentAccessToken();
      if (next !== token) {
        token = next;
        connection.reauthenticate();
      }
    };
    sync();
    const unsubscribe = session.subscribe(sync);
    return () => {
      unsubscribe();
      connection.setAuth(null);
    };
  }, []);
}
