// Manual end-to-end check of a running qstream-wsbridge against its Redis.
//
//   cd tests && node ../wsbridge/manual_check.js <ws_port> <redis_port> <allowed_origin>
//
// Needs `ws` (tests/node_modules) and redis-cli.  The bridge must be fresh
// (no events seen yet on departments 3 and 4) and run with the default
// heartbeat.  Prints one line per check and exits 1 on the first failure.
// Not part of `make check`: the official API tests live in tests/api.
'use strict';
const path = require('path');
const { execFileSync } = require('child_process');
const WebSocket = require(path.join(process.cwd(), 'node_modules', 'ws'));

const [wsPort, redisPort, goodOrigin] = process.argv.slice(2);
if (!wsPort || !redisPort || !goodOrigin) {
  console.error('usage: node manual_check.js <ws_port> <redis_port> <allowed_origin>');
  process.exit(2);
}
const URL = `ws://127.0.0.1:${wsPort}/ws`;
const PUBLIC_ID = 'AbCdEfGhIjKlMnOpQrStUv_-12';

function publish(dept, obj) {
  const payload = typeof obj === 'string' ? obj : JSON.stringify(obj);
  execFileSync('redis-cli', ['-p', String(redisPort), 'PUBLISH', `qstream:dept:${dept}`, payload]);
}

function event(dept, seq, extra = {}) {
  return {
    type: 'ticket_created', department_id: dept, seq, ts: '2026-11-29T08:01:02Z',
    ticket: {
      id: 9000 + seq, public_id: PUBLIC_ID, ticket_number: `A-${String(seq).padStart(3, '0')}`,
      status: 'waiting', customer_name: 'Jane Doe', customer_phone: '+15550100',
      notes: 'private', served_by: { id: 4, full_name: 'Staff Person' },
    },
    counter: null, waiting: { 7: 12 }, ...extra,
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A client that queues every message so tests can await them in order.
function connect(opts = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(URL, opts);
    const c = { ws, queue: [], waiters: [], closed: null };
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      const w = c.waiters.shift();
      if (w) w(m); else c.queue.push(m);
    });
    ws.on('close', (code, reason) => {
      c.closed = { code, reason: reason.toString() };
      while (c.waiters.length) c.waiters.shift()(null);
    });
    ws.on('open', () => resolve(c));
    ws.on('error', reject);
    ws.on('unexpected-response', (req, res) => reject(new Error(`http ${res.statusCode}`)));
  });
}
function next(c, ms = 2000) {
  if (c.queue.length) return Promise.resolve(c.queue.shift());
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout waiting for a message')), ms);
    c.waiters.push((m) => { clearTimeout(t); resolve(m); });
  });
}
async function nothing(c, ms = 300) {
  await sleep(ms);
  if (c.queue.length) throw new Error(`unexpected message ${JSON.stringify(c.queue[0])}`);
}
function send(c, obj) { c.ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj)); }
function closed(c, ms = 2000) {
  return new Promise((resolve, reject) => {
    if (c.closed) return resolve(c.closed);
    const t = setTimeout(() => reject(new Error('socket not closed')), ms);
    c.ws.on('close', (code, reason) => { clearTimeout(t); resolve({ code, reason: reason.toString() }); });
  });
}

let passed = 0;
function check(cond, what, detail) {
  if (!cond) {
    console.log(`FAIL ${what}${detail !== undefined ? ': ' + JSON.stringify(detail) : ''}`);
    process.exit(1);
  }
  passed++;
  console.log(`ok   ${what}`);
}

async function main() {
  const a = await connect();
  const w = await next(a);
  check(w.type === 'welcome' && /^[0-9a-f]{32}$/.test(w.client_id) && w.heartbeat_s === 25,
    'welcome on connect', w);

  send(a, { type: 'join', channel: 'department:3' });
  let m = await next(a);
  check(m.type === 'joined' && m.channel === 'department:3' && m.seq === null, 'join -> joined, seq null', m);

  publish(3, event(3, 1));
  m = await next(a);
  check(m.type === 'ticket_created' && m.channel === 'department:3' && m.seq === 1, 'event arrives with channel', m);
  check(!('customer_name' in m.ticket) && !('customer_phone' in m.ticket) && !('notes' in m.ticket) &&
        !('id' in m.ticket) && !('served_by' in m.ticket), 'public view strips personal data and id', m.ticket);
  check(m.ticket.public_id === PUBLIC_ID && m.ticket.ticket_number === 'A-001' && m.waiting['7'] === 12,
    'public view keeps public fields', m);

  publish(3, event(3, 3));
  publish(3, event(3, 2));
  const o1 = await next(a), o2 = await next(a);
  check(o1.seq === 2 && o2.seq === 3, 'out-of-order 3,2 delivered as 2,3', [o1.seq, o2.seq]);

  publish(3, event(3, 3));
  await nothing(a);
  check(true, 'duplicate seq dropped');

  const b = await connect();
  await next(b);
  send(b, { type: 'join', channel: 'department:3', since: 1 });
  m = await next(b);
  check(m.type === 'joined' && m.seq === 3, 'joined reports latest seq', m);
  const r1 = await next(b), r2 = await next(b);
  check(r1.seq === 2 && r2.seq === 3 && r1.channel === 'department:3', 'since=1 replays 2,3', [r1.seq, r2.seq]);
  await nothing(b, 100);

  send(b, { type: 'join', channel: 'department:4', since: 10 });
  m = await next(b);
  check(m.type === 'joined' && m.seq === null, 'join unknown history', m);
  m = await next(b);
  check(m.type === 'resync' && m.reason === 'since_too_old' && m.channel === 'department:4', 'since_too_old', m);

  // a gap that does not fill: resync "gap" after the hold time, then the event
  const t0 = Date.now();
  publish(3, event(3, 5));
  m = await next(a);
  const held = Date.now() - t0;
  check(m.type === 'resync' && m.reason === 'gap' && m.channel === 'department:3', 'gap -> resync', m);
  check(held >= 400 && held < 1500, `gap held ~500 ms (${held} ms)`);
  m = await next(a);
  check(m.seq === 5, 'held event follows the resync', m);
  await next(b); await next(b);   // b sees the same

  // ticket channel
  send(b, { type: 'join', channel: `ticket:${PUBLIC_ID}` });
  m = await next(b);
  check(m.type === 'joined' && m.channel === `ticket:${PUBLIC_ID}`, 'join ticket channel', m);
  publish(3, event(3, 6));
  const got = [await next(b), await next(b)].map((x) => x.channel).sort();
  check(got[0] === 'department:3' && got[1] === `ticket:${PUBLIC_ID}`, 'ticket event on both channels', got);
  await next(a);

  send(b, { type: 'leave', channel: 'department:3' });
  m = await next(b);
  check(m.type === 'left' && m.channel === 'department:3', 'leave -> left', m);
  publish(3, event(3, 7));
  m = await next(b);
  check(m.channel === `ticket:${PUBLIC_ID}` && m.seq === 7, 'after leave only the ticket channel', m);
  await nothing(b, 200);
  await next(a);

  send(a, { type: 'ping' });
  m = await next(a);
  check(m.type === 'pong', 'ping -> pong', m);

  send(a, 'not json');
  m = await next(a);
  check(m.type === 'error' && m.code === 'bad_message', 'invalid json -> bad_message', m);
  send(a, { type: 'dance' });
  m = await next(a);
  check(m.type === 'error' && m.code === 'bad_message', 'unknown type -> bad_message', m);
  send(a, { type: 'join', channel: 'room:1' });
  m = await next(a);
  check(m.type === 'error' && m.code === 'unknown_channel', 'bad channel -> unknown_channel', m);
  send(a, { type: 'join', channel: 'department:3', since: '1' });
  m = await next(a);
  check(m.type === 'error' && m.code === 'bad_message', 'since as string -> bad_message', m);
  send(a, { type: 'auth', token: 'x.y.z' });
  m = await next(a);
  check(m.type === 'error' && m.code === 'forbidden', 'auth -> forbidden for now', m);

  for (let i = 100; i < 131; i++) send(a, { type: 'join', channel: `department:${i}` });
  for (let i = 100; i < 131; i++) await next(a);
  send(a, { type: 'join', channel: 'department:999' });
  m = await next(a);
  check(m.type === 'error' && m.code === 'too_many_channels', '33rd channel -> too_many_channels', m);
  send(a, { type: 'join', channel: 'department:3' });
  m = await next(a);
  check(m.type === 'joined', 'rejoin of a joined channel is idempotent at the limit', m);

  // exactly 4096 bytes is fine, 4097 closes with 1009
  const base = '{"type":"ping","pad":""}';
  const exact = base.replace('""', '"' + 'x'.repeat(4096 - base.length) + '"');
  send(a, exact);
  m = await next(a);
  check(exact.length === 4096 && m.type === 'pong', '4096-byte message accepted', exact.length);
  send(a, exact.replace('"x', '"xx'));
  const cl = await closed(a);
  check(cl.code === 1009, '4097-byte message closes 1009', cl);

  let refused = null;
  try { await connect({ origin: 'https://evil.example' }); } catch (e) { refused = e.message; }
  check(refused !== null, 'bad Origin refused', refused);
  const g = await connect({ origin: goodOrigin });
  m = await next(g);
  check(m.type === 'welcome', 'allowed Origin accepted', m);

  b.ws.close(); g.ws.close();
  console.log(`all ${passed} checks passed`);
}

main().catch((e) => { console.log(`FAIL ${e.stack}`); process.exit(1); });
