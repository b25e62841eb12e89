// The cluster's failure run (scripts/dev cluster test): run from the client
// host (network namespace qs-client) against the cluster's nginx.  While
// kiosks take tickets, staff call them and reports are read at a steady
// rate, and CLUSTER_SOCKETS (1,000) WebSocket clients follow the board, it
// takes faults one at a time through `scripts/cluster fault ...`:
//   1. one API host's pool killed with SIGKILL (then started again)
//   2. one bridge killed with SIGKILL (its sockets reconnect to the other)
//   3. a rolling deploy: each API host in turn stopped with SIGTERM (requests
//      in flight finish, new ones go to the other host) and started
//   4. the replica stopped (reports fall back to the primary), then started
// and prints one table row per phase.  A kiosk that gets no answer, a 502
// or a 503 retries with the same Idempotency-Key, as the contract allows.
// At the end it checks, in the database: every acknowledged ticket is there
// once, numbers have no gap nor duplicate; and that every socket's board
// (seq and waiting counts) equals the REST snapshot.  Exits 1 when a target
// is missed.  Bounded: each phase lasts CLUSTER_SECONDS (default 10).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import WebSocket from 'ws';

process.env.QSTREAM_DB_URL ||= 'postgresql://qstream@198.18.7.41:5432/qstream';
const { api, sql, makeDepartment, makeUser, login, ScreenView, BASE, WS_URL } = await import('../api/lib.mjs');

const CLUSTER = process.env.QSTREAM_CLUSTER;
const PHASE_S = Number(process.env.CLUSTER_SECONDS || 10);
const SOCKETS = Number(process.env.CLUSTER_SOCKETS || 1000);
const KIOSKS = 16;                  // each takes a ticket every 500 ms
const STAFF = 8;                    // each calls, starts, completes, pauses 200 ms
const BOARD_POLLERS = 4;            // GET /display every 100 ms each
const REPORTERS = 2;                // GET /dashboard/summary every 250 ms each
const ORIGIN = BASE;
const RESULT = process.env.CLUSTER_RESULT || new URL('../../var/cluster/result.md', import.meta.url).pathname;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
let running = true;

function fault(...args) {
  return new Promise((resolve, reject) => {
    const p = spawn(CLUSTER, ['fault', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`fault ${args.join(' ')}: exit ${code}`))));
  });
}

// ---------------------------------------------------------------- counters per phase
const phases = [];
let phase;
function newPhase(name) {
  phase = {
    name, t0: now(), kioskAttempts: 0, kioskFailed: 0, acked: 0, gets: 0, getsFailed: 0,
    staffOps: 0, staffFailed: 0, reports: 0, reportsFailed: 0, reconnects: 0, reconnectMaxMs: 0,
    lastFailure: 0, statuses: {},
  };
  phases.push(phase);
}
function failed(kind, status) {
  phase[kind]++;
  phase.lastFailure = now();
  const k = String(status);
  phase.statuses[k] = (phase.statuses[k] || 0) + 1;
}

async function request(method, path, opts = {}) {
  try {
    return await api(method, path, opts);
  } catch (e) {
    return { status: 0, error: e.message };
  }
}

// ---------------------------------------------------------------- the department
const dept = await makeDepartment({ prefixes: ['A', 'B'], staff: STAFF });
const manager = makeUser('manager', dept.id);
const managerToken = (await login(manager.username)).access_token;
const acked = new Map();            // Idempotency-Key -> public_id

async function kiosk(i) {
  while (running) {
    const key = randomUUID();
    const service_id = dept.services[i % dept.services.length];
    for (let attempt = 0; running || attempt > 0; attempt++) {
      phase.kioskAttempts++;
      const r = await request('POST', '/tickets', {
        body: { service_id }, headers: { 'Idempotency-Key': key },
      });
      if (r.status === 201 || r.status === 200) {
        acked.set(key, r.json.public_id);
        phase.acked++;
        break;
      }
      failed('kioskFailed', r.status);
      if (attempt > 100) throw new Error(`kiosk ${i}: no ticket after 100 attempts (${r.status})`);
      await sleep(200);
    }
    await sleep(500);
  }
}

async function poller() {
  while (running) {
    phase.gets++;
    const r = await request('GET', `/display/${dept.id}`);
    if (r.status !== 200) failed('getsFailed', r.status);
    await sleep(100);
  }
}

async function reporter() {
  while (running) {
    phase.reports++;
    const r = await request('GET', `/dashboard/summary?department_id=${dept.id}`, { token: managerToken });
    if (r.status !== 200) failed('reportsFailed', r.status);
    await sleep(250);
  }
}

// a desk: call next, start, complete; after a failed request, it finds its
// own called or serving ticket (the call may have happened) and goes on
async function desk(s) {
  let current = null;
  const op = async (method, path, body) => {
    phase.staffOps++;
    const r = await request(method, path, { token: s.token, body });
    if (r.status === 0 || r.status >= 500) failed('staffFailed', r.status);
    return r;
  };
  while (running) {
    if (!current) {
      const r = await op('POST', '/tickets/call-next', { counter_id: s.counter });
      if (r.status === 200) current = r.json;
      else if (r.status === 409 && r.json?.error?.code === 'no_waiting_ticket') { await sleep(200); continue; }
      else {
        const mine = await request('GET', `/tickets?department_id=${dept.id}&status=called,serving&limit=200`, { token: s.token });
        current = mine.json?.items?.find((t) => t.served_by === s.id) || null;
        if (!current) await sleep(100);
        continue;
      }
    }
    if (current.status === 'called') {
      const r = await op('POST', `/tickets/${current.id}/start`);
      if (r.status === 200) current = r.json;
      else { current = null; continue; }
    }
    const r = await op('POST', `/tickets/${current.id}/complete`);
    current = null;
    if (r.status !== 200) continue;
    await sleep(200);
  }
}

// ---------------------------------------------------------------- the boards
const restSnapshot = async () => {
  const r = await request('GET', `/display/${dept.id}`);
  if (r.status !== 200) return null;
  return { seq: r.json.seq, waiting: Object.fromEntries(r.json.waiting.map((w) => [w.service_id, w.count])) };
};

// A board: ScreenView (tests/api/lib.mjs, what the SPA does with the socket)
// on a socket of its own through nginx, which joins again with `since` after
// a close; its snapshot is asked for until an API host answers.
class Board extends ScreenView {
  constructor() {
    super(dept.id, async () => {
      for (;;) {
        const r = await request('GET', `/display/${dept.id}`);
        if (r.status === 200) return r.json;
        await sleep(200);
      }
    });
    this.closedAt = 0;
    this.connect();
  }
  get seq() { return this.view ? this.view.seq : 0; }
  connect() {
    const ws = new WebSocket(WS_URL, { headers: { Origin: ORIGIN } });
    this.ws = ws;
    ws.on('open', () => ws.send(JSON.stringify({ type: 'join', channel: `department:${dept.id}`, ...(this.seq ? { since: this.seq } : {}) })));
    ws.on('message', (data) => this.onMessage(JSON.parse(data.toString())));
    ws.on('error', () => {});
    ws.on('close', () => {
      if (!running && this.stopping) return;
      if (!this.closedAt) this.closedAt = now();
      setTimeout(() => this.connect(), 100 + Math.random() * 400);
    });
  }
  onMessage(m) {
    if (m.type === 'joined') {
      if (this.closedAt) {
        const ms = now() - this.closedAt;
        phase.reconnects++;
        phase.reconnectMaxMs = Math.max(phase.reconnectMaxMs, ms);
        this.closedAt = 0;
      }
      if (!this.view || m.seq > this.view.seq) this.refetch('joined');
      return;
    }
    // a socket silent for two heartbeats is closed: answer each one
    if (m.type === 'ping' && this.ws.readyState === WebSocket.OPEN) this.ws.send('{"type":"ping"}');
    super.onMessage(m);
  }
  close() { this.stopping = true; this.ws.close(); }
}

// ---------------------------------------------------------------- the run
newPhase('start: 1,000 sockets join');
const boards = [];
for (let i = 0; i < SOCKETS; i++) {
  boards.push(new Board());
  if (i % 50 === 49) await sleep(50);
}
const t0 = now();
while (boards.some((b) => !b.seq) && now() - t0 < 30_000) await sleep(200);
const joined = boards.filter((b) => b.seq).length;
console.error(`# ${joined} of ${SOCKETS} sockets joined`);

newPhase('steady load');
const load = [
  ...Array.from({ length: KIOSKS }, (_, i) => kiosk(i)),
  ...Array.from({ length: BOARD_POLLERS }, poller),
  ...Array.from({ length: REPORTERS }, reporter),
  ...dept.staff.map(desk),
];
await sleep(PHASE_S * 1000);

const logOf = (name) => {
  const f = new URL(`../../var/cluster/log/${name}.log`, import.meta.url).pathname;
  return existsSync(f) ? readFileSync(f, 'utf8') : '';
};
const fallbacks = () => (logOf('api1') + logOf('api2')).split('\n').filter((l) => l.includes('db_read_fallback')).length;

newPhase('API host api1 killed (SIGKILL)');
await fault('kill-api', 'api1');
await sleep(PHASE_S * 1000);
await fault('start-api', 'api1');
await sleep(2000);

newPhase('bridge ws1 killed (SIGKILL)');
await fault('kill-bridge', 'ws1');
await sleep(PHASE_S * 1000);
await fault('start-bridge', 'ws1');
await sleep(2000);

newPhase('rolling deploy of api1, then api2 (SIGTERM, start)');
for (const h of ['api1', 'api2']) {
  await fault('stop-api', h);
  await fault('start-api', h);
  await sleep(PHASE_S * 500);
}

newPhase('replica stopped');
const fb0 = fallbacks();
await fault('stop-replica');
await sleep(PHASE_S * 1000);
const fbDuring = fallbacks() - fb0;
await fault('start-replica');
await sleep(2000);

newPhase('after: everything back');
await sleep(PHASE_S * 500);
running = false;
await Promise.all(load);

// ---------------------------------------------------------------- checks
const problems = [];
// every socket's board equals the REST snapshot (a socket that missed the
// last event with no later one to show the gap learns it from the next
// heartbeat, within 25 s)
const final = await restSnapshot();
const same = (b) => b.view && b.seq === final.seq &&
  dept.services.every((s) => (b.view.waiting[String(s)] ?? 0) === (final.waiting[s] ?? 0));
const tq = now();
while (boards.filter((b) => !same(b)).length && now() - tq < 30_000) await sleep(250);
const unequal = boards.filter((b) => !same(b)).length;
const convergeMs = Math.round(now() - tq);
if (unequal) problems.push(`${unequal} boards differ from the REST snapshot (seq ${final.seq}) after 30 s`);
for (const b of boards) b.close();

// the database: every acknowledged ticket, once; numbers gapless per service
const keys = [...acked.keys()];
const inDb = Number(sql(`SELECT count(*) FROM tickets WHERE department_id = ${dept.id}
                          AND idempotency_key IN (${keys.map((k) => `'${k}'`).join(',') || "''"})`));
const byKey = Number(sql(`SELECT count(*) FROM (SELECT idempotency_key FROM tickets WHERE department_id = ${dept.id}
                           AND idempotency_key IS NOT NULL GROUP BY 1 HAVING count(*) > 1) d`));
const ids = [...acked.values()];
const idsInDb = Number(sql(`SELECT count(*) FROM tickets WHERE public_id IN (${ids.map((k) => `'${k}'`).join(',') || "''"})`));
const lost = keys.length - Math.min(inDb, idsInDb);
const gaps = sql(`SELECT service_id || ': ' || count(*) || ' tickets, numbers ' || min(number) || '-' || max(number)
                    FROM tickets WHERE department_id = ${dept.id} GROUP BY service_id
                   HAVING count(*) <> max(number) - min(number) + 1 OR count(DISTINCT number) <> count(*)`);
const total = Number(sql(`SELECT count(*) FROM tickets WHERE department_id = ${dept.id}`));
const unkeyed = total - Number(sql(`SELECT count(*) FROM tickets WHERE department_id = ${dept.id} AND idempotency_key IS NOT NULL`));
if (lost) problems.push(`${lost} acknowledged tickets are not in the database`);
if (byKey) problems.push(`${byKey} idempotency keys have more than one ticket`);
if (gaps) problems.push(`numbers with gaps or duplicates: ${gaps}`);
if (total !== keys.length + unkeyed) problems.push(`${total} tickets in the database for ${keys.length} acknowledged`);

const [, , killApi, killBridge, rolling, replica] = phases;
if (killApi.getsFailed) problems.push(`${killApi.getsFailed} GETs failed while api1 was down`);
if (killBridge.reconnectMaxMs > 5000) problems.push(`a socket took ${killBridge.reconnectMaxMs} ms to reconnect`);
if (killBridge.reconnects < 1) problems.push('no socket reconnected after the bridge was killed');
const rollingFailed = rolling.kioskFailed + rolling.getsFailed + rolling.staffFailed + rolling.reportsFailed;
if (rollingFailed) problems.push(`${rollingFailed} requests failed during the rolling deploy`);
if (replica.reportsFailed) problems.push(`${replica.reportsFailed} reports failed while the replica was down`);
if (!fbDuring) problems.push('no report fell back to the primary while the replica was down (db_read_fallback not logged)');
if (joined < SOCKETS) problems.push(`${SOCKETS - joined} sockets never joined`);

// ---------------------------------------------------------------- the table
const secs = (p, i) => (((phases[i + 1]?.t0 ?? now()) - p.t0) / 1000).toFixed(0);
const fmt = (o) => Object.entries(o).map(([k, v]) => `${k === '0' ? 'no answer' : k}×${v}`).join(' ') || '';
const lines = [
  `| phase | s | kiosk POSTs (failed, retried with the same key) | tickets acknowledged | board GETs failed | staff requests failed | reports failed | socket reconnects (slowest) | failed answers |`,
  '|---|---|---|---|---|---|---|---|---|',
  ...phases.slice(1).map((p, i) => `| ${p.name} | ${secs(p, i + 1)} | ${p.kioskAttempts} (${p.kioskFailed}) | ${p.acked} | ${p.getsFailed} of ${p.gets} | ${p.staffFailed} of ${p.staffOps} | ${p.reportsFailed} of ${p.reports} | ${p.reconnects}${p.reconnects ? ` (${Math.round(p.reconnectMaxMs)} ms)` : ''} | ${fmt(p.statuses)} |`),
];
const summary = [
  `- ${SOCKETS} sockets (${joined} joined at the start); ${KIOSKS} kiosks, ${STAFF} staff, ${BOARD_POLLERS} board pollers, ${REPORTERS} report readers; ${PHASE_S} s a phase.`,
  `- Tickets acknowledged: ${keys.length}; in the database: ${total}; lost: ${lost}; keys with two tickets: ${byKey}; numbers with gaps or duplicates: ${gaps ? gaps : 'none'}.`,
  `- Reports served by the primary while the replica was down (log lines db_read_fallback): ${fbDuring}.`,
  `- Every board equal to the REST snapshot (seq ${final.seq}): ${unequal ? `no, ${unequal} differ` : `yes, ${convergeMs} ms after the load stopped`}.`,
  problems.length ? `- **Missed:** ${problems.join('; ')}.` : '- Every target met.',
];
const out = [...lines, '', ...summary].join('\n');
console.log(out);
try { writeFileSync(RESULT, out + '\n'); } catch { /* the client host may not write there */ }
process.exit(problems.length ? 1 : 0);
