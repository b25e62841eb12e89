/** Messages of the WebSocket protocol (`/ws`), as the contract describes them. */

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

export type RealtimeEventType =
  | 'ticket_created'
  | 'ticket_called'
  | 'queue_update'
  | 'counter_update'
  | 'schedule_updated';

export interface EventTicket {
  public_id?: string;
  ticket_number: string;
  status: string;
  priority?: string;
  service?: { id: number; name: string } | null;
  counter?: { id: number; name: string } | null;
  called_at?: string | null;
  recall_count?: number;
  [key: string]: unknown;
}

export interface RealtimeEvent {
  type: RealtimeEventType;
  channel: string;
  department_id: number;
  seq: number;
  ts: string;
  ticket?: EventTicket | null;
  counter?: { id: number; name: string } | null;
  /** Waiting count per service id (keys are decimal strings). */
  waiting?: Record<string, number> | null;
}

export type ServerMessage =
  | { type: 'welcome'; client_id: string; heartbeat_s: number }
  | { type: 'joined'; channel: string; seq: number }
  | { type: 'left'; channel: string }
  | { type: 'ping'; seqs?: Record<string, number> }
  | { type: 'pong' }
  | { type: 'resync'; channel: string; reason?: string }
  | { type: 'error'; code: string; message?: string; channel?: string }
  | { type: 'authenticated'; role: string; department_id: number | null; expires_at: string }
  | RealtimeEvent;

/** What a channel subscriber is told. */
export type ChannelMessage =
  /** The server confirmed the join; `afterReconnect` is true for every join but the first. */
  | { kind: 'joined'; seq: number; afterReconnect: boolean }
  | { kind: 'event'; event: RealtimeEvent }
  /** The server says: fetch the REST snapshot. */
  | { kind: 'resync'; reason: string }
  /** The server's latest seq for this channel, from its heartbeat. */
  | { kind: 'heartbeat'; seq: number }
  | { kind: 'error'; code: string; message: string };

export interface ChannelSubscriber {
  /** The seq the subscriber already holds, sent as `since` when (re)joining. */
  getSince: () => number | undefined;
  onMessage: (message: ChannelMessage) => void;
  /** Called when this channel's connection state changes. */
  onState: (state: ConnectionState) => void;
}
