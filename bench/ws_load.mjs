// WebSocket load for the bridge (bench/run.sh runs it).
//
//   node bench/ws_load.mjs latency <api_base> <ws_url> <sockets> <events> <service_id> <dept>
//     prints "p50_ms p99_ms samples lost": POST start -> event arrival, over
//     every (event, socket) pair
//   node bench/ws_load.mjs fanout <api_base> <ws_url> <sockets> <events> <service_id> <dept> <bridge_pid>
//     prints "rss_before_kb rss_after_kb bytes_per_socket p50_ms p99_ms lost":
//     the bridge's resident memory before and after the sockets joined, and
//     POST start -> the LAST socket has the event
// Sockets join department:<dept>; tickets are taken one at a time, 20 ms apart.
// Frames arrive as Buffers and are only searched for their type.
import { readFileSync } from 'node:fs';
import WebSocket from '../tests/node_modules/ws/index.js';

const [mode, api, wsUrl, nSockets, nEvents, service, dept, bridgePid] = process.argv.slice(2);
const N = Number(nSockets);
const E = Number(nEvents);
const rssKb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let pending = null; // {t0, got, done}
const samples = [];

// no JSON.parse per frame: with 10,000 sockets the generator's own parsing
// would be most of what it measures
function onMessage(data) {
  if (!pending) return;
  if (data.indexOf('"type":"ticket_created"') < 0) return;
  const dt = Number(process.hrtime.bigint() - pending.t0) / 1e6;
  if (mode === 'latency') samples.push(dt);
  if (++pending.got === N) pending.done(dt);
}

function open() {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
    ws.once('open', () => ws.send(JSON.stringify({ type: 'join', channel: `department:${dept}` })));
    ws.on('message', function first(data) {
      if (JSON.parse(data).type !== 'joined') return;
      ws.off('message', first);
      ws.on('message', onMessage);
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

async function takeTracked() {
  let done;
  const all = new Promise((r) => { done = r; });
  pending = { t0: process.hrtime.bigint(), got: 0, done };
  await fetch(`${api}/api/v1/tickets`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ service_id: Number(service) }),
  }).then((r) => r.text());
  const dt = await Promise.race([all, sleep(5000).then(() => -1)]);
  pending = null;
  return dt;
}

const before = bridgePid ? rssKb(bridgePid) : 0;
const sockets = [];
for (let i = 0; i < N; i += 250) {
  sockets.push(...await Promise.all(Array.from({ length: Math.min(250, N - i) }, open)));
}
await sleep(1000);
const after = bridgePid ? rssKb(bridgePid) : 0;

const spans = [];
for (let e = 0; e < E; e++) {
  spans.push(await takeTracked());
  await sleep(20);
}

const pct = (arr, p) => {
  const s = arr.filter((x) => x >= 0).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * p))].toFixed(1) : 'n/a';
};
const lost = spans.filter((x) => x < 0).length;
if (mode === 'latency') {
  console.log(`${pct(samples, 0.5)} ${pct(samples, 0.99)} ${samples.length} ${lost}`);
} else {
  console.log(`${before} ${after} ${Math.round(((after - before) * 1024) / N)} ${pct(spans, 0.5)} ${pct(spans, 0.99)} ${lost}`);
}
for (const ws of sockets) ws.terminate();
process.exit(0);
