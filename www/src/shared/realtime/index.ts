export { useRealtimeChannel } from './useRealtimeChannel';
export type { UseRealtimeChannelOptions } from './useRealtimeChannel';
export { getRealtimeConnection, RealtimeConnection } from './RealtimeConnection';
export { backoffDelay } from './backoff';
export type {
  ChannelMessage,
  ConnectionState,
  EventTicket,
  RealtimeEvent,
  RealtimeEventType,
} from './types';
