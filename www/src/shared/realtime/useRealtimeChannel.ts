import { useEffect, useRef, useState } from 'react';
import { getRealtimeConnection } from './RealtimeConnection';
import type { ChannelMessage, ConnectionState } from './types';

/**
 * Subscribe to one channel (e.g. `department:3`) on the page's shared socket
 * for as long as the component is mounted (null: none). Returns the channel's
 * connection state: `live` once the server has confirmed the join, `polling`
 * while the screen should refresh by itself. `onMessage` may change on every
 * render; the latest one is used.
 */
export function useRealtimeChannel(
  channel: string | null,
  onMessage: (message: ChannelMessage) => void,
): ConnectionState {
  const [state, setState] = useState<ConnectionState>('connecting');
  const onMessageRef = useRef(onMessage);
  onMessageRef.current = onMessage;

  useEffect(() => {
    if (!channel) return;
    return getRealtimeConnection().subscribe(channel, {
      onMessage: (message) => onMessageRef.current(message),
      onState: setState,
    });
  }, [channel]);

  return state;
}
