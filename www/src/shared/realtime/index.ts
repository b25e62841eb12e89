export { useRealtimeChannel } from './useRealtimeChannel';
export { useLiveChannel } from './useLiveChannel';
export type { LiveChannelHandlers } from './useLiveChannel';
export { getRealtimeConnection, RealtimeConnection } from './RealtimeConnection';
export type { SocketAuthSource } from './socketAuth';
export { changesPublicScreens } from './publicScreens';
export { pollInterval, POLL_INTERVAL_MS, LIVE_REFRESH_MS } from './pollInterval';
export { backoffDelay } from './backoff';
export type {
  ChannelMessage,
  ConnectionState,
  EventTicket,
  RealtimeEvent,
  RealtimeEventType,
  SocketIdentity,
} from './types';
