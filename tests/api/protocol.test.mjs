// The WebSocket protocol of API.md, message by message, error by error and
// limit by limit, with a real client through nginx's /ws.  Events are
// published straight into the stack's Redis for departments that do not
// exist (random ids far above the real ones), so each test controls its seqs
// exactly: order, duplicates, gaps, replay.  A second bridge, started here
// with a one-second heartbeat, shows the heartbeat and that bridges run side
// by side.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { WsClient, WS_URL, BASE, STATE, until, stack, execRedis } from './lib.mjs';

const clients = [];
const children = [];
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  for (const c of children) c.kill('SIGTERM');
});

let nextDept = 900000000 + Math.floor(Math.random() * 90000000);
const freshDept = () => nextDept++;
const PUBLIC_ID = randomBytes(16).toString('base64url');

function publish(dept, obj) {
  execRedis('PUBLISH', `qstream:dept:${dept}`, typeof obj === 'string' ? obj : JSON.stringify(obj));
}

// An event as the API publishes it (fcgi/events.c): both views, the staff
// one with the personal data, the public one without; the bridge only picks.
function event(dept, seq, publicId = PUBLIC_ID) {
  const head = { type: 'ticket_created', department_id: dept, seq, ts: '2026-11-29T08:01:02Z' };
  const ticket = { public_id: publicId, ticket_number: `A-${String(seq).padStart(3, '0')}`, status: 'waiting' };
  return {
    staff: {
      ...head,
      ticket: { ...ticket, id: 9000 + seq, customer_name: 'Jane Doe', customer_phone: '+15550100', notes: 'private', served_by: 4 },
      counter: null, waiting: { 7: 12 },
    },
    public: { ...head, ticket, counter: null, waiting: { 7: 12 } },
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function connect(url = WS_URL, options = {}) {
  const c = new WsClient(url, options);
  clients.push(c);
  await c.opened;
  return c;
}
// the oldest message not yet taken
const take = (c, ms = 3000, what = 'a message') => c.next(() => true, ms, what);
async function nothing(c, ms = 300) {
  await sleep(ms);
  assert.deepEqual(c.messages.filter((m) => m.type !== 'ping'), [], 'no further message');
}
async function joined(c, channel, since) {
  c.send(since === undefined ? { type: 'join', channel } : { type: 'join', channel, since });
  const m = await take(c, 3000, `joined ${channel}`);
  assert.equal(m.type, 'joined', JSON.stringify(m));
  assert.equal(m.channel, channel);
  return m;
}

test('welcome on connect, with a client id and the heartbeat', async () => {
  const c = await connect();
  const w = await take(c);
  assert.equal(w.type, 'welcome');
  assert.match(w.client_id, /^[0-9a-f]{32}$/);
  assert.equal(w.heartbeat_s, 25);
});

test('join, events with channel added, the public view, in seq order; duplicates dropped', async () => {
  const d = freshDept();
  const c = await connect();
  await take(c);
  const j = await joined(c, `department:${d}`);
  assert.equal(j.seq, null, 'no event seen yet for this channel');

  publish(d, event(d, 1));
  const m = await take(c);
  assert.equal(m.type, 'ticket_created');
  assert.equal(m.channel, `department:${d}`);
  assert.equal(m.seq, 1);
  for (const k of ['id', 'customer_name', 'customer_phone', 'notes', 'served_by']) {
    assert.ok(!(k in m.ticket), `the public view has no ${k}`);
  }
  assert.equal(m.ticket.public_id, PUBLIC_ID);
  assert.equal(m.ticket.ticket_number, 'A-001');
  assert.equal(m.waiting['7'], 12);

  // 3 before 2: held until 2 arrives, then both in order
  publish(d, event(d, 3));
  publish(d, event(d, 2));
  assert.deepEqual([(await take(c)).seq, (await take(c)).seq], [2, 3]);
  publish(d, event(d, 3));
  await nothing(c);
});

test('join with since replays what the ring holds, or says since_too_old', async () => {
  const d = freshDept();
  const a = await connect();
  await take(a);
  await joined(a, `department:${d}`);
  for (const s of [1, 2, 3]) publish(d, event(d, s));
  for (const s of [1, 2, 3]) assert.equal((await take(a)).seq, s);

  const b = await connect();
  await take(b);
  const j = await joined(b, `department:${d}`, 1);
  assert.equal(j.seq, 3, 'joined reports the latest seq');
  const r = [await take(b), await take(b)];
  assert.deepEqual(r.map((m) => [m.channel, m.seq]), [[`department:${d}`, 2], [`department:${d}`, 3]]);
  await nothing(b, 100);

  // a channel without history cannot prove anything after `since`
  const other = freshDept();
  await joined(b, `department:${other}`, 10);
  const rs = await take(b);
  assert.deepEqual([rs.type, rs.channel, rs.reason], ['resync', `department:${other}`, 'since_too_old']);

  // joining twice is idempotent: the same answer, one subscription
  await joined(a, `department:${d}`);
  publish(d, event(d, 4));
  assert.equal((await take(a)).seq, 4);
  await nothing(a, 200);
});

test('a gap that does not fill: the event is held, then resync gap, then the event', async () => {
  const d = freshDept();
  const c = await connect();
  await take(c);
  await joined(c, `department:${d}`);
  publish(d, event(d, 1));
  assert.equal((await take(c)).seq, 1);
  publish(d, event(d, 3));
  const rs = await take(c, 3000, 'resync');
  assert.deepEqual([rs.type, rs.channel, rs.reason], ['resync', `department:${d}`, 'gap']);
  assert.equal((await take(c)).seq, 3, 'the held event follows the resync');
});

test('a ticket channel carries only that ticket, in the public view; leave stops a channel', async () => {
  const d = freshDept();
  const c = await connect();
  await take(c);
  await joined(c, `department:${d}`);
  await joined(c, `ticket:${PUBLIC_ID}`);
  publish(d, event(d, 1, 'someone-else-entirely-0001'));
  publish(d, event(d, 2));
  const got = [await take(c), await take(c), await take(c)].map((m) => `${m.channel}#${m.seq}`).sort();
  assert.deepEqual(got, [`department:${d}#1`, `department:${d}#2`, `ticket:${PUBLIC_ID}#2`]);

  c.send({ type: 'leave', channel: `department:${d}` });
  const l = await take(c);
  assert.deepEqual([l.type, l.channel], ['left', `department:${d}`]);
  publish(d, event(d, 3));
  const m = await take(c);
  assert.equal(m.channel, `ticket:${PUBLIC_ID}`);
  assert.equal(m.seq, 3);
  assert.ok(!('customer_name' in m.ticket));
  await nothing(c, 200);
  // leaving a channel one is not in is harmless
  c.send({ type: 'leave', channel: 'department:1' });
  assert.equal((await take(c)).type, 'left');
});

test('errors: bad_message for bad JSON, unknown types, wrong field types and binary frames; unknown_channel; forbidden', async () => {
  const c = await connect();
  await take(c);
  c.send({ type: 'ping' });
  assert.equal((await take(c)).type, 'pong');
  const expectError = async (code) => {
    const m = await take(c);
    assert.equal(m.type, 'error', JSON.stringify(m));
    assert.equal(m.code, code);
    assert.equal(typeof m.message, 'string');
    return m;
  };
  for (const bad of ['not json', '[]', '{"type":"dance"}', '{"type":"join"}', '{"type":"join","channel":"department:3","since":"1"}',
    '{"type":"join","channel":5}', '{"type":"auth"}', '{"type":"join","channel":"department:3","channel":"department:4"}']) {
    c.send(bad);
    const e = await expectError('bad_message');
    assert.ok(!e.message.includes('dance'), 'the message never echoes the input');
  }
  c.ws.send(Buffer.from('{"type":"ping"}'), { binary: true });
  await expectError('bad_message');
  for (const ch of ['room:1', 'department:0', 'department:-1', 'department:1x', 'ticket:', 'ticket:a b', `department:${'9'.repeat(30)}`]) {
    c.send({ type: 'join', channel: ch });
    await expectError('unknown_channel');
  }
  c.send({ type: 'auth', token: 'x.y.z' });
  await expectError('forbidden');
  // the socket is still usable after all of that
  c.send({ type: 'ping' });
  assert.equal((await take(c)).type, 'pong');
});

test('limits: 32 channels per socket, 4 KiB messages (1009 beyond), UTF-8 checked', async () => {
  const c = await connect();
  await take(c);
  const base = freshDept();
  for (let i = 0; i < 32; i++) await joined(c, `department:${base + 1000 + i}`);
  c.send({ type: 'join', channel: `department:${base + 2000}` });
  const e = await take(c);
  assert.deepEqual([e.type, e.code], ['error', 'too_many_channels']);
  await joined(c, `department:${base + 1000}`); // already joined: still fine at the limit

  const shape = '{"type":"ping","pad":""}';
  const exact = shape.replace('""', `"${'x'.repeat(4096 - shape.length)}"`);
  assert.equal(exact.length, 4096);
  c.send(exact);
  assert.equal((await take(c)).type, 'pong', 'exactly 4 KiB is accepted');
  c.send(exact.replace('"x', '"xx'));
  assert.equal((await c.closed).code, 1009);

  // invalid UTF-8 in a text frame closes the socket (1007, RFC 6455)
  const u = await connect();
  await take(u);
  u.ws.send(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), { binary: false });
  const closed = await u.closed;
  assert.ok([1007, 1002].includes(closed.code), `closed with ${closed.code}`);
});

// The HTTP status a handshake gets: 101 when the socket opens, the status of
// any other answer, or null when the server hung up without one.
function handshakeStatus(url, origin) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { origin });
    ws.on('open', () => { ws.terminate(); resolve(101); });
    ws.on('unexpected-response', (req, res) => { res.resume(); req.destroy(); resolve(res.statusCode); });
    ws.on('error', () => resolve(null));
  });
}
const bridgeUrl = () =>
  `ws://127.0.0.1:${readFileSync(`${STATE}/qstream.conf`, 'utf8').match(/^ws_port\s*=\s*(\d+)/m)[1]}/`;
const nginxUpstreamErrors = () =>
  (readFileSync(`${STATE}/log/nginx-error.log`, 'utf8').match(/upstream prematurely closed.*"GET \/ws/g) || []).length;

test('Origin: a browser page from elsewhere is refused with 403, through nginx and at the bridge; the configured origin is welcome', async () => {
  const errorsBefore = nginxUpstreamErrors();
  assert.equal(await handshakeStatus(WS_URL, 'https://evil.example'), 403, 'through nginx');
  assert.equal(await handshakeStatus(bridgeUrl(), 'https://evil.example'), 403, 'straight to the bridge');
  // a look-alike of the allowed origin is another origin
  assert.equal(await handshakeStatus(bridgeUrl(), `${BASE}.evil.example`), 403);
  assert.equal(nginxUpstreamErrors(), errorsBefore, 'nginx logged no upstream error for the refusal');
  const ok = await connect(WS_URL, { origin: BASE });
  assert.equal((await take(ok)).type, 'welcome');
  assert.equal(await handshakeStatus(bridgeUrl(), BASE), 101, 'the allowed origin, straight to the bridge');
  assert.equal(await handshakeStatus(bridgeUrl(), undefined), 101, 'no Origin: not a browser');
});

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// a second bridge on the same Redis and key, as scripts/dev started the first
async function secondBridge(env) {
  const port = await freePort();
  const [cmd, ...args] = stack.daemonArgv('wsbridge');
  const log = openSync(`${STATE}/log/wsbridge-2.log`, 'a');
  const child = spawn(cmd, args, { env: { ...process.env, QSTREAM_WS_PORT: String(port), ...env }, stdio: ['ignore', log, log] });
  children.push(child);
  const url = `ws://127.0.0.1:${port}/`;
  await until(async () => {
    try { const c = new WsClient(url); await c.opened; c.ws.terminate(); return true; } catch { return false; }
  }, 10000, 'the second bridge');
  return url;
}

test('heartbeat: ping with the seqs sent so far; a silent socket is closed after two heartbeats; bridges side by side', async () => {
  const url = await secondBridge({ QSTREAM_WS_HEARTBEAT_S: '1' });
  const d = freshDept();
  const one = await connect(); // through nginx, to the stack's bridge
  const two = await connect(url);
  assert.equal((await take(one)).heartbeat_s, 25);
  assert.equal((await take(two)).heartbeat_s, 1);
  await joined(one, `department:${d}`);
  two.send({ type: 'join', channel: `department:${d}` });
  await two.next((m) => m.type === 'joined', 3000, 'joined');
  publish(d, event(d, 1));
  assert.equal((await take(one)).seq, 1, 'the first bridge delivers');
  // (a ping may come first: this bridge pings every second)
  assert.equal((await two.next((m) => m.type !== 'ping', 3000, 'the event')).seq, 1, 'and so does the second');

  const ping = await two.next((m) => m.type === 'ping' && m.seqs[`department:${d}`] === 1, 3000, 'a ping after the event');
  assert.deepEqual(ping.seqs, { [`department:${d}`]: 1 }, 'the seq of what was sent, per channel');
  // this client never says anything: two heartbeats later the bridge hangs up
  const closed = await Promise.race([two.closed, sleep(6000).then(() => null)]);
  assert.ok(closed, 'closed for silence');
  assert.equal(closed.code, 1008);

  // a client that pings stays
  const three = await connect(url);
  await take(three);
  const timer = setInterval(() => three.send({ type: 'ping' }), 400);
  await sleep(3500);
  clearInterval(timer);
  assert.equal(three.ws.readyState, 1, 'still open');
});

test('capacity: beyond ws_max_sockets a handshake is answered 503, and a socket that leaves makes room', async () => {
  const url = await secondBridge({ QSTREAM_WS_MAX_SOCKETS: '16' });
  const full = [];
  for (let i = 0; i < 16; i++) full.push(await connect(url));
  assert.equal(await handshakeStatus(url, undefined), 503);
  await full[0].close();
  await until(async () => (await handshakeStatus(url, undefined)) === 101, 5000, 'room again');
});

test('SIGTERM on a bridge closes its sockets with 1001 and leaves the others alone', async () => {
  const url = await secondBridge({});
  const a = await connect(url);
  const b = await connect();
  await take(a);
  await take(b);
  const child = children[children.length - 1];
  child.kill('SIGTERM');
  const closed = await a.closed;
  assert.equal(closed.code, 1001);
  await new Promise((r) => child.exitCode !== null ? r() : child.once('exit', r));
  assert.equal(child.exitCode, 0);
  b.send({ type: 'ping' });
  assert.equal((await take(b)).type, 'pong');
});
