// The fault run (issue #13): sustained load on a private stack while its
// parts fail, then count what was lost.
//
//   32 kiosks take tickets (POST /tickets with an Idempotency-Key; a kiosk
//   that gets no answer or a 502/503 retries with the same key, as the
//   contract allows) and 16 staff call, start and complete at their own open
//   counters, in one department of four services, for FAULT_SECONDS
//   (default 120).  Meanwhile, every 2 s, a random API worker process is
//   killed with SIGKILL (under the master: one of its workers, which the
//   master replaces; a single process: that process, which this script
//   starts again at once, as the best a supervisor could do); then
//   PostgreSQL is stopped for 2 s and started; then Redis.  Four board
//   screens follow the department over the WebSocket as the SPA does.
//
// Counted: acknowledged tickets missing from the database (target 0),
// duplicate or skipped numbers per service and day (0), answers with a 5xx
// other than 503 (while PostgreSQL is down and overall), the requests that
// failed and the time to recover after each fault, and whether every screen
// ends equal to the REST snapshot.  Prints a summary, writes it as JSON to
// $QSTREAM_STATE_DIR/faults.json, and exits 1 when a target is missed.
//
// Run it through `scripts/dev faults [PROCESSES]`, which starts a private
// stack on free ports (api_processes = PROCESSES, default 2; 0 is the single
// process) and stops it afterwards.  Against a dev stack that runs (it is no
// node:test file, so not through `scripts/dev check`), with the variables
// that check exports, from tests/:
//   QSTREAM_URL=... QSTREAM_WS_URL=... QSTREAM_DB_URL=... QSTREAM_REDIS_PORT=... \
//     QSTREAM_STATE_DIR=... FAULT_SECONDS=40 node faults/run.mjs
// and with the stack's public ticket limit lifted (scripts/dev faults does it).
//
// Bounded: every request has a 10 s timeout, the load stops at
// FAULT_SECONDS, the kiosks' last retries after FAULT_DRAIN_S (20), the
// screens get 60 s to converge; traffic goes to 127.0.0.1 only; the only
// processes it starts are the API (single-process mode, by the stack's own
// command line and pid file), PostgreSQL and Redis, which the stack's
// teardown stops by their pid files.
import { readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { BASE, sql, stack, makeDepartment, ScreenView, WsClient, STATE } from '../api/lib.mjs';

const env = (k, d) => (process.env[k] ? Number(process.env[k]) : d);
const SECONDS = env('FAULT_SECONDS', 120);
const KIOSKS = env('FAULT_KIOSKS', 32);
const STAFF = env('FAULT_STAFF', 16);
const SCREENS = env('FAULT_SCREENS', 4);
const KILL_EVERY_MS = env('FAULT_KILL_EVERY_MS', 2000);
const DOWN_MS = env('FAULT_DOWN_MS', 2000);
const DRAIN_S = env('FAULT_DRAIN_S', 20);
const TIMEOUT_MS = 10000;

if (!STATE) throw new Error('QSTREAM_STATE_DIR is not set: run it with scripts/dev faults');
if (new URL(BASE).hostname !== '127.0.0.1') throw new Error(`refusing to load ${BASE}: 127.0.0.1 only`);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rand = (lo, hi) => lo + Math.random() * (hi - lo);
const t0 = performance.now();
const now = () => performance.now() - t0; // ms since the start

// ---- every answer, for the counts: [sent, done, status, kind] ----
const log = [];
async function req(kind, method, path, { body, token, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const sent = now();
  let status = 0, json;
  try {
    const res = await fetch(BASE + '/api/v1' + path, {
      method, headers: h, body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    status = res.status;
    const text = await res.text();
    try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  } catch {
    status = 0; // no answer: reset, refused or timed out
  }
  log.push([sent, now(), status, kind]);
  return { status, json };
}
const failed = (s) => s === 0 || s >= 500;

// ---- the API's processes ----
function apiPid() { return Number(readFileSync(`${STATE}/run/api.pid`, 'utf8').split('\n')[0]); }
// the master's children, from the kernel's list (one small file, so that
// polling it does not stall the load in this process)
function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch { return []; }
}
const master = apiPid();
const initialWorkers = childrenOf(master);
const MODE = initialWorkers.length > 0 ? 'master' : 'single';

// ---- the department ----
const dept = await makeDepartment({ prefixes: ['A', 'B', 'C', 'D'], staff: STAFF });
const run = randomBytes(4).toString('hex');
console.log(`# fault run ${run}: ${MODE} (${MODE === 'master' ? initialWorkers.length + ' worker processes' : 'one process'}), ` +
  `${KIOSKS} kiosks, ${STAFF} staff, ${SCREENS} screens, department ${dept.id}, ${SECONDS} s`);

let running = true;
const acked = new Map(); // idempotency key -> public_id
const keyConflicts = []; // a key answered with two different tickets
let kioskGaveUp = 0;
const kioskErrors = {};

async function kiosk(k) {
  for (let n = 0; running; n++) {
    const key = `fault-${run}-${k}-${n}`;
    const body = { service_id: dept.services[(k + n) % dept.services.length] };
    const giveUpAt = () => (running ? Infinity : stopAt + DRAIN_S * 1000);
    for (let attempt = 0; ; attempt++) {
      const r = await req('ticket', 'POST', '/tickets', { body, headers: { 'Idempotency-Key': key } });
      if (r.status === 201 || r.status === 200) {
        const prev = acked.get(key);
        if (prev && prev !== r.json.public_id) keyConflicts.push(key);
        acked.set(key, r.json.public_id);
        break;
      }
      if (!(failed(r.status) || r.status === 429)) {
        kioskErrors[r.status] = (kioskErrors[r.status] || 0) + 1; // counted, not retried
        break;
      }
      if (now() > giveUpAt()) { kioskGaveUp++; break; }
      await sleep(Math.min(1000, 50 * 2 ** Math.min(attempt, 4)) * rand(0.5, 1.5));
    }
    await sleep(rand(200, 600));
  }
}

let served = 0;
const staffErrors = {};
async function desk(st) {
  let cur = null; // {id, status}
  const refresh = async () => {
    const r = await req('staff', 'GET', `/tickets/${cur.id}`, { token: st.token });
    if (r.status === 200) cur = ['called', 'serving'].includes(r.json.status) ? { id: cur.id, status: r.json.status } : null;
  };
  while (running) {
    if (!cur) {
      const r = await req('staff', 'POST', '/tickets/call-next', { token: st.token, body: { counter_id: st.counter } });
      if (r.status === 200) { cur = { id: r.json.id, status: 'called' }; continue; }
      const code = r.json?.error?.code;
      if (code === 'active_ticket_exists') {
        // a call whose answer was lost: find the ticket this counter holds
        const l = await req('staff', 'GET', `/tickets?department_id=${dept.id}&status=called,serving&limit=200`, { token: st.token });
        const mine = l.json?.items?.find((t) => t.counter_id === st.counter);
        if (mine) cur = { id: mine.id, status: mine.status };
        continue;
      }
      if (code !== 'no_waiting_ticket') staffErrors[r.status] = (staffErrors[r.status] || 0) + 1;
      await sleep(failed(r.status) ? 100 : 200);
      continue;
    }
    await sleep(rand(50, 150)); // the customer walks up, is served
    const step = cur.status === 'called' ? 'start' : 'complete';
    const r = await req('staff', 'POST', `/tickets/${cur.id}/${step}`, { token: st.token });
    if (r.status === 200) {
      if (step === 'complete') { served++; cur = null; } else cur.status = 'serving';
    } else if (r.status === 409) {
      await refresh(); // a step whose answer was lost was done
    } else {
      staffErrors[r.status] = (staffErrors[r.status] || 0) + 1;
      await sleep(100);
    }
  }
}

// A screen (ScreenView of ../api/lib.mjs) on a socket of its own, which
// connects again while the load runs; its snapshot is asked for until the API
// answers it.
class Screen extends ScreenView {
  constructor(i) {
    super(dept.id, async () => {
      for (;;) {
        const r = await req('screen', 'GET', `/display/${dept.id}`);
        if (r.status === 200) return r.json;
        await sleep(200);
      }
    });
    this.i = i;
    this.connect();
  }
  connect() {
    this.ws = new WsClient();
    this.ws.ws.on('message', (d) => {
      const kind = this.onMessage(JSON.parse(d.toString()));
      if (kind === 'resync') this.lastResync = now();
      else if (kind === 'event') this.lastEvent = now();
    });
    this.ws.ws.on('error', () => {});
    this.ready = this.ws.opened.then(async () => {
      this.ws.send({ type: 'join', channel: `department:${dept.id}` });
      await this.ws.next((m) => m.type === 'joined', 5000, 'joined');
      await this.refetch();
    });
    this.ws.closed.then(() => { if (running) setTimeout(() => this.connect(), 200); });
  }
}

const screens = Array.from({ length: SCREENS }, (_, i) => new Screen(i));
await Promise.all(screens.map((s) => s.ready));
const keepalive = setInterval(() => { for (const s of screens) try { s.ws.send({ type: 'ping' }); } catch { /* reconnecting */ } }, 10000);

// ---- the faults ----
const kills = []; // {at, pid, whole}: whole = when the API had all its processes again
const outages = {}; // pg, redis: {stop, start}
let stopAt = Infinity;

async function killOne() {
  const at = now();
  if (MODE === 'master') {
    const kids = childrenOf(master);
    if (!kids.length) { kills.push({ at, pid: 0, whole: null }); return; }
    const pid = kids[Math.floor(Math.random() * kids.length)];
    process.kill(pid, 'SIGKILL');
    const k = { at, pid, whole: null };
    kills.push(k);
    // the master forks a new one: whole again when it has as many as before
    for (let i = 0; i < 300; i++) {
      const now_ = childrenOf(master);
      if (now_.length >= initialWorkers.length && !now_.includes(pid)) { k.whole = now() - at; break; }
      await sleep(10);
    }
  } else {
    const pid = apiPid();
    process.kill(pid, 'SIGKILL');
    const k = { at, pid, whole: null };
    kills.push(k);
    for (let i = 0; i < 200; i++) { try { process.kill(pid, 0); await sleep(5); } catch { break; } }
    stack.daemonStart('api'); // its command line, a new pid file
    k.restarted = now() - at;
  }
}

// the schedule, from the start of the load: a kill every KILL_EVERY_MS until
// 30 s before the end, PostgreSQL at 24 s before it, Redis at 14 s before
async function faults(start) {
  const killsUntil = start + (SECONDS - 30) * 1000, pgAt = start + (SECONDS - 24) * 1000;
  const redisAt = start + (SECONDS - 14) * 1000;
  let next = start + KILL_EVERY_MS;
  while (next <= killsUntil) {
    await sleep(Math.max(0, next - now()));
    await killOne();
    next += KILL_EVERY_MS;
  }
  await sleep(Math.max(0, pgAt - now()));
  outages.pg = { stop: now() };
  await stack.pgStop();
  outages.pg.down = now();
  await sleep(DOWN_MS);
  outages.pg.startCmd = now();
  await stack.pgStart();
  outages.pg.start = now();
  await sleep(Math.max(0, redisAt - now()));
  outages.redis = { stop: now() };
  await stack.redisStop();
  outages.redis.down = now();
  await sleep(DOWN_MS);
  await stack.redisStart();
  outages.redis.start = now();
  // Redis health back: the first health answer with redis ok after the start
  for (let i = 0; i < 100; i++) {
    const r = await req('probe', 'GET', '/health');
    if (r.json?.redis === 'ok') { outages.redis.healthOk = now() - outages.redis.start; break; }
    await sleep(50);
  }
}

const loadStart = now();
const work = [
  ...Array.from({ length: KIOSKS }, (_, k) => kiosk(k)),
  ...dept.staff.map((st) => desk(st)),
];
const faulting = faults(loadStart);
await sleep(SECONDS * 1000);
await faulting;
running = false;
stopAt = now();
await Promise.all(work);
clearInterval(keepalive);
const loadEnd = now();

// ---- the counts ----
// every acknowledged ticket is in the database, once
const rows = sql(`SELECT public_id, coalesce(idempotency_key, '') FROM tickets WHERE department_id = ${dept.id}`)
  .split('\n').filter(Boolean).map((l) => l.split('|'));
const inDb = new Map(rows.map(([p, k]) => [p, k]));
const missing = [...acked.values()].filter((p) => !inDb.has(p));
const wrongKey = [...acked.entries()].filter(([k, p]) => inDb.has(p) && inDb.get(p) !== k).length;
const unacked = rows.filter(([p, k]) => k.startsWith(`fault-${run}-`) && acked.get(k) !== p).length;
// gapless and unique numbers per service and day
const numbering = sql(`SELECT number_service_id, service_day, count(*), count(DISTINCT number), max(number)
                         FROM tickets WHERE department_id = ${dept.id} GROUP BY 1, 2 ORDER BY 1, 2`)
  .split('\n').filter(Boolean).map((l) => l.split('|').map((x, i) => (i === 1 ? x : Number(x))));
const duplicates = numbering.reduce((s, [, , n, d]) => s + (n - d), 0);
const skipped = numbering.reduce((s, [, , , d, max]) => s + (max - d), 0);

// answers by phase
const AFTER_MS = 2000;
const phaseOf = (t) => {
  if (outages.pg && t >= outages.pg.stop && t < outages.pg.start) return 'pg_down';
  if (outages.pg && t >= outages.pg.start && t < outages.pg.start + AFTER_MS) return 'pg_after';
  if (outages.redis && t >= outages.redis.stop && t < outages.redis.start) return 'redis_down';
  if (outages.redis && t >= outages.redis.start && t < outages.redis.start + AFTER_MS) return 'redis_after';
  if (kills.length && t >= kills[0].at && t < kills.at(-1).at + KILL_EVERY_MS) return 'kills';
  return 'calm';
};
const byPhase = {};
const okLatency = {};
for (const [sent, done, status] of log) {
  const phase = phaseOf(done);
  const p = byPhase[phase] ||= { answers: 0, ok: 0, failed: 0, s503: 0, noAnswer: 0, other5xx: 0, statuses: {} };
  p.answers++;
  if (status >= 200 && status < 300) (okLatency[phase] ||= []).push(done - sent);
  p.statuses[status] = (p.statuses[status] || 0) + 1;
  if (status >= 200 && status < 500) p.ok++;
  if (failed(status)) p.failed++;
  if (status === 503) p.s503++;
  if (status === 0) p.noAnswer++;
  if (status >= 500 && status !== 503) p.other5xx++;
}
const other5xx = log.filter(([, , s]) => s >= 500 && s !== 503).length;

// recovery: from the fault to the first success of a request sent after it
const firstOkAfter = (t, kinds) => {
  let best = Infinity;
  for (const [sent, done, status, kind] of log) {
    if (sent >= t && status >= 200 && status < 300 && (!kinds || kinds.includes(kind)) && done < best) best = done;
  }
  return best === Infinity ? null : best - t;
};
for (let i = 0; i < kills.length; i++) {
  const k = kills[i], end = i + 1 < kills.length ? kills[i + 1].at : k.at + KILL_EVERY_MS;
  k.recover = firstOkAfter(k.at);
  const fails = log.filter(([, done, s]) => done >= k.at && done < end && failed(s));
  k.failed = fails.length;
  // the outage: until the last failure it caused (0: none failed)
  k.outage = fails.length ? Math.max(...fails.map(([, done]) => done)) - k.at : 0;
}
const stats = (xs) => {
  const a = xs.filter((x) => x !== null && x !== undefined).sort((x, y) => x - y);
  if (!a.length) return null;
  const q = (p) => Math.round(a[Math.min(a.length - 1, Math.floor(a.length * p))]);
  return { n: a.length, p50: q(0.5), p90: q(0.9), max: Math.round(a.at(-1)) };
};
for (const [phase, l] of Object.entries(okLatency)) byPhase[phase].ok_latency_ms = stats(l);
const pg = outages.pg && {
  down_ms: Math.round(outages.pg.start - outages.pg.stop),
  recover_ms: Math.round(firstOkAfter(outages.pg.start)), // any request, from the moment it accepts again
  recover_ticket_ms: Math.round(firstOkAfter(outages.pg.start, ['ticket'])),
};
const redis = outages.redis && {
  down_ms: Math.round(outages.redis.start - outages.redis.stop),
  health_ok_ms: outages.redis.healthOk === undefined ? null : Math.round(outages.redis.healthOk),
  screens_resynced: screens.filter((s) => s.lastResync >= outages.redis.stop).length,
};

// every screen ends equal to the REST snapshot (a screen that missed the last
// event learns of it from the heartbeat's seqs within heartbeat_s)
const tScreens = now();
let snap = null, screensEqual = false;
for (;;) {
  const r = await req('final', 'GET', `/display/${dept.id}`);
  if (r.status === 200) {
    snap = { seq: r.json.seq, waiting: Object.fromEntries(r.json.waiting.map((w) => [String(w.service_id), w.count])) };
    screensEqual = screens.every((s) => s.view && s.view.seq === snap.seq && JSON.stringify(s.view.waiting) === JSON.stringify(snap.waiting));
    if (screensEqual) break;
  }
  if (now() - tScreens > 60000) break;
  await sleep(250);
}
const screensMs = Math.round(now() - tScreens);
// and the snapshot equals the database
const dbWaiting = Object.fromEntries(sql(`SELECT service_id, count(*) FROM tickets WHERE department_id = ${dept.id}
  AND status = 'waiting' GROUP BY 1`).split('\n').filter(Boolean).map((l) => l.split('|')));
const snapshotMatchesDb = snap && dept.services.every((s) => Number(snap.waiting[String(s)] || 0) === Number(dbWaiting[String(s)] || 0));
for (const s of screens) s.ws.close();

const summary = {
  run, mode: MODE, processes: MODE === 'master' ? initialWorkers.length : 1, seconds: SECONDS, kiosks: KIOSKS, staff: STAFF, screens: SCREENS,
  requests: log.length, tickets_acknowledged: acked.size, tickets_in_db: rows.length, served,
  acknowledged_missing: missing.length, key_answered_twice_differently: keyConflicts.length, ticket_with_other_key: wrongKey,
  unacknowledged_in_db: unacked, kiosk_gave_up: kioskGaveUp,
  duplicate_numbers: duplicates, skipped_numbers: skipped,
  other_5xx: other5xx, other_5xx_while_pg_down: byPhase.pg_down?.other5xx ?? 0,
  kills: kills.length,
  kill_failed_requests: stats(kills.map((k) => k.failed)), kill_failed_total: kills.reduce((s, k) => s + k.failed, 0),
  kill_recover_ms: stats(kills.map((k) => k.recover)),
  kill_outage_ms: stats(kills.map((k) => k.outage)),
  kill_whole_again_ms: MODE === 'master' ? stats(kills.map((k) => k.whole)) : stats(kills.map((k) => k.recover)),
  pg, redis,
  screens_equal_to_snapshot: screensEqual, screens_converged_ms: screensMs, snapshot_matches_db: !!snapshotMatchesDb,
  screen_refetches: screens.map((s) => s.refetches),
  staff_errors: staffErrors, kiosk_errors: kioskErrors, by_phase: byPhase, load_ms: Math.round(loadEnd - loadStart),
};
writeFileSync(`${STATE}/faults.json`, JSON.stringify({ summary, kills }, null, 2));

const fmt = (s) => (s ? `p50 ${s.p50}, p90 ${s.p90}, max ${s.max}` : '-');
console.log(`mode: ${MODE}, ${summary.processes} process(es); ${log.length} requests in ${Math.round((loadEnd - loadStart) / 1000)} s`);
console.log(`tickets: ${acked.size} acknowledged, ${rows.length} in the database, ${missing.length} acknowledged and missing, ` +
  `${keyConflicts.length} keys answered with two tickets, ${unacked} taken but never acknowledged, ${kioskGaveUp} given up; ${served} served`);
console.log(`numbers: ${duplicates} duplicate, ${skipped} skipped (${numbering.length} service days)`);
console.log(`5xx other than 503: ${other5xx} (while PostgreSQL was down: ${summary.other_5xx_while_pg_down})`);
console.log(`worker kills: ${kills.length}; failed requests per kill ${fmt(summary.kill_failed_requests)} (${summary.kill_failed_total} in all); ` +
  `failures end ${fmt(summary.kill_outage_ms)} ms after a kill; the first success of a request sent after a kill ${fmt(summary.kill_recover_ms)} ms; ` +
  `all processes again ${fmt(summary.kill_whole_again_ms)} ms`);
if (pg) console.log(`PostgreSQL down ${pg.down_ms} ms: first success ${pg.recover_ms} ms after it accepted again (a ticket: ${pg.recover_ticket_ms} ms); ` +
  `answers while down: ${JSON.stringify(byPhase.pg_down?.statuses ?? {})}`);
if (redis) console.log(`Redis down ${redis.down_ms} ms: health ok ${redis.health_ok_ms} ms after its start; ${redis.screens_resynced} of ${SCREENS} screens told to resync`);
console.log(`screens: ${screensEqual ? 'every one equal to' : 'NOT all equal to'} the REST snapshot (seq ${snap?.seq}) ${screensMs} ms after the load; ` +
  `snapshot ${snapshotMatchesDb ? 'equal to' : 'NOT equal to'} the database; refetches ${summary.screen_refetches}`);
console.log(`by phase: ${JSON.stringify(Object.fromEntries(Object.entries(byPhase).map(([k, v]) => [k, v.statuses])))}`);
console.log(`latency of the 2xx answers by phase (ms): ${Object.entries(byPhase).map(([k, v]) => `${k} ${fmt(v.ok_latency_ms)}`).join('; ')}`);
console.log(`staff errors: ${JSON.stringify(staffErrors)}; kiosk errors (4xx, not retried): ${JSON.stringify(kioskErrors)}`);

const missed = [];
if (missing.length) missed.push('acknowledged tickets missing');
if (keyConflicts.length || wrongKey) missed.push('a key answered with two tickets');
if (duplicates || skipped) missed.push('duplicate or skipped numbers');
if (summary.other_5xx_while_pg_down) missed.push('5xx other than 503 while PostgreSQL was down');
if (!screensEqual || !snapshotMatchesDb) missed.push('screens not equal to the snapshot');
console.log(missed.length ? `FAULT RUN: missed: ${missed.join(', ')}` : 'FAULT RUN: every target met');
process.exit(missed.length ? 1 : 0);
