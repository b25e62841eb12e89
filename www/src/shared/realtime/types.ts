/** Messages of the WebSocket protocol (`/ws`), as the contract describes them. */

/**
 * What a realtime screen can promise its user:
 * - `connecting`: the first socket is on its way;
 * - `live`: joined, updates arrive by themselves;
 * - `reconnecting`: the socket broke, a new one is being tried;
 * - `polling`: no socket for a while (or none possible): the screen refreshes
 *   its REST snapshot on a timer while the socket keeps being retried.
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'polling';

export type RealtimeEventType =
  | 'ticket_created'
  | 'ticket_called'
  | 'queue_update'
  | 'counter_update'
  | 'schedule_updated'
  /** The department's set of service-level alerts changed (a periodic job notices; no request needed). */
  | 'alerts_updated';

/**
 * The ticket of an event. On a department channel of a socket authenticated
 * as staff of that department it is the staff view (the REST `Ticket`, with
 * `id`); everywhere else the public view (the REST `PublicTicket` and a few
 * more fields, without `id`, names, phone or notes).
 */
export interface EventTicket {
  public_id?: string;
  ticket_number: string;
  status: string;
  priority?: string;
  service?: { id: number; name: string } | null;
  counter?: { id: number; name: string } | null;
  called_at?: string | null;
  recall_count?: number;
  id?: number;
  [key: string]: unknown;
}

export interface RealtimeEvent {
  type: RealtimeEventType;
  channel: string;
  department_id: number;
  seq: number;
  ts: string;
  ticket?: EventTicket | null;
  /** `counter_update`: the whole counter; ticket events: `{id, name}` of the ticket's counter. */
  counter?: ({ id: number; name: string } & Record<string, unknown>) | null;
  /** Waiting count per service id (keys are decimal strings). */
  waiting?: Record<string, number> | null;
  /** `alerts_updated`: how many alerts the department has now (read them from `GET /dashboard/alerts`). */
  alerts_total?: number | null;
  /** `schedule_updated`: which schedules were made or deleted. */
  schedules?: { change: 'created' | 'deleted'; ids: number[] } | null;
}

/** What `authenticated` says about the socket. */
export interface SocketIdentity {
  role: string;
  department_id: number | null;
  expires_at: string;
}

export type ServerMessage =
  | { type: 'welcome'; client_id: string; heartbeat_s: number }
  | { type: 'joined'; channel: string; seq: number | null }
  | { type: 'left'; channel: string }
  | { type: 'ping'; seqs?: Record<string, number | null> }
  | { type: 'pong' }
  | { type: 'resync'; channel: string; reason?: string }
  | { type: 'error'; code: string; message?: string; channel?: string }
  | ({ type: 'authenticated' } & SocketIdentity)
  | RealtimeEvent;

/**
 * Why what a screen holds may be out of date (a `stale` message):
 * - a `resync` reason from the server (`gap`, `since_too_old`, `too_slow`,
 *   `redis_reconnected`, ...);
 * - `seq_gap`: an event arrived whose seq skips one or more;
 * - `ping_ahead`: the server's heartbeat says it sent events we never saw;
 * - `joined`: the first join of the channel (events between the screen's first
 *   fetch and the join are unknown); `rejoined`: a re-join without `since`;
 * - `back_live`: the socket works again after a spell of polling.
 */
export type StaleReason = string;

/** What a channel subscriber is told. */
export type ChannelMessage =
  /** The server confirmed the join; `seq` is its latest for the channel (null: none yet). */
  | { kind: 'joined'; seq: number | null; afterReconnect: boolean }
  /** An event, in seq order, each seq once (duplicates of a replay are dropped). */
  | { kind: 'event'; event: RealtimeEvent }
  /** Fetch the REST snapshot again (sent 0 to 1 s late, so that screens do not refetch in lockstep). */
  | { kind: 'stale'; reason: StaleReason }
  | { kind: 'error'; code: string; message: string };

export interface ChannelSubscriber {
  onMessage: (message: ChannelMessage) => void;
  /** Called when this channel's connection state changes. */
  onState: (state: ConnectionState) => void;
}
