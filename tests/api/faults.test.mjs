// Faults against the real stack: Redis and PostgreSQL going away and coming
// back.  Losing Redis loses liveness, never data; losing PostgreSQL is a JSON
// 503, never a hang or a crash; both recover without restarting a worker.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { api, apiWorkers, sql, firstDepartment, DEMO_PASSWORD, ScreenView, WsClient, stack, until, STATE, BASE } from './lib.mjs';

if (!STATE) throw new Error('QSTREAM_STATE_DIR is not set: run the tests with scripts/dev test');
const dept = await firstDepartment();
const svc = dept.services[0];
const clients = [];
after(() => Promise.all(clients.map((c) => c.close())));

test('Redis down: health is degraded, tickets are still taken; the live path comes back', async () => {
  const ws = new WsClient();
  clients.push(ws);
  await ws.opened;
  ws.send({ type: 'join', channel: `department:${dept.id}` });
  await ws.next((m) => m.type === 'joined', 5000, 'joined');

  await stack.redisStop();
  try {
    await until(async () => (await api('GET', '/health')).json?.status === 'degraded', 5000, 'degraded health');
    const h = await api('GET', '/health');
    assert.equal(h.status, 200);
    assert.equal(h.json.redis, 'unavailable');
    assert.equal(h.json.database, 'ok');
    const r = await api('POST', '/tickets', { body: { service_id: svc.id } });
    assert.equal(r.status, 201, 'a publish that fails does not fail the request');
    assert.equal(sql(`SELECT status FROM tickets WHERE public_id = '${r.json.public_id}'`), 'waiting');
  } finally {
    await stack.redisStart();
  }
  await until(async () => (await api('GET', '/health')).json?.status === 'ok', 10000, 'health ok again');
  // the bridge resubscribes and tells every joined socket to refetch
  const rs = await ws.next((m) => m.type === 'resync', 20000, 'resync after the bridge reconnected');
  assert.equal(rs.channel, `department:${dept.id}`);
  const t = (await api('POST', '/tickets', { body: { service_id: svc.id } })).json;
  await ws.next((m) => m.type === 'ticket_created' && m.ticket.public_id === t.public_id, 10000, 'event after recovery');
});

// A screen on its own socket (ScreenView of lib.mjs).
class ScreenModel extends ScreenView {
  constructor(deptId) {
    super(deptId, async () => (await api('GET', `/display/${deptId}`)).json);
    this.ws = new WsClient();
    this.ws.ws.on('message', (data) => this.onMessage(JSON.parse(data.toString())));
  }
  async start() {
    await this.ws.opened;
    this.ws.send({ type: 'join', channel: `department:${this.dept}` });
    await this.ws.next((m) => m.type === 'joined', 5000, 'joined');
    await this.refetch();
  }
}

test('Redis restart while tickets are taken and called: every screen ends equal to the REST snapshot', { timeout: 90000 }, async () => {
  const { makeDepartment } = await import('./lib.mjs');
  const d = await makeDepartment({ staff: 2 });
  for (let i = 0; i < 30; i++) await api('POST', '/tickets', { body: { service_id: d.services[i % 2] } });
  const screens = [new ScreenModel(d.id), new ScreenModel(d.id), new ScreenModel(d.id)];
  for (const s of screens) { clients.push(s.ws); await s.start(); }

  // two desks serve and a kiosk takes tickets, without pause, until told to stop
  let running = true;
  let served = 0;
  const desk = async (st) => {
    while (running) {
      const r = await api('POST', '/tickets/call-next', { token: st.token, body: { counter_id: st.counter } });
      if (r.status !== 200) { await new Promise((x) => setTimeout(x, 20)); continue; }
      await api('POST', `/tickets/${r.json.id}/start`, { token: st.token });
      await api('POST', `/tickets/${r.json.id}/complete`, { token: st.token });
      served++;
    }
  };
  const kiosk = async () => {
    for (let i = 0; running; i++) {
      await api('POST', '/tickets', { body: { service_id: d.services[i % 2] } });
      await new Promise((x) => setTimeout(x, 30));
    }
  };
  const work = Promise.all([desk(d.staff[0]), desk(d.staff[1]), kiosk()]);
  await new Promise((r) => setTimeout(r, 700));
  await stack.redisStop();
  await new Promise((r) => setTimeout(r, 1000));
  await stack.redisStart();
  await new Promise((r) => setTimeout(r, 1500));
  running = false;
  await work;
  const t0 = Date.now();
  assert.ok(served > 0, 'the desks served while Redis restarted');

  const final = (await api('GET', `/display/${d.id}`)).json;
  const want = Object.fromEntries(final.waiting.map((w) => [String(w.service_id), w.count]));
  await until(async () => screens.every((s) => s.view && s.view.seq === final.seq), 20000,
    `every screen at seq ${final.seq} (they are at ${screens.map((s) => s.view?.seq)})`);
  console.log(`# Redis restart under load: ${served} tickets served; every screen equal to the final snapshot ${Date.now() - t0} ms after the last change; snapshot fetches per screen ${screens.map((s) => s.refetches)}, the first screen's reasons ${JSON.stringify(screens[0].reasons)}`);
  for (const s of screens) {
    assert.deepEqual(s.view.waiting, want, 'the waiting counts equal the REST snapshot');
    assert.ok(s.refetches >= 2, 'the screen was told to refetch after the restart');
  }
});

test('PostgreSQL restart: the next requests succeed on fresh connections', async () => {
  await stack.pgRestart();
  // more requests than worker threads, so every thread meets its dead connection
  for (let i = 0; i < 12; i++) {
    const d = await api('GET', `/display/${dept.id}`);
    assert.equal(d.status, 200, `display after restart: ${d.text}`);
    const t = await api('POST', '/tickets', { body: { service_id: svc.id } });
    assert.equal(t.status, 201, `ticket after restart: ${t.text}`);
  }
});

test('PostgreSQL down: JSON 503 unavailable, and recovery when it returns', async () => {
  await stack.pgStop();
  try {
    for (const [method, path, body] of [['GET', '/health'], ['GET', `/display/${dept.id}`],
      ['GET', '/public/departments'], ['POST', '/tickets', { service_id: svc.id }]]) {
      const r = await api(method, path, body ? { body } : {});
      assert.equal(r.status, 503, `${method} ${path}`);
      assert.equal(r.json.error.code, 'unavailable');
      assert.equal(r.headers.get('retry-after'), '2');
      assert.ok(!/postgres|libpq|connection to server/i.test(r.text), 'no library text reaches a client');
    }
  } finally {
    await stack.pgStart();
  }
  await until(async () => (await api('GET', '/health')).status === 200, 15000, 'health 200 again');
  const t = await api('POST', '/tickets', { body: { service_id: svc.id } });
  assert.equal(t.status, 201);
});

// The API is a master and worker processes (fcgi/master.h): a worker that
// dies costs only the requests it held; the others go on at once, and the
// master starts a new one, which serves on its own.  The counters of
// /metrics are the sum over the processes.
test('a worker process killed with SIGKILL: requests go on, the master starts a new one that serves', { timeout: 60000 }, async () => {
  const workers = apiWorkers;
  const scrape = async () => (await fetch(`${BASE}/api/v1/metrics`)).text();
  const value = (text, name, labels = {}) => {
    const line = text.split('\n').find((l) => (l.startsWith(name + '{') || l.startsWith(name + ' ')) &&
      Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };
  const before = workers();
  assert.ok(before.length >= 2, `the API runs as a master with worker processes (found: ${before})`);
  const m0 = await scrape();

  // four clients without pause while one worker is killed
  let running = true;
  const answers = [];
  const client = async () => {
    while (running) answers.push((await api('GET', `/display/${dept.id}`)).status);
  };
  const load = Promise.all([client(), client(), client(), client()]);
  await new Promise((r) => setTimeout(r, 300));
  const victim = before[0];
  const killedAt = answers.length;
  process.kill(victim, 'SIGKILL');
  await until(() => { const w = workers(); return w.length === before.length && !w.includes(victim); }, 10000,
    'the master to start a new worker');
  const fresh = workers().filter((p) => !before.includes(p));
  assert.equal(fresh.length, 1, 'one new worker');
  await new Promise((r) => setTimeout(r, 300));
  running = false;
  await load;
  const after = answers.slice(killedAt);
  assert.ok(after.filter((s) => s === 200).length > 4, `requests went on succeeding: ${after.length} answers after the kill, ${after.filter((s) => s === 200).length} of them 200`);
  // only what the killed worker held may fail, and as the JSON 503 of nginx
  const failed = answers.filter((s) => s !== 200);
  assert.ok(failed.every((s) => s === 503), `statuses: ${failed}`);
  assert.ok(failed.length <= 4, `at most the 4 requests in flight fail, got ${failed.length}`);
  assert.match(readFileSync(`${STATE}/log/api.log`, 'utf8'), new RegExp(`event=worker_died slot=\\d+ signal=9 `));

  // the new worker serves on its own: the other ones stopped for a moment
  const others = workers().filter((p) => p !== fresh[0]);
  for (const p of others) process.kill(p, 'SIGSTOP');
  // SIGSTOP takes effect a moment later: a thread still running could take
  // the next connection and then stop holding it; wait until every thread
  // of theirs is stopped (state T in /proc)
  const stopped = (pid) => {
    try {
      return readdirSync(`/proc/${pid}/task`).every((t) =>
        /^\d+ \(.*\) [tT] /.test(readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8')));
    } catch { return false; }
  };
  await until(() => others.every(stopped), 5000, 'the other workers to be stopped');
  try {
    for (let i = 0; i < 10; i++) {
      const t = await api('POST', '/tickets', { body: { service_id: svc.id } });
      assert.equal(t.status, 201, `ticket from the new worker alone: ${t.text}`);
    }
    // the counters are the sum over every process, the killed one's too
    const before200 = value(await scrape(), 'qstream_http_requests_total', { route: '/api/v1/health', status: '200' });
    for (let i = 0; i < 7; i++) assert.equal((await api('GET', '/health')).status, 200);
    const m1 = await scrape();
    assert.equal(value(m1, 'qstream_http_requests_total', { route: '/api/v1/health', status: '200' }), before200 + 7, 'health counted');
    assert.equal(value(m1, 'qstream_api_processes'), before.length, 'processes');
    assert.equal(value(m1, 'qstream_api_process_restarts_total'), value(m0, 'qstream_api_process_restarts_total') + 1, 'restarts');
    const display = (t) => value(t, 'qstream_http_requests_total', { route: '/api/v1/display/{department_id}', status: '200' });
    assert.ok(display(m1) - display(m0) >= answers.filter((s) => s === 200).length,
      `every display answered, by whichever process, is counted: ${display(m1) - display(m0)} counted, ${answers.filter((s) => s === 200).length} answered`);
  } finally {
    for (const p of others) process.kill(p, 'SIGCONT');
  }
  // and together again
  for (let i = 0; i < 8; i++) assert.equal((await api('GET', '/health')).status, 200);
});

test('a worker that keeps dying at once is started again after a growing pause, and serves when it lives', { timeout: 60000 }, async () => {
  const workers = apiWorkers;
  const n = workers().length;
  assert.ok(n >= 2, 'a master with worker processes');
  // every worker older than a second (one may have just replaced another)
  await new Promise((r) => setTimeout(r, 1200));
  const logAt = readFileSync(`${STATE}/log/api.log`, 'utf8').length;
  // kill the newest worker as soon as it appears, three times: each lived far less than a second
  const seen = workers();
  let victim = seen[0];
  for (let i = 0; i < 3; i++) {
    process.kill(victim, 'SIGKILL');
    await until(() => { const w = workers(); return w.length === n && w.some((p) => !seen.includes(p)); }, 15000, `worker ${i + 2}`);
    victim = workers().find((p) => !seen.includes(p));
    seen.push(victim);
  }
  const log = readFileSync(`${STATE}/log/api.log`, 'utf8').slice(logAt);
  const pauses = [...log.matchAll(/event=worker_died slot=\d+ signal=9 lived_ms=\d+ respawn_in_ms=(\d+)/g)].map((m) => Number(m[1]));
  // the first death after a long life: at once; then 100 ms, 200 ms
  assert.deepEqual(pauses, [0, 100, 200], log.split('\n').filter((l) => l.includes('worker_')).join('\n'));
  // the last one lives: all answer again
  for (let i = 0; i < 10; i++) assert.equal((await api('GET', '/health')).status, 200);
  assert.equal(workers().length, n);
});

test('api_processes is checked: out of range or more than api_threads refuses to start, naming the key', async () => {
  const { spawnSync } = await import('node:child_process');
  const [bin, ...args] = stack.daemonArgv('api');
  const check = (env) => spawnSync(bin, [...args, '--check-config'], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 10000 });
  assert.equal(check({}).status, 0);
  assert.equal(check({ QSTREAM_API_PROCESSES: '0' }).status, 0, 'one process without a master');
  for (const [env, what] of [[{ QSTREAM_API_PROCESSES: '-1' }, 'api_processes'], [{ QSTREAM_API_PROCESSES: '65' }, 'api_processes'],
    [{ QSTREAM_API_PROCESSES: '2x' }, 'api_processes'], [{ QSTREAM_API_PROCESSES: '' }, 'api_processes'],
    [{ QSTREAM_API_PROCESSES: '9', QSTREAM_API_THREADS: '8' }, 'api_processes (9) must not exceed api_threads (8)']]) {
    const r = check(env);
    assert.equal(r.status, 1, JSON.stringify(env));
    assert.ok(r.stderr.includes(what), `${JSON.stringify(env)}: ${r.stderr}`);
  }
});

test('SIGTERM: the API finishes what it acknowledged and what was queued for it, and a new worker takes over', async () => {
  const nginxErrors = `${STATE}/log/nginx-error.log`;
  const errorsAt = existsSync(nginxErrors) ? readFileSync(nginxErrors, 'utf8').length : 0;
  // a burst of takers, more than the API's threads, and the worker is told
  // to stop while it is serving them and the rest wait in its socket's queue
  const burst = Promise.all(Array.from({ length: 24 }, (_, i) =>
    api('POST', '/tickets', { body: { service_id: svc.id, customer_name: `shutdown-${i}` } })));
  await new Promise((r) => setTimeout(r, 5));
  const stopping = stack.daemonStop('api');
  const replies = await burst;
  await stopping;
  const log = readFileSync(`${STATE}/log/api.log`, 'utf8');
  assert.match(log, /event=stopped/, 'the worker logged a clean stop');
  // a connection nginx had handed over is served, never reset or dropped
  // (a refused connect, once the socket is closed, is nginx's 503 and fine)
  const upstreamErrors = (existsSync(nginxErrors) ? readFileSync(nginxErrors, 'utf8').slice(errorsAt) : '')
    .split('\n').filter((l) => /reset by peer|prematurely closed/.test(l));
  assert.deepEqual(upstreamErrors, [], 'requests nginx had sent were reset by the stopping API');
  for (const r of replies) {
    assert.ok(r.status === 201 || r.status === 503, `got ${r.status}: ${r.text}`);
    if (r.status === 503) assert.equal(r.json.error.code, 'unavailable');
  }
  // nothing acknowledged is lost
  for (const r of replies.filter((x) => x.status === 201)) {
    assert.equal(sql(`SELECT count(*) FROM tickets WHERE public_id = '${r.json.public_id}'`), '1');
  }
  const down = await api('GET', '/health');
  assert.equal(down.status, 503);
  assert.equal(down.json.error.code, 'unavailable');

  stack.daemonStart('api');
  await until(async () => (await api('GET', '/health')).status === 200, 15000, 'the new worker');
  assert.equal((await api('POST', '/tickets', { body: { service_id: svc.id } })).status, 201);
});

// The stop serves what is queued, but not forever: under a load that never
// lets up nginx keeps queueing on the socket, and the API must still end.
test('SIGTERM under a load that never lets up: the API still stops, answering every request it took', { timeout: 60000 }, async () => {
  // signing in hashes the password (Argon2, tens of ms of a thread): 32 of
  // them at once keep every thread busy and the socket's queue never empty
  let running = true;
  const statuses = [];
  const client = async () => {
    while (running) {
      statuses.push((await api('POST', '/auth/login', { body: { username: 'staff.clinic1', password: DEMO_PASSWORD } })).status);
    }
  };
  const load = Array.from({ length: 32 }, client);
  await until(() => statuses.length >= 64, 20000, 'the load to run');
  await stack.daemonStop('api'); // fails after 15 s if the API never stops
  running = false;
  await Promise.all(load);
  const other = statuses.filter((s) => s !== 200 && s !== 503);
  assert.deepEqual(other, [], 'only answers or the 503 of a stopped API');

  stack.daemonStart('api');
  await until(async () => (await api('GET', '/health')).status === 200, 15000, 'the API again');
});

test('bridge restart: sockets close with 1001, clients rejoin with since and recover to the REST snapshot', async () => {
  const ws = new WsClient();
  clients.push(ws);
  await ws.opened;
  ws.send({ type: 'join', channel: `department:${dept.id}` });
  await ws.next((m) => m.type === 'joined', 5000, 'joined');
  const before = (await api('GET', `/display/${dept.id}`)).json;

  const stopping = stack.daemonStop('wsbridge');
  const closed = await ws.closed;
  await stopping;
  assert.equal(closed.code, 1001, 'going away: clients reconnect at once');
  // changes while the bridge is down reach nobody live
  const missed = [];
  for (let i = 0; i < 3; i++) missed.push((await api('POST', '/tickets', { body: { service_id: svc.id } })).json);

  const t0 = Date.now();
  stack.daemonStart('wsbridge');
  let again;
  await until(async () => {
    try {
      const c = new WsClient();
      await c.opened;
      again = c;
      return true;
    } catch { return false; }
  }, 15000, 'the bridge to accept sockets again');
  clients.push(again);
  again.send({ type: 'join', channel: `department:${dept.id}`, since: before.seq });
  await again.next((m) => m.type === 'joined', 5000, 'joined again');
  // the new bridge never saw the missed events: it must say so
  const rs = await again.next((m) => m.type === 'resync' || (m.type === 'ticket_created' && m.seq === before.seq + 1), 5000, 'resync or replay');
  // the client then refetches the snapshot, as the SPA does
  const snap = (await api('GET', `/display/${dept.id}`)).json;
  console.log(`# bridge recovery: ${Date.now() - t0} ms from start to a usable socket (${rs.type})`);
  assert.equal(snap.seq, before.seq + 3);
  const w = snap.waiting.find((x) => x.service_id === svc.id);
  const w0 = before.waiting.find((x) => x.service_id === svc.id);
  assert.equal(w.count, w0.count + 3, 'the snapshot has every missed ticket');
  // and the live path works again, continuing from the snapshot's seq
  const t = (await api('POST', '/tickets', { body: { service_id: svc.id } })).json;
  const ev = await again.next((m) => m.type === 'ticket_created' && m.ticket.public_id === t.public_id, 5000, 'live again');
  assert.equal(ev.seq, snap.seq + 1);
  assert.ok(missed.every((m) => m.public_id));
});

// A socket that stops reading must not hold the others back nor hold memory
// in the bridge: it falls out of the department's ring and, when it reads
// again, is told to refetch (resync too_slow) or is closed (4008).  The burst
// is paced at about 2,000 events a second: hundreds of times what an office
// produces, yet one a healthy reader follows.  (A reader slower than the
// stream is itself "too slow": an unpaced burst of tens of thousands of
// events a second also ends a healthy Node.js reader with a resync.)
test('a client that stops reading falls behind: resync too_slow or close 4008, while others get every event', {
  timeout: 120000,
}, async () => {
  const { execFileSync } = await import('node:child_process');
  const { makeDepartment, sql: q } = await import('./lib.mjs');
  const d = await makeDepartment({ staff: 0 });
  const channel = `department:${d.id}`;
  const join = async () => {
    const c = new WsClient();
    clients.push(c);
    await c.opened;
    c.send({ type: 'join', channel });
    await c.next((m) => m.type === 'joined', 5000, 'joined');
    return c;
  };
  const good = await join();
  const slow = await join();
  slow.ws._socket.pause(); // stop reading: the kernel buffers fill, then the bridge's ring passes it

  // more than the kernel buffers of both ends hold on loopback (several MB)
  // and far more than a ring (256 events), straight into Redis
  const base = Number(q(`SELECT event_seq FROM departments WHERE id = ${d.id}`));
  const N = 6000, CHUNK = 100;
  const pad = 'x'.repeat(4000);
  for (let c = 0; c < N; c += CHUNK) {
    let resp = '';
    for (let i = c + 1; i <= c + CHUNK; i++) {
      const view = { type: 'queue_update', department_id: d.id, seq: base + i, ts: new Date().toISOString(),
        ticket: { public_id: `burst${String(i).padStart(17, '0')}`, ticket_number: `Z-${i}`, status: 'waiting', pad }, counter: null, waiting: {} };
      const ev = JSON.stringify({ staff: view, public: view }); // both views, as fcgi/events.c publishes
      const args = ['PUBLISH', `qstream:dept:${d.id}`, ev];
      resp += `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
    }
    execFileSync('redis-cli', ['-p', process.env.QSTREAM_REDIS_PORT, '--pipe'], { input: resp, maxBuffer: 1 << 26 });
    await new Promise((r) => setTimeout(r, 50));
  }
  // the department's own counter continues after the burst
  q(`UPDATE departments SET event_seq = ${base + N} WHERE id = ${d.id}`);

  // the good client gets every event, in order, and is neither resynced nor closed
  const last = await good.next((m) => m.seq === base + N, 60000, 'the last event of the burst');
  const seqs = good.messages.filter((m) => m.type === 'queue_update').map((m) => m.seq).concat([last.seq]);
  assert.equal(seqs.length, N, 'every event of the burst');
  for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1] + 1, 'in seq order, none missing');
  assert.ok(!good.messages.some((m) => m.type === 'resync'), 'no resync for the healthy client');
  good.messages.length = 0;

  // the slow one, once it reads again, is told to refetch or is closed.  A
  // socket that fell out twice is closed; when it cannot even take the close
  // frame, the bridge drops the connection (1006 at the client) after 3 s.
  // Either way the client reads what was buffered first, so wait until it
  // has drained before judging.
  const t0 = Date.now();
  slow.ws._socket.resume();
  let closed = null;
  slow.closed.then((c) => { closed = c; });
  let seen = -1, quiet = 0;
  await until(async () => {
    const n = slow.messages.length;
    quiet = n === seen ? quiet + 1 : 0;
    seen = n;
    return quiet >= 3 && (closed || slow.messages.some((m) => m.type === 'resync'));
  }, 60000, 'the stalled client to drain its backlog');
  const resync = slow.messages.find((m) => m.type === 'resync');
  const outcome = closed ? `close ${closed.code}` : 'resync';
  if (closed) assert.ok([4008, 1006].includes(closed.code), outcome);
  else assert.equal(resync.reason, 'too_slow');
  const behind = slow.messages.filter((m) => m.type === 'queue_update').length;
  assert.ok(behind < N, 'the stalled client did not get the whole burst');

  // afterwards both views equal the REST snapshot: the slow client refetches
  // (or reconnects with since and is told to), and both follow live changes
  let again = slow;
  if (outcome !== 'resync') {
    again = new WsClient();
    clients.push(again);
    await again.opened;
    again.send({ type: 'join', channel, since: base + behind });
    await again.next((m) => m.type === 'joined', 5000, 'joined again');
    await again.next((m) => m.type === 'resync', 5000, 'resync since_too_old');
  } else {
    slow.messages.length = 0;
  }
  const snap = (await api('GET', `/display/${d.id}`)).json;
  console.log(`# slow client: ${outcome} after ${behind} of ${N} events; usable again ${Date.now() - t0} ms after it read again`);
  assert.equal(snap.seq, base + N);
  const t = (await api('POST', '/tickets', { body: { service_id: d.services[0] } })).json;
  for (const c of [good, again]) {
    const ev = await c.next((m) => m.type === 'ticket_created' && m.ticket.public_id === t.public_id, 10000, 'the live event');
    assert.equal(ev.seq, snap.seq + 1, 'the event continues the snapshot');
  }
});
