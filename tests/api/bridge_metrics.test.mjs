// The bridge's own metrics: GET /metrics on the bridge's port, in
// Prometheus' text format, to loopback and metrics_allow only, never through
// nginx.  The counters are read going up on a bridge started here for the
// purpose (same configuration and Redis as the stack's, a port of its own),
// so that every socket and frame it counts is one of this file's.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import WebSocket from 'ws';
import { WsClient, BASE, STATE, api, until, stack, makeDepartment } from './lib.mjs';

const clients = [];
const children = [];
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  for (const c of children) c.kill('SIGTERM');
});

const stackBridge = () =>
  `http://127.0.0.1:${readFileSync(`${STATE}/qstream.conf`, 'utf8').match(/^ws_port\s*=\s*(\d+)/m)[1]}`;

// GET /metrics: {status, type, text, json, values}; values maps each series,
// labels and all (`qstream_ws_sockets{view="staff"}`), to its number, after
// checking the text format: every sample follows the HELP and TYPE of its
// family, counters end in _total, values are integers.
async function scrape(base, headers = {}) {
  const r = await fetch(`${base}/metrics`, { headers });
  const text = await r.text();
  const out = { status: r.status, type: r.headers.get('content-type'), text, values: new Map() };
  if (r.status !== 200) {
    out.json = JSON.parse(text);
    return out;
  }
  let family = null;
  let type = null;
  for (const line of text.split('\n').slice(0, -1)) {
    let m;
    if ((m = line.match(/^# HELP (\S+) \S.*$/))) {
      family = m[1];
      type = null;
    } else if ((m = line.match(/^# TYPE (\S+) (counter|gauge)$/))) {
      assert.equal(m[1], family, `TYPE of ${m[1]} right after its HELP`);
      type = m[2];
      if (type === 'counter') assert.match(family, /_total$/);
    } else {
      m = line.match(/^([a-z_]+)(\{[a-z_]+="[a-z_]+"\})? (\d+)$/);
      assert.ok(m, `a sample line: ${line}`);
      assert.equal(m[1], family, `${line} follows the HELP of its family`);
      assert.ok(type, `${line} follows the TYPE of its family`);
      assert.ok(!out.values.has(m[1] + (m[2] || '')), `${line} appears once`);
      out.values.set(m[1] + (m[2] || ''), Number(m[3]));
    }
  }
  assert.ok(text.endsWith('\n'));
  return out;
}
const v = (s, series) => {
  assert.ok(s.values.has(series), `${series} is in the exposition`);
  return s.values.get(series);
};

function freePort(host) {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, host, () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// A bridge of this file's own, as scripts/dev started the stack's, with env
// on top (QSTREAM_WS_HOST, QSTREAM_METRICS_ALLOW, ...).
async function ownBridge(env = {}, host = '127.0.0.1') {
  const port = await freePort(host);
  const [cmd, ...args] = stack.daemonArgv('wsbridge');
  const log = openSync(`${STATE}/log/wsbridge-metrics.log`, 'a');
  const child = spawn(cmd, args, {
    env: { ...process.env, QSTREAM_WS_PORT: String(port), QSTREAM_WS_HOST: host, ...env },
    stdio: ['ignore', log, log],
  });
  children.push(child);
  const http = `http://${host}:${port}`;
  await until(async () => {
    try { await fetch(`${http}/metrics`); return true; } catch { return false; }
  }, 10000, 'the bridge to listen');
  return { http, ws: `ws://${host}:${port}/`, child };
}

// A client that also counts the frames and payload bytes it received.
function counted(url) {
  const c = new WsClient(url);
  c.frames = 0;
  c.bytes = 0;
  c.ws.on('message', (data) => { c.frames++; c.bytes += data.length; });
  clients.push(c);
  return c;
}

test('GET /metrics on the bridge: Prometheus text with HELP and TYPE for every family; anything else is not metrics', async () => {
  const s = await scrape(stackBridge());
  assert.equal(s.status, 200);
  assert.equal(s.type, 'text/plain; version=0.0.4; charset=utf-8');
  for (const series of ['qstream_ws_sockets{view="public"}', 'qstream_ws_sockets{view="staff"}',
    'qstream_ws_channels', 'qstream_ws_events_in_total', 'qstream_ws_events_out_total',
    'qstream_ws_frames_out_total', 'qstream_ws_bytes_out_total', 'qstream_ws_resyncs_total',
    'qstream_ws_slow_closes_total', 'qstream_ws_redis_reconnects_total',
    'qstream_ws_auth_total{result="refused"}', 'qstream_ws_redis_up',
    'qstream_ws_refused_total{why="origin"}', 'qstream_ws_max_sockets']) {
    v(s, series);
  }
  assert.equal(v(s, 'qstream_ws_redis_up'), 1);
  const started = v(s, 'qstream_ws_start_time_seconds');
  assert.ok(started > 1.7e9 && started <= Date.now() / 1000 + 1, 'a start time in Unix seconds');

  // other methods and paths
  const post = await fetch(`${stackBridge()}/metrics`, { method: 'POST', body: 'x'.repeat(10000) });
  assert.equal(post.status, 405);
  assert.equal((await post.json()).error.code, 'method_not_allowed');
  const other = await fetch(`${stackBridge()}/metrics.txt`);
  assert.equal(other.status, 404);
  assert.doesNotMatch(await other.text(), /qstream_ws_/);
  const withQuery = await fetch(`${stackBridge()}/metrics?format=text`);
  assert.equal(withQuery.status, 200, 'a query string changes nothing');
  await withQuery.text();
});

test('the bridge\'s metrics are not reachable through nginx, and a proxied request is refused', async () => {
  for (const path of ['/metrics', '/ws/metrics', '/ws?/metrics', '/ws', '/ws/../metrics']) {
    const r = await fetch(BASE + path);
    const text = await r.text();
    assert.doesNotMatch(text, /qstream_ws_/, `${path} through nginx`);
  }
  // nginx sets X-Forwarded-For on /ws: a request with it came through a
  // proxy, whose address (loopback) is not the client's
  const before = v(await scrape(stackBridge()), 'qstream_ws_metrics_refused_total');
  const r = await scrape(stackBridge(), { 'X-Forwarded-For': '127.0.0.1' });
  assert.equal(r.status, 403);
  assert.equal(r.type, 'application/json');
  assert.equal(r.json.error.code, 'forbidden');
  assert.equal(v(await scrape(stackBridge()), 'qstream_ws_metrics_refused_total'), before + 1);
});

test('sockets (public and staff), channels, auth answers, events in and out, frames and bytes out go up as they happen', async () => {
  const d = await makeDepartment({ staff: 1 });
  const b = await ownBridge();
  const s0 = await scrape(b.http);
  assert.equal(v(s0, 'qstream_ws_sockets{view="public"}'), 0);
  assert.equal(v(s0, 'qstream_ws_sockets{view="staff"}'), 0);
  assert.equal(v(s0, 'qstream_ws_frames_out_total'), 0);

  const board = counted(b.ws);
  const staff = counted(b.ws);
  const stranger = counted(b.ws);
  await Promise.all([board.opened, staff.opened, stranger.opened]);
  for (const c of [board, staff, stranger]) await c.next((m) => m.type === 'welcome', 5000, 'welcome');
  await until(async () => v(await scrape(b.http), 'qstream_ws_sockets{view="public"}') === 3, 5000, '3 public sockets');

  staff.send({ type: 'auth', token: d.staff[0].token });
  await staff.next((m) => m.type === 'authenticated', 5000, 'authenticated');
  stranger.send({ type: 'auth', token: 'not.a.token' });
  await stranger.next((m) => m.type === 'error' && m.code === 'forbidden', 5000, 'forbidden');
  for (const c of [board, staff]) {
    c.send({ type: 'join', channel: `department:${d.id}` });
    await c.next((m) => m.type === 'joined', 5000, 'joined');
  }
  let s = await scrape(b.http);
  assert.equal(v(s, 'qstream_ws_sockets{view="public"}'), 2);
  assert.equal(v(s, 'qstream_ws_sockets{view="staff"}'), 1);
  assert.equal(v(s, 'qstream_ws_auth_total{result="ok"}'), 1);
  assert.equal(v(s, 'qstream_ws_auth_total{result="refused"}'), 1);
  assert.ok(v(s, 'qstream_ws_channels') >= 1);

  // an event through the API: one in, one out per subscriber
  const inBefore = v(s, 'qstream_ws_events_in_total');
  const outBefore = v(s, 'qstream_ws_events_out_total');
  const t = (await api('POST', '/tickets', { body: { service_id: d.services[0], customer_name: 'Metrics' } })).json;
  for (const c of [board, staff]) {
    await c.next((m) => m.type === 'ticket_created' && m.ticket.public_id === t.public_id, 5000, 'the event');
  }
  s = await scrape(b.http);
  assert.ok(v(s, 'qstream_ws_events_in_total') >= inBefore + 1, 'events in');
  assert.ok(v(s, 'qstream_ws_events_out_total') >= outBefore + 2, 'events out, one per subscriber');

  // every frame this bridge wrote went to one of these three sockets: the
  // counts agree exactly once the last frame arrived
  const mine = () => [board, staff, stranger].reduce((a, c) => [a[0] + c.frames, a[1] + c.bytes], [0, 0]);
  await until(async () => {
    const now = await scrape(b.http);
    const [frames, bytes] = mine();
    return v(now, 'qstream_ws_frames_out_total') === frames && v(now, 'qstream_ws_bytes_out_total') === bytes;
  }, 5000, 'frames and bytes out to equal what the sockets received');
  assert.ok(mine()[0] >= 3 + 1 + 1 + 2 + 2, 'welcome x3, authenticated, error, joined x2, the event x2');

  // a browser page from elsewhere: refused (403), counted by why
  const refused = await new Promise((resolve) => {
    const ws = new WebSocket(b.ws, { origin: 'https://evil.example' });
    ws.on('open', () => { ws.terminate(); resolve(101); });
    ws.on('unexpected-response', (req, res) => { res.resume(); req.destroy(); resolve(res.statusCode); });
    ws.on('error', () => resolve(null));
  });
  assert.equal(refused, 403);
  s = await scrape(b.http);
  assert.equal(v(s, 'qstream_ws_refused_total{why="origin"}'), 1);
  assert.equal(v(s, 'qstream_ws_refused_total{why="capacity"}'), 0);
  assert.equal(v(s, 'qstream_ws_sockets{view="public"}'), 2, 'a refused handshake is no socket');

  // the staff socket goes away: both gauges follow
  await staff.close();
  await until(async () => {
    const now = await scrape(b.http);
    return v(now, 'qstream_ws_sockets{view="staff"}') === 0 && v(now, 'qstream_ws_sockets{view="public"}') === 2;
  }, 5000, 'the staff socket to leave the count');
  await Promise.all([board.close(), stranger.close()]);
  await until(async () => v(await scrape(b.http), 'qstream_ws_sockets{view="public"}') === 0, 5000, 'no sockets left');
});

test('a Redis restart: redis_up falls to 0 and comes back, one reconnect counted, joined sockets get resync', async () => {
  const b = await ownBridge();
  const board = counted(b.ws);
  await board.opened;
  board.send({ type: 'join', channel: 'department:1' });
  await board.next((m) => m.type === 'joined', 5000, 'joined');
  const s0 = await scrape(b.http);
  assert.equal(v(s0, 'qstream_ws_redis_up'), 1);
  const reconnects = v(s0, 'qstream_ws_redis_reconnects_total');
  const resyncs = v(s0, 'qstream_ws_resyncs_total');

  await stack.redisStop();
  try {
    await until(async () => v(await scrape(b.http), 'qstream_ws_redis_up') === 0, 15000, 'redis_up 0');
  } finally {
    await stack.redisStart();
  }
  await until(async () => v(await scrape(b.http), 'qstream_ws_redis_up') === 1, 15000, 'redis_up 1 again');
  await board.next((m) => m.type === 'resync' && m.reason === 'redis_reconnected', 10000, 'resync');
  const s = await scrape(b.http);
  assert.equal(v(s, 'qstream_ws_redis_reconnects_total'), reconnects + 1);
  assert.ok(v(s, 'qstream_ws_resyncs_total') >= resyncs + 1);
});

// An address of this machine other than loopback: connecting to it from
// here comes from it, which is what a monitoring host elsewhere looks like.
function outsideAddress() {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list || []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

test('an address outside loopback gets 403 unless metrics_allow names it', async (t) => {
  const addr = outsideAddress();
  if (!addr) {
    t.skip('this machine has no address but loopback');
    return;
  }
  // bound to that address for the few seconds of the test
  const closed = await ownBridge({ QSTREAM_METRICS_ALLOW: '10.255.255.0/24, ::1' }, addr);
  const r = await scrape(closed.http);
  assert.equal(r.status, 403);
  assert.equal(r.json.error.code, 'forbidden');
  const open = await ownBridge({ QSTREAM_METRICS_ALLOW: `10.255.255.0/24, ${addr}/32` }, addr);
  const ok = await scrape(open.http);
  assert.equal(ok.status, 200);
  assert.equal(v(ok, 'qstream_ws_sockets{view="public"}'), 0);
  assert.equal(v(ok, 'qstream_ws_metrics_refused_total'), 0);
});
