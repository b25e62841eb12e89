// Health, request ids, the OpenAPI document and unknown routes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { api } from './lib.mjs';

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
