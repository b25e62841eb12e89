import { useEffect, useRef, useState } from 'react';
import { getRealtimeConnection, type ConnectionState, type LiveChannelHandlers } from '@/shared/realtime';

/** The bridge takes at most 32 channels a socket; leave room for the rest of the page. */
export const MAX_CHANNELS = 30;

/** Worst first: what the screen as a whole can promise. */
const RANK: Record<ConnectionState, number> = { polling: 0, reconnecting: 1, connecting: 2, live: 3 };

/**
 * `useLiveChannel` for several channels at once (the admin's all-departments
 * view joins every department): events and `stale` of any of them reach the
 * same handlers; the state returned is the worst of them (live only when all are).
 */
export function useLiveChannels(channels: readonly string[], handlers: LiveChannelHandlers): ConnectionState {
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const key = channels.slice(0, MAX_CHANNELS).join(' ');
  const [states, setStates] = useState<Record<string, ConnectionState>>({});

  useEffect(() => {
    if (!key) return;
    const connection = getRealtimeConnection();
    const unsubscribes = key.split(' ').map((channel) =>
      connection.subscribe(channel, {
        onMessage: (message) => {
          if (message.kind === 'event') handlersRef.current.onEvent?.(message.event);
          else if (message.kind === 'stale') handlersRef.current.onStale?.();
        },
        onState: (state) => setStates((old) => (old[channel] === state ? old : { ...old, [channel]: state })),
      }),
    );
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
      setStates({});
    };
  }, [key]);

  if (!key) return 'connecting';
  let worst: ConnectionState = 'live';
  for (const channel of key.split(' ')) {
    const state = states[channel] ?? 'connecting';
    if (RANK[state] < RANK[worst]) worst = state;
  }
  return worst;
}
