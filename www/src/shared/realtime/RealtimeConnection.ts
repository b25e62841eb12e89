import { backoffDelay } from './backoff';
import { ChannelSeq } from './channelSeq';
import { SocketAuth, type AuthSender, type SocketAuthSource } from './socketAuth';
import type {
  ChannelMessage,
  ChannelSubscriber,
  ConnectionState,
  RealtimeEvent,
  ServerMessage,
  SocketIdentity,
} from './types';

/**
 * One WebSocket to the bridge, shared by every screen of the page.
 *
 * - After each (re)connect it sends `auth` first when a staff screen installed a
 *   token source (see `setAuth`), then joins each subscribed channel; a re-join
 *   carries `since` = the last seq delivered, so the server replays what was missed.
 * - It delivers each channel's events once each, in seq order: repeats (a replay
 *   may repeat) are dropped; a skipped seq, a heartbeat announcing a seq we never
 *   saw, a server `resync`, a join without `since` or the return from polling
 *   tell the subscribers `stale` (0 to 1 s later, so that a hall of screens does
 *   not refetch in lockstep): they refetch their REST snapshot.
 * - It reconnects with jittered exponential backoff, pings at the server's
 *   heartbeat, and treats a server silent for more than two heartbeats as gone.
 * - When the socket cannot be opened at all, has failed to open several times
 *   in a row, or has not been live for 10 s, the channels are `polling`: screens
 *   refetch on a timer (`pollInterval`) while the socket keeps being retried.
 * It knows nothing about snapshots: subscribers decide what to refetch.
 */

const DEFAULT_HEARTBEAT_S = 25;
/** Until the server has answered `join`, the channel is not live. */
const JOIN_TIMEOUT_MS = 8_000;
/** Sockets that closed before the server's `welcome`, in a row, before screens poll. */
const FAILURES_BEFORE_POLLING = 3;
/** Not live for this long (from the start or from the break): screens poll. */
const POLLING_AFTER_MS = 10_000;
/** `stale` reaches subscribers after a random delay up to this. */
const STALE_JITTER_MS = 1_000;

interface ChannelEntry {
  subscribers: Set<ChannelSubscriber>;
  joined: boolean;
  /** Joined at least once before on any socket: later joins are "after reconnect". */
  everJoined: boolean;
  seq: ChannelSeq;
  /** The `since` of the join awaiting its `joined`. */
  joinSince: number | undefined;
  /** Screens polled while the socket was away: on return, no replay but one refetch. */
  polled: boolean;
  staleTimer: ReturnType<typeof setTimeout> | null;
}

export function defaultRealtimeUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/ws`;
}

export class RealtimeConnection {
  private readonly url: string;
  private socket: WebSocket | null = null;
  private readonly channels = new Map<string, ChannelEntry>();
  private readonly auth = new SocketAuth();
  /** Backoff step: reset once a channel is joined. */
  private attempt = 0;
  /** Sockets in a row that never got `welcome` (or could not be created). */
  private failures = 0;
  private polling = false;
  /** The current socket got `welcome`. */
  private welcomed = false;
  /** The current socket has had its `auth` (if any): joins may be sent. */
  private joinsOpen = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pollingTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private watchdogTimer: ReturnType<typeof setTimeout> | null = null;
  private joinTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private heartbeatS = DEFAULT_HEARTBEAT_S;
  private hadSocket = false;
  private stopped = true;

  constructor(url: string = defaultRealtimeUrl()) {
    this.url = url;
  }

  /** Subscribe to a channel; returns the function that unsubscribes. */
  subscribe(channel: string, subscriber: ChannelSubscriber): () => void {
    let entry = this.channels.get(channel);
    const isNew = !entry;
    if (!entry) {
      entry = {
        subscribers: new Set(),
        joined: false,
        everJoined: false,
        seq: ChannelSeq.forChannel(channel),
        joinSince: undefined,
        polled: this.polling,
        staleTimer: null,
      };
      this.channels.set(channel, entry);
    }
    entry.subscribers.add(subscriber);
    subscriber.onState(this.channelState(entry));

    if (this.stopped) this.start();
    else if (isNew && this.joinsOpen) this.join(channel);

    return () => this.unsubscribe(channel, subscriber);
  }

  /**
   * Staff screens install where the access token comes from; null when no
   * signed-in screen is shown any more (or the person signed out). There is no
   * "unauth" message: a socket that was sent a token is replaced by a new one.
   */
  setAuth(source: SocketAuthSource | null) {
    if (!this.auth.setSource(source)) return;
    if (source) {
      // An open socket takes `auth` at any time; one still opening sends it before its joins.
      if (this.joinsOpen) void this.auth.authenticate(this.authSender());
      return;
    }
    // Not at once: a signed-in layout replaced by another installs its source again in the
    // same commit, and the socket need not be replaced for that.
    setTimeout(() => {
      if (!this.auth.wanted && this.auth.sentOnThisSocket && this.socket) this.replaceSocket();
    }, 0);
  }

  /** The session has a new access token: send it on the open socket. */
  reauthenticate() {
    if (this.joinsOpen) void this.auth.authenticate(this.authSender());
  }

  /** What the server confirmed of the current socket's `auth` (null: the public view). */
  get identity(): SocketIdentity | null {
    return this.auth.current;
  }

  private unsubscribe(channel: string, subscriber: ChannelSubscriber) {
    const entry = this.channels.get(channel);
    if (!entry) return;
    entry.subscribers.delete(subscriber);
    if (entry.subscribers.size > 0) return;
    this.channels.delete(channel);
    this.clearJoinTimer(channel);
    if (entry.staleTimer) clearTimeout(entry.staleTimer);
    if (this.isOpen() && entry.joined) this.send({ type: 'leave', channel });
    if (this.channels.size === 0) this.stop();
  }

  private start() {
    this.stopped = false;
    window.addEventListener('online', this.handleOnline);
    this.armPollingTimer();
    this.connect();
  }

  private stop() {
    this.stopped = true;
    window.removeEventListener('online', this.handleOnline);
    this.clearSocketTimers();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pollingTimer) clearTimeout(this.pollingTimer);
    this.reconnectTimer = null;
    this.pollingTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      this.detach(socket);
      socket.close(1000, 'done');
    }
    this.auth.newSocket();
    this.joinsOpen = false;
    this.hadSocket = false;
    this.polling = false;
    this.attempt = 0;
    this.failures = 0;
  }

  private readonly handleOnline = () => {
    // The network came back: try now rather than waiting out the backoff.
    if (!this.stopped && !this.socket) {
      if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
      this.connect();
    }
  };

  private isOpen(): boolean {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  private channelState(entry: ChannelEntry): ConnectionState {
    if (this.isOpen() && entry.joined) return 'live';
    if (this.polling) return 'polling';
    return this.hadSocket || entry.everJoined ? 'reconnecting' : 'connecting';
  }

  private publishState(channel: string) {
    const entry = this.channels.get(channel);
    if (!entry) return;
    const state = this.channelState(entry);
    for (const s of entry.subscribers) s.onState(state);
  }

  private publishAllStates() {
    for (const channel of this.channels.keys()) this.publishState(channel);
  }

  private deliver(channel: string, message: ChannelMessage) {
    const entry = this.channels.get(channel);
    if (!entry) return;
    for (const s of [...entry.subscribers]) {
      try {
        s.onMessage(message);
      } catch (err) {
        console.error('realtime: subscriber failed', err);
      }
    }
  }

  /** Tell the channel's subscribers to refetch, once, after a random delay (bursts share it). */
  private markStale(channel: string, reason: string) {
    const entry = this.channels.get(channel);
    if (!entry || entry.staleTimer) return;
    entry.staleTimer = setTimeout(() => {
      entry.staleTimer = null;
      this.deliver(channel, { kind: 'stale', reason });
    }, Math.random() * STALE_JITTER_MS);
  }

  /* ---- polling fallback ---- */

  private armPollingTimer() {
    if (this.polling || this.pollingTimer) return;
    this.pollingTimer = setTimeout(() => {
      this.pollingTimer = null;
      this.enterPolling();
    }, POLLING_AFTER_MS);
  }

  private enterPolling() {
    if (this.polling || this.stopped) return;
    if (this.pollingTimer) clearTimeout(this.pollingTimer);
    this.pollingTimer = null;
    this.polling = true;
    for (const entry of this.channels.values()) {
      if (!entry.joined) entry.polled = true;
    }
    this.publishAllStates();
  }

  private leavePolling() {
    if (this.pollingTimer) clearTimeout(this.pollingTimer);
    this.pollingTimer = null;
    if (!this.polling) return;
    this.polling = false;
    this.publishAllStates();
  }

  /* ---- the socket ---- */

  private connect() {
    this.reconnectTimer = null;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url);
    } catch (err) {
      // No WebSocket here at all (blocked, unsupported): poll at once, and keep trying.
      console.warn('realtime: cannot open socket', err);
      this.failures += 1;
      this.enterPolling();
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.welcomed = false;
    this.joinsOpen = false;
    this.auth.newSocket();
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.armWatchdog();
      void this.openChannels(socket);
    };
    socket.onmessage = (ev) => {
      if (this.socket !== socket) return;
      this.armWatchdog();
      if (typeof ev.data !== 'string') return;
      let message: ServerMessage;
      try {
        message = JSON.parse(ev.data) as ServerMessage;
      } catch {
        console.warn('realtime: ignoring a frame that is not JSON');
        return;
      }
      this.handleMessage(message);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.dropSocket();
    };
    socket.onerror = () => {
      // onclose follows and does the work.
    };
  }

  /** `auth` first (the bridge takes messages in order), then every join. */
  private async openChannels(socket: WebSocket) {
    if (this.auth.wanted) await this.auth.authenticate(this.authSender());
    if (this.socket !== socket || !this.isOpen()) return;
    this.joinsOpen = true;
    for (const channel of this.channels.keys()) this.join(channel);
  }

  private authSender(): AuthSender {
    const socket = this.socket;
    return (token) => {
      if (!socket || this.socket !== socket || socket.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify({ type: 'auth', token }));
      return true;
    };
  }

  private detach(socket: WebSocket) {
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
  }

  /** Close the current socket and open a new one at once (to shed its `auth`). */
  private replaceSocket() {
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      this.detach(socket);
      socket.close(1000, 'signed out');
    }
    this.clearSocketTimers();
    this.joinsOpen = false;
    for (const entry of this.channels.values()) entry.joined = false;
    this.publishAllStates();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (!this.stopped) this.connect();
  }

  /** The socket is gone (closed by either side, or declared dead): reconnect. */
  private dropSocket() {
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      this.detach(socket);
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) {
        socket.close(4000, 'reconnecting');
      }
      this.hadSocket = true;
      if (!this.welcomed) this.failures += 1;
    }
    this.clearSocketTimers();
    this.joinsOpen = false;
    for (const entry of this.channels.values()) entry.joined = false;
    if (this.failures >= FAILURES_BEFORE_POLLING) this.enterPolling();
    else this.armPollingTimer();
    this.publishAllStates();
    if (!this.stopped) this.scheduleReconnect();
  }

  private scheduleReconnect() {
    if (this.reconnectTimer || this.stopped) return;
    const delay = backoffDelay(this.attempt);
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private join(channel: string) {
    const entry = this.channels.get(channel);
    if (!entry) return;
    // After polling, the screens hold newer data than any replay: start afresh.
    const since = entry.polled ? undefined : entry.seq.since;
    entry.joinSince = since;
    this.send(since === undefined ? { type: 'join', channel } : { type: 'join', channel, since });
    this.clearJoinTimer(channel);
    this.joinTimers.set(
      channel,
      setTimeout(() => {
        // No `joined` in time: start over on a fresh socket.
        console.warn(`realtime: no answer to join ${channel}`);
        this.dropSocket();
      }, JOIN_TIMEOUT_MS),
    );
  }

  private clearJoinTimer(channel: string) {
    const timer = this.joinTimers.get(channel);
    if (timer) clearTimeout(timer);
    this.joinTimers.delete(channel);
  }

  private send(message: Record<string, unknown>) {
    if (!this.isOpen()) return;
    this.socket!.send(JSON.stringify(message));
  }

  private handleMessage(message: ServerMessage) {
    switch (message.type) {
      case 'welcome': {
        const hb = Number(message.heartbeat_s);
        this.heartbeatS = Number.isFinite(hb) && hb > 0 ? hb : DEFAULT_HEARTBEAT_S;
        this.welcomed = true;
        this.failures = 0;
        this.startPinging();
        this.armWatchdog();
        return;
      }
      case 'joined':
        this.handleJoined(message.channel, typeof message.seq === 'number' ? message.seq : null);
        return;
      case 'ping':
        for (const [channel, seq] of Object.entries(message.seqs ?? {})) {
          const entry = this.channels.get(channel);
          if (!entry?.joined || typeof seq !== 'number' || seq < 0) continue;
          if (entry.seq.heartbeat(seq)) this.markStale(channel, 'ping_ahead');
        }
        return;
      case 'resync': {
        const entry = this.channels.get(message.channel);
        if (!entry) return;
        entry.seq.forget();
        this.markStale(message.channel, message.reason || 'resync');
        return;
      }
      case 'error':
        this.handleError(message);
        return;
      case 'authenticated':
        this.auth.authenticated({
          role: message.role,
          department_id: message.department_id,
          expires_at: message.expires_at,
        });
        return;
      case 'pong':
      case 'left':
        return;
      default: {
        const event = message as RealtimeEvent;
        if (typeof event.channel !== 'string' || typeof event.seq !== 'number') return;
        const entry = this.channels.get(event.channel);
        if (!entry?.joined) return;
        const verdict = entry.seq.event(event.seq);
        if (verdict === 'duplicate') return;
        this.deliver(event.channel, { kind: 'event', event });
        if (verdict === 'gap') this.markStale(event.channel, 'seq_gap');
      }
    }
  }

  private handleJoined(channel: string, seq: number | null) {
    const entry = this.channels.get(channel);
    if (!entry) return;
    this.clearJoinTimer(channel);
    const afterReconnect = entry.everJoined;
    const since = entry.joinSince;
    entry.joinSince = undefined;
    entry.joined = true;
    entry.everJoined = true;
    entry.seq.joined(seq, since);
    this.attempt = 0;
    this.failures = 0;
    const polled = entry.polled;
    entry.polled = false;
    this.leavePolling();
    this.publishState(channel);
    this.deliver(channel, { kind: 'joined', seq, afterReconnect });
    // With `since` the server replays what was missed (or says resync); without, we cannot know.
    if (polled) this.markStale(channel, 'back_live');
    else if (since === undefined) this.markStale(channel, afterReconnect ? 'rejoined' : 'joined');
  }

  private handleError(message: Extract<ServerMessage, { type: 'error' }>) {
    if (message.code === 'token_expired') {
      // The socket sees the public view until it has a new token: renew through the session.
      void this.auth.renewAfterExpiry(this.authSender());
      return;
    }
    console.warn(`realtime: server error ${message.code}: ${message.message ?? ''}`);
    const targets = message.channel ? [message.channel] : [...this.channels.keys()];
    for (const channel of targets) {
      this.deliver(channel, { kind: 'error', code: message.code, message: message.message ?? '' });
    }
  }

  private startPinging() {
    if (this.pingTimer) clearInterval(this.pingTimer);
    // Well inside the server's "silent for two heartbeats" limit.
    const every = Math.max(1000, this.heartbeatS * 1000 * 0.8);
    this.pingTimer = setInterval(() => this.send({ type: 'ping' }), every);
  }

  private armWatchdog() {
    if (this.watchdogTimer) clearTimeout(this.watchdogTimer);
    // The server pings every heartbeat and answers ours: silence past two and a
    // half heartbeats means a dead path (half-open TCP, a stuck proxy).
    this.watchdogTimer = setTimeout(() => {
      console.warn('realtime: server silent, reconnecting');
      this.dropSocket();
    }, this.heartbeatS * 2500);
  }

  /** The timers that belong to one socket. */
  private clearSocketTimers() {
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.watchdogTimer) clearTimeout(this.watchdogTimer);
    this.pingTimer = null;
    this.watchdogTimer = null;
    for (const timer of this.joinTimers.values()) clearTimeout(timer);
    this.joinTimers.clear();
  }
}

let shared: RealtimeConnection | null = null;

/** The page's one connection, created on first use. */
export function getRealtimeConnection(): RealtimeConnection {
  if (!shared) shared = new RealtimeConnection();
  return shared;
}
