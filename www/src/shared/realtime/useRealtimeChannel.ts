import { useEffect, useRef, useState } from 'react';
import { getRealtimeConnection } from './RealtimeConnection';
import type { ChannelMessage, ConnectionState } from './types';

export interface UseRealtimeChannelOptions {
  /** The seq this screen already holds; sent as `since` on every (re)join. */
  getSince: () => number | undefined;
  onMessage: (message: ChannelMessage) => void;
}

/**
 * Subscribe to one channel (e.g. `department:3`) on the page's shared socket
 * for as long as the component is mounted. Returns the channel's connection
 * state: `live` once the server has confirmed the join. The callbacks may
 * change on every render; the latest ones are used.
 */
export function useRealtimeChannel(
  channel: string | null,
  options: UseRealtimeChannelOptions,
): ConnectionState {
  const [state, setState] = useState<ConnectionState>('connecting');
  const optionsRef = useRef(options);
  optionsRef.current = options;

  useEffect(() => {
    if (!channel) return;
    const unsubscribe = getRealtimeConnection().subscribe(channel, {
      getSince: () => optionsRef.current.getSince(),
      onMessage: (message) => optionsRef.current.onMessage(message),
      onState: setState,
    });
    return unsubscribe;
  }, [channel]);

  return state;
}
