// Helpers for the black-box API tests: HTTP through nginx, a WebSocket
// client with a message queue, and SQL through psql for checks that only the
// database can answer (gapless numbers).  The stack comes from scripts/dev
// test, which exports QSTREAM_URL, QSTREAM_WS_URL and QSTREAM_DB_URL.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync, existsSync, realpathSync, openSync, writeFileSync } from 'node:fs';
import WebSocket from 'ws';

export const BASE = process.env.QSTREAM_URL;
if (!BASE) throw new Error('QSTREAM_URL is not set: run the tests with scripts/dev test');
export const WS_URL = process.env.QSTREAM_WS_URL || BASE.replace(/^http/, 'ws') + '/ws';
export const DB_URL = process.env.QSTREAM_DB_URL;

// api('POST', '/tickets', {body, headers, raw, token}) -> {status, headers, json, text}
export async function api(method, path, { body, headers = {}, raw, token } = {}) {
  const init = { method, headers: { ...headers } };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (raw !== undefined) {
    init.body = raw;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    if (!Object.keys(init.headers).some((h) => h.toLowerCase() === 'content-type')) {
      init.headers['Content-Type'] = 'application/json';
    }
  }
  const res = await fetch(BASE + '/api/v1' + path, init);
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, headers: res.headers, json, text };
}

export function sql(query) {
  if (!DB_URL) throw new Error('QSTREAM_DB_URL is not set');
  return execFileSync('psql', [DB_URL, '-AtXq', '-v', 'ON_ERROR_STOP=1', '-c', query],
    { encoding: 'utf8' }).trim();
}

// GET /public/departments page by page (200 a page, the contract's most):
// yields each department until the list ends.  The list pages like every
// other, so a test never assumes that a department is on the first page.
export async function* publicDepartments({ limit = 200 } = {}) {
  const seen = new Set();
  for (let offset = 0; ; offset += limit) {
    const r = await api('GET', `/public/departments?limit=${limit}&offset=${offset}`);
    if (r.status !== 200) throw new Error(`GET /public/departments: ${r.status} ${r.text.slice(0, 300)}`);
    for (const d of r.json.items) {
      // a department made while paging shifts nothing before it (ordered by id),
      // one deactivated may: never yield one twice
      if (!seen.has(d.id)) yield d;
      seen.add(d.id);
    }
    if (r.json.items.length < limit || offset + limit >= r.json.total) return;
  }
}

// The public department with this id (or the first that the predicate
// accepts), paging until found; undefined when none.
export async function findPublicDepartment(match) {
  const pred = typeof match === 'function' ? match : (d) => d.id === match;
  for await (const d of publicDepartments()) if (pred(d)) return d;
  return undefined;
}

export async function firstDepartment() {
  const r = await api('GET', '/public/departments');
  if (r.status !== 200) throw new Error('public departments: ' + r.status);
  return r.json.items[0];
}

// A WebSocket client that queues every message, so a test can wait for the
// one it expects without racing the socket.
export class WsClient {
  constructor(url = WS_URL, options = {}) {
    this.messages = [];
    this.waiters = [];
    this.ws = new WebSocket(url, options);
    this.closed = new Promise((resolve) => this.ws.on('close', (code, reason) =>
      resolve({ code, reason: reason.toString() })));
    this.ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      this.messages.push(msg);
      this.waiters = this.waiters.filter((w) => !w(msg));
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
    });
  }

  send(obj) { this.ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj)); }

  // Resolve with the first message (already received or future) matching pred.
  next(pred, timeoutMs = 5000, what = 'message') {
    const seen = this.messages.find(pred);
    if (seen) {
      this.messages.splice(this.messages.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${this.messages.length} messages, the last: ${
        JSON.stringify(this.messages.slice(-3)).slice(0, 600)}`)), timeoutMs);
      this.waiters.push((msg) => {
        if (!pred(msg)) return false;
        clearTimeout(timer);
        this.messages.splice(this.messages.indexOf(msg), 1);
        resolve(msg);
        return true;
      });
    });
  }

  close() { this.ws.close(); return this.closed; }
}

export const TICKET_NUMBER = /^[A-Z]{1,3}-\d{3,}$/;
export const PUBLIC_ID = /^[A-Za-z0-9_-]{22,}$/;
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

// ---- controlling the private stack (scripts/dev test exports its folder) ----

export const STATE = process.env.QSTREAM_STATE_DIR;
const PG_BIN = '/usr/lib/postgresql/15/bin';
const isRoot = process.getuid && process.getuid() === 0;

function pidFrom(file) {
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : 0;
}
function alive(pid) {
  try { process.kill(pid, 0); return true; } catch { return false; }
}
export async function until(pred, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await pred()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
function asPg(cmd) {
  const args = isRoot ? ['-u', 'postgres', '--', 'sh', '-c', cmd] : ['-c', cmd];
  // a server started here must not hold our pipes, or spawnSync waits for it
  const r = spawnSync(isRoot ? 'runuser' : 'sh', args,
    { cwd: '/', encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], timeout: 60000 });
  if (r.status !== 0) throw new Error(`${cmd}: ${r.stderr}`);
  return r.stdout;
}

export const stack = {
  redisPidFile: () => `${STATE}/run/redis.pid`,
  redisArgv: null,
  async redisStop() {
    const pid = pidFrom(this.redisPidFile());
    // scripts/dev keeps the command line it started Redis with, one word a line
    this.redisArgv = readFileSync(`${STATE}/run/redis.cmd`, 'utf8').split('\n').slice(0, -1);
    process.kill(pid, 'SIGTERM');
    await until(() => !alive(pid), 10000, 'redis to stop');
  },
  async redisStart() {
    // the same command line; redis daemonizes and writes its pid file itself
    const [cmd, ...args] = this.redisArgv;
    const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error('redis did not start: ' + r.stderr);
    await until(() => alive(pidFrom(this.redisPidFile())), 10000, 'redis to start');
  },
  // qstream-api and qstream-wsbridge: SIGTERM, then start again as scripts/dev did
  async daemonStop(name) {
    const pid = pidFrom(`${STATE}/run/${name}.pid`);
    process.kill(pid, 'SIGTERM');
    await until(() => !alive(pid), 15000, `${name} to stop`);
  },
  // the command line scripts/dev started a daemon with, one word a line
  daemonArgv(name) {
    return readFileSync(`${STATE}/run/${name}.cmd`, 'utf8').split('\n').slice(0, -1);
  },
  daemonStart(name) {
    const [cmd, ...args] = this.daemonArgv(name);
    const log = openSync(`${STATE}/log/${name}.log`, 'a');
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', log, log] });
    child.unref();
    writeFileSync(`${STATE}/run/${name}.pid`, `${child.pid}\n`);
  },
  pgData: () => realpathSync(`${STATE}/pg`) + '/data',
  pgOpts: null,
  async pgStop() {
    this.pgOpts = readFileSync(`${this.pgData()}/postmaster.opts`, 'utf8').trim();
    asPg(`${PG_BIN}/pg_ctl -D '${this.pgData()}' -m fast -w stop`);
  },
  async pgStart() {
    // postmaster.opts holds the exact, quoted command line of the last start
    const log = realpathSync(`${STATE}/pg`) + '/postgres.log';
    asPg(`nohup ${this.pgOpts} >>'${log}' 2>&1 </dev/null &`);
    await until(() => {
      const pid = pidFrom(`${this.pgData()}/postmaster.pid`);
      return pid && alive(pid) && spawnSync('psql', [DB_URL, '-Atc', 'SELECT 1']).status === 0;
    }, 30000, 'postgresql to start');
  },
  async pgRestart() {
    const log = realpathSync(`${STATE}/pg`) + '/postgres.log';
    asPg(`${PG_BIN}/pg_ctl -D '${this.pgData()}' -l '${log}' -m fast -w restart`);
  },
};

// ---- accounts -------------------------------------------------------------

export const DEMO_PASSWORD = 'qstream-demo';

// Log in; returns the token reply ({access_token, refresh_token, user, ...}).
export async function login(username, password = DEMO_PASSWORD) {
  const r = await api('POST', '/auth/login', { body: { username, password } });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
  return r.json;
}

// A user made straight in the database, with the demo password, for tests
// that change or break their user.
export function makeUser(role, departmentId) {
  const name = `t.${role}.${randomBytes(4).toString('hex')}`;
  const dept = role === 'admin' ? 'NULL' : String(departmentId);
  const id = sql(`INSERT INTO users (username, full_name, password_hash, role, department_id)
                  SELECT '${name}', 'Test ${role}', password_hash, '${role}', ${dept}
                    FROM users WHERE username = 'admin' RETURNING id`);
  return { id: Number(id), username: name };
}

const b64url = (buf) => Buffer.from(buf).toString('base64url');

// Sign header and payload (objects or raw strings) the way an attacker with
// (or without) the key would; alg picks the HMAC digest, or none.
export function forgeToken(header, payload, { key = jwtSecret(), digest = 'sha256' } = {}) {
  const h = b64url(typeof header === 'string' ? header : JSON.stringify(header));
  const p = b64url(typeof payload === 'string' ? payload : JSON.stringify(payload));
  if (!digest) return `${h}.${p}.`;
  const sig = createHmac(digest, key).update(`${h}.${p}`).digest('base64url');
  return `${h}.${p}.${sig}`;
}

export function jwtSecret() {
  return readFileSync(`${STATE}/jwt.secret`, 'utf8').replace(/\n$/, '');
}

export function decodeToken(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

// A department of a test's own: services (prefixes given), counters, and
// staff users already logged in, each with a counter open.
export async function makeDepartment({ timezone = 'Europe/Berlin', prefixes = ['A', 'B'], staff = 2, counters } = {}) {
  const tag = randomBytes(3).toString('hex');
  const dept = Number(sql(`INSERT INTO departments (name, timezone) VALUES ('Queue ${tag}', '${timezone}') RETURNING id`));
  const services = prefixes.map((p) => Number(sql(`INSERT INTO services (department_id, name, prefix, avg_service_minutes)
                                                     VALUES (${dept}, 'Service ${p}', '${p}', 5) RETURNING id`)));
  const people = [];
  for (let i = 0; i < staff; i++) {
    const u = makeUser('staff', dept);
    const counter = Number(sql(`INSERT INTO counters (department_id, name) VALUES (${dept}, 'Desk ${i + 1}') RETURNING id`));
    const token = (await login(u.username)).access_token;
    if (counters !== false) {
      const r = await api('POST', `/counters/${counter}/open`, { token });
      if (r.status !== 200) throw new Error('open counter: ' + r.text);
    }
    people.push({ ...u, counter, token });
  }
  return { id: dept, services, staff: people };
}

// What a screen does with its socket (the SPA's realtime layer, reduced to
// seq and the waiting counts): the REST snapshot on join, on resync, on a gap
// and when a heartbeat names a later seq; the events that arrive meanwhile
// are held, then applied in seq order on top of the snapshot.
// fetchSnapshot() answers the display snapshot's JSON.  The owner feeds it
// the socket's messages (onMessage) and calls refetch() once joined.
export class ScreenView {
  constructor(deptId, fetchSnapshot) {
    this.dept = deptId;
    this.fetchSnapshot = fetchSnapshot;
    this.view = null;
    this.fetching = false;
    this.pending = [];
    this.refetches = 0;
    this.reasons = []; // why it refetched after the first time
  }
  async refetch(reason) {
    if (reason) this.reasons.push(reason);
    if (this.fetching) return;
    this.fetching = true;
    this.refetches++;
    const s = await this.fetchSnapshot();
    this.view = { seq: s.seq, waiting: Object.fromEntries(s.waiting.map((w) => [String(w.service_id), w.count])) };
    this.fetching = false;
    const held = this.pending.sort((a, b) => a.seq - b.seq);
    this.pending = [];
    for (const m of held) this.apply(m);
  }
  apply(m) {
    if (m.seq <= this.view.seq) return;
    if (m.seq !== this.view.seq + 1) { this.refetch(`gap ${this.view.seq}->${m.seq}`); return; }
    this.view = { seq: m.seq, waiting: m.waiting ? { ...m.waiting } : this.view.waiting };
  }
  // the message's kind: 'resync', 'ping', 'event' or null (anything else)
  onMessage(m) {
    if (m.type === 'resync') { this.refetch(m.reason); return 'resync'; }
    if (m.type === 'ping') {
      const s = m.seqs?.[`department:${this.dept}`];
      if (this.view && !this.fetching && typeof s === 'number' && s > this.view.seq) this.refetch('heartbeat');
      return 'ping';
    }
    // the department's events (`joined` has a seq too, and no department_id)
    if (typeof m.seq !== 'number' || m.department_id !== this.dept) return null;
    if (this.fetching || !this.view) this.pending.push(m);
    else this.apply(m);
    return 'event';
  }
}

// The API's worker processes: the children of the master whose pid file the
// stack keeps (pgrep -P, as /proc/PID/task/TID/children is not in every kernel).
export function apiWorkers() {
  const pidFile = process.env.QSTREAM_API_PID_FILE || `${STATE}/run/api.pid`;
  const master = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const r = spawnSync('pgrep', ['-P', String(master)], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

// A Redis command on the stack's Redis (to clear a rate-limit window).
export function execRedis(...args) {
  return execFileSync('redis-cli', ['-p', process.env.QSTREAM_REDIS_PORT, ...args], { encoding: 'utf8' }).trim();
}
