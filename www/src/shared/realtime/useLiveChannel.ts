import type { ChannelMessage, ConnectionState, RealtimeEvent } from './types';
import { useRealtimeChannel } from './useRealtimeChannel';

export interface LiveChannelHandlers {
  /** Every new event published on the channel, once each, in seq order. */
  onEvent?: (event: RealtimeEvent) => void;
  /**
   * What this screen holds may be out of date (a resync, missed events, the
   * socket back after a break): refetch the REST snapshot. Already jittered.
   */
  onStale?: () => void;
}

/**
 * For screens that keep REST data fresh from events (setting or invalidating
 * their query caches): subscribe to a channel and hear about events and about
 * moments when a refetch is due.
 */
export function useLiveChannel(channel: string | null, handlers: LiveChannelHandlers): ConnectionState {
  return useRealtimeChannel(channel, (message: ChannelMessage) => {
    if (message.kind === 'event') handlers.onEvent?.(message.event);
    else if (message.kind === 'stale') handlers.onStale?.();
  });
}
