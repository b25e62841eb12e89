import { useCallback } from 'react';
import type { ChannelMessage, ConnectionState, RealtimeEvent } from './types';
import { useRealtimeChannel } from './useRealtimeChannel';

export interface LiveChannelHandlers {
  /** Every event published on the channel. */
  onEvent?: (event: RealtimeEvent) => void;
  /**
   * What this screen holds may be out of date: the server asked for a resync,
   * or the socket came back after a break (events may have been missed).
   */
  onStale?: () => void;
}

/**
 * For screens that keep REST data fresh by refetching on events (rather than
 * replaying them by seq, as the display board does): subscribe to a channel
 * and hear about events and about moments when a refetch is due.
 */
export function useLiveChannel(channel: string | null, handlers: LiveChannelHandlers): ConnectionState {
  const onMessage = useCallback(
    (message: ChannelMessage) => {
      if (message.kind === 'event') handlers.onEvent?.(message.event);
      else if (message.kind === 'resync' || (message.kind === 'joined' && message.afterReconnect)) handlers.onStale?.();
    },
    [handlers],
  );
  return useRealtimeChannel(channel, { getSince: () => undefined, onMessage });
}
