// Call-next under load: STAFF concurrent staff members, each at their own
// open counter, repeat "call next, then no-show" for SECONDS through nginx.
// Prints "cycles_per_s p50_ms p99_ms errors" (latency of call-next alone).
//   node bench/call_next.mjs <base_url> <seconds> user:counter ...
const [base, seconds, ...staff] = process.argv.slice(2);
const until = Date.now() + Number(seconds) * 1000;
const lat = [];
let cycles = 0;
let errors = 0;

async function post(path, token, body) {
  const r = await fetch(base + '/api/v1' + path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: r.status, json: await r.json().catch(() => null) };
}

async function desk(spec) {
  const [username, counter] = spec.split(':');
  const login = await fetch(base + '/api/v1/auth/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'qstream-demo' }),
  }).then((r) => r.json());
  const token = login.access_token;
  while (Date.now() < until) {
    const t0 = process.hrtime.bigint();
    const r = await post('/tickets/call-next', token, { counter_id: Number(counter) });
    lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 200) { errors++; continue; }
    const x = await post(`/tickets/${r.json.id}/no-show`, token);
    if (x.status !== 200) errors++;
    else cycles++;
  }
}

await Promise.all(staff.map(desk));
lat.sort((a, b) => a - b);
const pct = (p) => lat[Math.min(lat.length - 1, Math.floor(lat.length * p))].toFixed(2);
console.log(`${(cycles / Number(seconds)).toFixed(2)} ${pct(0.5)}ms ${pct(0.99)}ms ${errors}`);
