import type { ConnectionState } from './types';

/** While a screen is not live it polls its REST snapshot this often. */
export const POLL_INTERVAL_MS = 10_000;
/** While live, a rare refetch all the same: a safety net, and what no event tells (the clock). */
export const LIVE_REFRESH_MS = 60_000;

/**
 * The `refetchInterval` of a realtime screen's REST query: every 10 s unless
 * the channel is live, then rarely. Pass the channel's state on every render.
 */
export function pollInterval(state: ConnectionState, liveMs: number = LIVE_REFRESH_MS): number {
  return state === 'live' ? liveMs : POLL_INTERVAL_MS;
}
