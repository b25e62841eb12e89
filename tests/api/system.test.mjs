// Health, request ids, the OpenAPI document and unknown routes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { api, BASE, login, sql } from './lib.mjs';

test('health answers ok with database and redis up, and a request id', async () => {
  const r = await api('GET', '/health');
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'ok');
  assert.equal(r.json.database, 'ok');
  assert.equal(r.json.redis, 'ok');
  assert.match(r.json.version, /^\d+\.\d+\.\d+/);
  assert.match(r.headers.get('x-request-id'), /^[A-Za-z0-9_-]{8,}$/);
  assert.match(r.headers.get('content-type'), /^application\/json/);
});

test('every reply carries a distinct request id', async () => {
  const a = await api('GET', '/health');
  const b = await api('GET', '/nope');
  assert.ok(a.headers.get('x-request-id'));
  assert.ok(b.headers.get('x-request-id'));
  assert.notEqual(a.headers.get('x-request-id'), b.headers.get('x-request-id'));
});

test('openapi.json describes every route of the route table', async () => {
  const r = await api('GET', '/openapi.json');
  assert.equal(r.status, 200);
  assert.equal(r.json.openapi, '3.1.0');
  const table = readFileSync(new URL('../../fcgi/routes.c', import.meta.url), 'utf8');
  const routes = [...table.matchAll(/\{\s*"([A-Z]+)",\s*"\/api\/v1([^"]+)"/g)];
  assert.ok(routes.length >= 5, 'route table parsed');
  for (const [, method, path] of routes) {
    const item = r.json.paths[path];
    assert.ok(item, `openapi lacks path ${path}`);
    assert.ok(item[method.toLowerCase()], `openapi lacks ${method} ${path}`);
  }
});

test('unknown route is a JSON 404, wrong method a JSON 405 with Allow', async () => {
  const a = await api('GET', '/no/such/thing');
  assert.equal(a.status, 404);
  assert.equal(a.json.error.code, 'not_found');
  const b = await api('DELETE', '/health');
  assert.equal(b.status, 405);
  assert.equal(b.json.error.code, 'method_not_allowed');
  assert.equal(b.headers.get('allow'), 'GET');
});

// GET /metrics: Prometheus text to loopback (the tests' address); what was
// asked shows in the counters and the histogram, with the tickets by status.
test('metrics count requests by route and status in Prometheus text', async () => {
  const scrape = async () => {
    const r = await fetch(`${BASE}/api/v1/metrics`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    return r.text();
  };
  const value = (text, name, labels) => {
    const line = text.split('\n').find((l) => l.startsWith(name + '{') &&
      Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };
  const before = await scrape();
  for (let i = 0; i < 3; i++) assert.equal((await api('GET', '/health')).status, 200);
  assert.equal((await api('GET', '/tickets/999999999', { token: (await login('admin')).access_token })).status, 404);
  assert.equal((await api('GET', '/no/such/route')).status, 404);
  const after = await scrape();
  // every line is a comment or `name{labels} value`
  for (const line of after.split('\n').filter(Boolean)) {
    assert.match(line, /^(# (HELP|TYPE) [a-z_]+ .+|[a-z_]+(\{([a-z_]+="[^"]*",?)*\})? [0-9.e+-]+)$/, line);
  }
  const health = { route: '/api/v1/health', method: 'GET', status: '200' };
  assert.ok(value(after, 'qstream_http_requests_total', health) >= value(before, 'qstream_http_requests_total', health) + 3);
  assert.ok(value(after, 'qstream_http_requests_total', { route: '/api/v1/tickets/{id}', status: '404' }) >= 1);
  assert.ok(value(after, 'qstream_http_requests_total', { route: 'unmatched', status: '404' }) >= 1);
  // the histogram's buckets only grow, and +Inf is the count
  const buckets = after.split('\n').filter((l) => l.startsWith('qstream_http_request_duration_seconds_bucket{') &&
    l.includes('route="/api/v1/health"')).map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
  assert.ok(buckets.length >= 2);
  for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i] >= buckets[i - 1]);
  assert.equal(buckets.at(-1), value(after, 'qstream_http_request_duration_seconds_count', { route: '/api/v1/health' }));
  for (const s of ['waiting', 'called', 'serving', 'completed', 'no_show', 'cancelled']) {
    assert.match(after, new RegExp(`^qstream_tickets_today\\{status="${s}"\\} \\d+$`, 'm'));
  }
  assert.match(after, /^qstream_db_errors_total\{worker="[^"]+"\} \d+$/m);
  assert.match(after, /^qstream_redis_errors_total\{worker="[^"]+"\} \d+$/m);
  assert.equal(Number(after.match(/^qstream_tickets_waiting (\d+)$/m)[1]),
    Number(sql(`SELECT count(*) FROM tickets WHERE status = 'waiting'`)));
});
