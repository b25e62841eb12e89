// A stand-in for the QStream stack, for developing the SPA and its browser test
// while the real backend is not running. It speaks only the public part of the
// contract (/work/shared/API.md): GET /api/v1/public/departments,
// POST /api/v1/tickets, GET /api/v1/display/:id and the /ws protocol, and it
// serves www/dist with a history fallback like nginx does.
//
//   node tests/e2e/support/mock-stack.mjs [port]      (default 5180)
//   POST /mock/call-next/:departmentId                 simulate a counter calling
//
// It is never used by the test against the real stack (QSTREAM_URL).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] ?? process.env.MOCK_PORT ?? 5180);
const dist = fileURLToPath(new URL('../../../www/dist/', import.meta.url));
const HEARTBEAT_S = Number(process.env.MOCK_HEARTBEAT_S ?? 25);

const departments = [
  {
    id: 1, name: 'Outpatient Clinic', timezone: 'Europe/Berlin', open_now: true, seq: 17,
    services: [
      { id: 1, name: 'General practice', prefix: 'A', description: 'Walk-in consultations', avg: 6 },
      { id: 2, name: 'Blood tests', prefix: 'B', description: 'Lab samples, no appointment needed', avg: 3 },
      { id: 3, name: 'Prescriptions', prefix: 'P', description: null, avg: 2 },
    ],
  },
  {
    id: 2, name: 'Citizen Office', timezone: 'Europe/Berlin', open_now: false, seq: 3,
    services: [{ id: 4, name: 'Passports', prefix: 'C', description: 'ID cards and passports', avg: 10 }],
  },
];
const tickets = []; // {public_id, ticket_number, status, service, department, created_at, called_at, counter}
const numbers = new Map(); // service id -> last number
const idempotency = new Map();
const counters = ['Counter 1', 'Counter 2', 'Counter 3'];
let counterTurn = 0;

function seed() {
  for (const [sid, n] of [[1, 4], [2, 2], [3, 0]]) for (let i = 0; i < n; i++) issue(sid, false);
  for (let i = 0; i < 3; i++) call(1, false);
}

const findService = (id) => {
  for (const d of departments) for (const s of d.services) if (s.id === id) return { d, s };
  return null;
};
const waitingOf = (sid) => tickets.filter((t) => t.service.id === sid && t.status === 'waiting');
const waitingMap = (d) => Object.fromEntries(d.services.map((s) => [String(s.id), waitingOf(s.id).length]));
const publicTicket = (t) => {
  const ahead = t.status === 'waiting' ? waitingOf(t.service.id).indexOf(t) : null;
  const avg = findService(t.service.id).s.avg;
  return {
    public_id: t.public_id, ticket_number: t.ticket_number, status: t.status, priority: 'normal',
    service: t.service, department: t.department,
    position: ahead === null ? null : ahead + 1, people_ahead: ahead,
    estimated_wait_minutes: ahead === null ? null : { low: ahead * avg, high: (ahead + 1) * avg },
    counter: t.counter, created_at: t.created_at, called_at: t.called_at, completed_at: null,
    rating: null, delays_used: 0, track_url: `/t/${t.public_id}`,
  };
};

function issue(serviceId, publish = true) {
  const { d, s } = findService(serviceId);
  const n = (numbers.get(serviceId) ?? 0) + 1;
  numbers.set(serviceId, n);
  const t = {
    public_id: randomBytes(18).toString('base64url'),
    ticket_number: `${s.prefix}-${String(n).padStart(3, '0')}`,
    status: 'waiting', service: { id: s.id, name: s.name }, department: { id: d.id, name: d.name },
    created_at: new Date().toISOString(), called_at: null, counter: null,
  };
  tickets.push(t);
  d.seq += 1;
  if (publish) broadcast(d, 'ticket_created', t, null);
  return t;
}

function call(departmentId, publish = true) {
  const d = departments.find((x) => x.id === departmentId);
  const t = tickets.find((x) => x.department.id === departmentId && x.status === 'waiting');
  if (!d || !t) return null;
  const counter = { id: (counterTurn % counters.length) + 1, name: counters[counterTurn++ % counters.length] };
  t.status = 'called';
  t.called_at = new Date().toISOString();
  t.counter = counter;
  d.seq += 1;
  if (publish) broadcast(d, 'ticket_called', t, counter);
  return t;
}

function snapshot(d) {
  return {
    department: { id: d.id, name: d.name },
    seq: d.seq,
    now_serving: tickets
      .filter((t) => t.department.id === d.id && t.status === 'called')
      .sort((a, b) => b.called_at.localeCompare(a.called_at))
      .slice(0, 8)
      .map((t) => ({ ticket_number: t.ticket_number, counter: t.counter.name, called_at: t.called_at, recall_count: 0 })),
    waiting: d.services.map((s) => {
      const w = waitingOf(s.id);
      return { service_id: s.id, prefix: s.prefix, name: s.name, count: w.length, next: w.slice(0, 3).map((t) => t.ticket_number) };
    }),
    generated_at: new Date().toISOString(),
  };
}

function publicDepartments() {
  return {
    items: departments.map((d) => ({
      id: d.id, name: d.name, timezone: d.timezone, open_now: d.open_now,
      services: d.services.map((s) => ({
        id: s.id, name: s.name, prefix: s.prefix, description: s.description,
        waiting: waitingOf(s.id).length, estimated_wait_minutes: waitingOf(s.id).length * s.avg,
      })),
    })),
    total: departments.length,
  };
}

// ---- WebSocket ----
const sockets = new Set();
function broadcast(d, type, t, counter) {
  const channel = `department:${d.id}`;
  const { public_id, ...rest } = publicTicket(t);
  const event = {
    type, department_id: d.id, seq: d.seq, ts: new Date().toISOString(),
    ticket: { public_id, ...rest }, counter, waiting: waitingMap(d), channel,
  };
  for (const ws of sockets) if (ws.channels.has(channel)) ws.send(JSON.stringify(event));
}

const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.channels = new Set();
  sockets.add(ws);
  ws.send(JSON.stringify({ type: 'welcome', client_id: randomBytes(8).toString('hex'), heartbeat_s: HEARTBEAT_S }));
  const hb = setInterval(() => {
    const seqs = {};
    for (const c of ws.channels) seqs[c] = departments.find((d) => `department:${d.id}` === c)?.seq;
    ws.send(JSON.stringify({ type: 'ping', seqs }));
  }, HEARTBEAT_S * 1000);
  ws.on('close', () => { clearInterval(hb); sockets.delete(ws); });
  ws.on('message', (raw) => {
    let m;
    try { m = JSON.parse(String(raw)); } catch { return ws.send(JSON.stringify({ type: 'error', code: 'bad_message', message: 'not json' })); }
    if (m.type === 'ping') return ws.send(JSON.stringify({ type: 'pong' }));
    if (m.type === 'join') {
      const d = departments.find((x) => `department:${x.id}` === m.channel);
      if (!d) return ws.send(JSON.stringify({ type: 'error', code: 'unknown_channel', message: 'unknown channel' }));
      ws.channels.add(m.channel);
      ws.send(JSON.stringify({ type: 'joined', channel: m.channel, seq: d.seq }));
      if (typeof m.since === 'number' && m.since < d.seq) {
        ws.send(JSON.stringify({ type: 'resync', channel: m.channel, reason: 'gap' }));
      }
      return;
    }
    if (m.type === 'leave') { ws.channels.delete(m.channel); return ws.send(JSON.stringify({ type: 'left', channel: m.channel })); }
    ws.send(JSON.stringify({ type: 'error', code: 'bad_message', message: 'unknown type' }));
  });
});

// ---- HTTP ----
const json = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const apiError = (res, status, code, message, details = []) => json(res, status, { error: { code, message, details } });
const readBody = (req) => new Promise((resolve) => {
  let data = '';
  req.on('data', (c) => { data += c; });
  req.on('end', () => resolve(data));
});
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.svg': 'image/svg+xml' };

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const p = url.pathname;
  if (p === '/api/v1/health') return json(res, 200, { status: 'ok', database: 'ok', redis: 'ok', version: 'mock' });
  if (p === '/api/v1/public/departments' && req.method === 'GET') return json(res, 200, publicDepartments());
  let m = p.match(/^\/api\/v1\/display\/(\d+)$/);
  if (m && req.method === 'GET') {
    const d = departments.find((x) => x.id === Number(m[1]));
    return d ? json(res, 200, snapshot(d)) : apiError(res, 404, 'not_found', 'department not found');
  }
  if (p === '/api/v1/tickets' && req.method === 'POST') {
    let body;
    try { body = JSON.parse(await readBody(req)); } catch { return apiError(res, 400, 'bad_json', 'body is not valid JSON'); }
    if (!Number.isInteger(body?.service_id)) return apiError(res, 400, 'validation_failed', 'service_id is required', [{ field: 'service_id', issue: 'required' }]);
    const found = findService(body.service_id);
    if (!found) return apiError(res, 404, 'not_found', 'service not found');
    if (!found.d.open_now) return apiError(res, 409, 'conflict', 'the department is closed now');
    if (process.env.MOCK_429) return apiError(res, 429, 'rate_limited', 'too many tickets', []) ;
    const key = req.headers['idempotency-key'];
    if (key && idempotency.has(key)) return json(res, 201, publicTicket(idempotency.get(key)));
    const t = issue(body.service_id);
    if (key) idempotency.set(key, t);
    return json(res, 201, publicTicket(t));
  }
  m = p.match(/^\/mock\/call-next\/(\d+)$/);
  if (m && req.method === 'POST') {
    const t = call(Number(m[1]));
    return t ? json(res, 200, publicTicket(t)) : apiError(res, 409, 'no_waiting_ticket', 'no one is waiting');
  }
  if (p.startsWith('/api/')) return apiError(res, 404, 'not_found', 'no such route');
  // static with history fallback
  const file = normalize(join(dist, decodeURIComponent(p)));
  let target = join(dist, 'index.html');
  if (file.startsWith(dist)) {
    try { if ((await stat(file)).isFile()) target = file; } catch { /* fallback */ }
  }
  try {
    const body = await readFile(target);
    res.writeHead(200, { 'Content-Type': types[extname(target)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(500); res.end('build www first (cd www && npm run build)');
  }
});
server.on('upgrade', (req, socket, head) => {
  if (new URL(req.url, 'http://x').pathname !== '/ws') return socket.destroy();
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});

seed();
server.listen(port, '127.0.0.1', () => console.log(`mock stack on http://127.0.0.1:${port}`));
