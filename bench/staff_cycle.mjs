// The staff cycle under load: each staff member, at their own open counter,
// repeats "call next, start, complete" for SECONDS through nginx.  Prints
// "cycles_per_s cycle_p50_ms cycle_p99_ms call_next_p50_ms errors".
//   node bench/staff_cycle.mjs <base_url> <seconds> user:counter ...
// Node's http module with a keep-alive agent, not fetch: the generator shares
// the two cores with what it measures, and fetch (undici) used 2.4 times the
// CPU a cycle (1,150 us against 475; 13 % fewer cycles measured).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';

const [base, seconds, ...staff] = process.argv.slice(2);
const origin = new URL(base);
// a base URL with a path (bench/run.sh's least worker, URL/bench/least) puts it before /api/v1
const prefix = origin.pathname.replace(/\/+$/, '');
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const lat = [];
const callLat = [];
let cycles = 0;
let errors = 0;
let until = 0;

function post(path, token, body) {
  const data = body ? JSON.stringify(body) : '';
  const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) };
  if (token) headers.Authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: origin.hostname, port: origin.port, path: `${prefix}/api/v1${path}`,
                               method: 'POST', agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        let json = null;
        try { json = JSON.parse(Buffer.concat(chunks)); } catch { /* counted by its status */ }
        resolve({ status: res.statusCode, json });
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function login(spec) {
  const [username, counter] = spec.split(':');
  const r = await post('/auth/login', null, { username, password: 'qstream-demo' });
  return { token: r.json.access_token, counter: Number(counter) };
}

async function desk({ token, counter }) {
  while (Date.now() < until) {
    const t0 = process.hrtime.bigint();
    const r = await post('/tickets/call-next', token, { counter_id: counter });
    callLat.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 200) { errors++; continue; }
    const s = await post(`/tickets/${r.json.id}/start`, token);
    const c = s.status === 200 ? await post(`/tickets/${r.json.id}/complete`, token) : s;
    if (c.status !== 200) { errors++; continue; }
    lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
    cycles++;
  }
}

// BENCH_TICKS_CMD (a bash command that prints one line, bench/run.sh's
// stack_ticks) runs just before the cycles and just after them, into the file
// BENCH_TICKS_OUT: the CPU the cycles cost, without the sign-ins.
const ticks = () => process.env.BENCH_TICKS_CMD &&
  execFileSync('bash', ['-c', process.env.BENCH_TICKS_CMD], { encoding: 'utf8' }).trim();

const desks = await Promise.all(staff.map(login));
const ticks0 = ticks();
until = Date.now() + Number(seconds) * 1000;
await Promise.all(desks.map(desk));
if (process.env.BENCH_TICKS_CMD) writeFileSync(process.env.BENCH_TICKS_OUT, `${ticks0}\n${ticks()}\n`);
const pct = (a, p) => { a.sort((x, y) => x - y); return a[Math.min(a.length - 1, Math.floor(a.length * p))].toFixed(2); };
console.log(`${(cycles / Number(seconds)).toFixed(2)} ${pct(lat, 0.5)}ms ${pct(lat, 0.99)}ms ${pct(callLat, 0.5)}ms ${errors}`);
