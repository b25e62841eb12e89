// POST /tickets: the public ticket, idempotency, gapless numbers under real
// concurrency, and bad input that must give the contract's JSON error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { api, sql, firstDepartment, findPublicDepartment, TICKET_NUMBER, PUBLIC_ID, RFC3339 } from './lib.mjs';

const dept = await firstDepartment();
const service = dept.services[0];

function assertError(r, status, code) {
  assert.equal(r.status, status, `status for ${r.text}`);
  assert.match(r.headers.get('content-type') || '', /^application\/json/, 'JSON error body');
  assert.deepEqual(Object.keys(r.json), ['error']);
  assert.equal(r.json.error.code, code);
  assert.equal(typeof r.json.error.message, 'string');
  assert.ok(r.json.error.message.length > 0);
}

test('a kiosk takes a ticket: the public ticket, no private fields', async () => {
  const r = await api('POST', '/tickets', { body: { service_id: service.id } });
  assert.equal(r.status, 201);
  const t = r.json;
  assert.match(t.ticket_number, TICKET_NUMBER);
  assert.ok(t.ticket_number.startsWith(service.prefix + '-'));
  assert.match(t.public_id, PUBLIC_ID);
  assert.equal(t.status, 'waiting');
  assert.equal(t.priority, 'normal');
  assert.deepEqual(t.service, { id: service.id, name: service.name });
  assert.deepEqual(t.department, { id: dept.id, name: dept.name });
  assert.equal(t.position, t.people_ahead + 1);
  assert.ok(t.people_ahead >= 0);
  assert.ok(t.estimated_wait_minutes.low <= t.estimated_wait_minutes.high);
  assert.equal(t.counter, null);
  assert.match(t.created_at, RFC3339);
  assert.equal(t.called_at, null);
  assert.equal(t.rating, null);
  assert.equal(t.delays_used, 0);
  assert.ok(t.track_url.endsWith('/t/' + t.public_id));
  for (const k of ['id', 'customer_name', 'customer_phone', 'notes', 'served_by']) {
    assert.ok(!(k in t), `public ticket reveals ${k}`);
  }
});

test('the next ticket of the service is one further back in line', async () => {
  const a = (await api('POST', '/tickets', { body: { service_id: service.id } })).json;
  const b = (await api('POST', '/tickets', { body: { service_id: service.id, customer_name: 'Zoë' } })).json;
  assert.equal(b.people_ahead, a.people_ahead + 1);
  const na = Number(a.ticket_number.split('-')[1]);
  const nb = Number(b.ticket_number.split('-')[1]);
  assert.equal(nb, na + 1);
});

test('a retry with the same Idempotency-Key returns the first ticket', async () => {
  const key = randomUUID();
  const headers = { 'Idempotency-Key': key };
  const first = await api('POST', '/tickets', { body: { service_id: service.id }, headers });
  const again = await api('POST', '/tickets', { body: { service_id: service.id }, headers });
  assert.equal(first.status, 201);
  assert.equal(again.status, 201);
  assert.equal(again.json.public_id, first.json.public_id);
  assert.equal(again.json.ticket_number, first.json.ticket_number);
  // and concurrent retries with one key still make exactly one ticket
  const key2 = randomUUID();
  const burst = await Promise.all(Array.from({ length: 8 }, () =>
    api('POST', '/tickets', { body: { service_id: service.id }, headers: { 'Idempotency-Key': key2 } })));
  assert.deepEqual(burst.map((r) => r.status), Array(8).fill(201));
  assert.equal(new Set(burst.map((r) => r.json.public_id)).size, 1);
  assert.equal(sql(`SELECT count(*) FROM tickets WHERE idempotency_key = '${key2}'`), '1');
});

test('32 concurrent kiosks get distinct, gapless numbers', async () => {
  const svc = dept.services[1];
  const rs = await Promise.all(Array.from({ length: 32 }, () =>
    api('POST', '/tickets', { body: { service_id: svc.id } })));
  assert.deepEqual(rs.map((r) => r.status), Array(32).fill(201));
  const numbers = rs.map((r) => Number(r.json.ticket_number.split('-')[1])).sort((x, y) => x - y);
  assert.equal(new Set(numbers).size, 32, 'numbers are unique');
  for (let i = 1; i < numbers.length; i++) assert.equal(numbers[i], numbers[i - 1] + 1, 'no gap in the burst');
  // and the whole day of that service, as the database holds it, is 1..N
  const rows = sql(`SELECT number FROM tickets WHERE number_service_id = ${svc.id}
                     AND service_day = qs_service_day('${dept.timezone}', now()) ORDER BY number`)
    .split('\n').map(Number);
  rows.forEach((n, i) => assert.equal(n, i + 1, 'gapless from 1'));
  assert.equal(sql(`SELECT last_number FROM ticket_numbers WHERE service_id = ${svc.id}
                     AND service_day = qs_service_day('${dept.timezone}', now())`), String(rows.length));
  // and the queue calls them in number order: a lower number is never behind a higher one
  const queue = sql(`SELECT number FROM tickets WHERE service_id = ${svc.id} AND status = 'waiting'
                      AND priority = 'normal' ORDER BY queued_at, id`).split('\n').map(Number);
  assert.deepEqual(queue, [...queue].sort((x, y) => x - y));
});

test('bad input gives the contract JSON error, never a 5xx', async () => {
  const post = (raw, headers = { 'Content-Type': 'application/json' }) =>
    api('POST', '/tickets', { raw, headers });
  assertError(await post('{"service_id": '), 400, 'bad_json');
  assertError(await post('{"service_id": 1} x'), 400, 'bad_json');
  assertError(await post('{"service_id": 1, "service_id": 2}'), 400, 'bad_json');
  assertError(await post('[1]'), 400, 'bad_json');
  assertError(await post(''), 400, 'bad_json');
  assertError(await post('{"service_id": 1, "customer_name": "a\\u0000b"}'), 400, 'bad_json');
  // RFC 8259: control characters inside a string must be escaped; raw ones are refused
  for (const c of ['\u0001', '\u001f', '\t', '\n', '\r']) {
    assertError(await post(`{"service_id": 1, "customer_name": "a${c}b"}`), 400, 'bad_json');
  }
  // escaped, they are fine (and raw white space between tokens too)
  const ok = await post(`{\n\t"service_id": ${service.id}, "customer_name": "a\\tb"\r\n}`);
  assert.equal(ok.status, 201, ok.text);
  assertError(await post(Buffer.from('{"service_id": 1, "customer_name": "\xff\xfe"}', 'latin1')), 400, 'bad_json');
  assertError(await post('{"a":'.repeat(11) + '1' + '}'.repeat(11)), 400, 'bad_json');

  let r = await post(JSON.stringify({ service_id: String(service.id) }));
  assertError(r, 400, 'validation_failed');
  assert.deepEqual(r.json.error.details, [{ field: 'service_id', issue: 'wrong_type' }]);

  r = await post(JSON.stringify({ service_id: service.id, priority: 'high', is_admin: true }));
  assertError(r, 400, 'validation_failed');
  assert.deepEqual(r.json.error.details.map((d) => d.field).sort(), ['is_admin', 'priority']);
  assert.ok(r.json.error.details.every((d) => d.issue === 'unknown_field'));

  r = await post(JSON.stringify({}));
  assertError(r, 400, 'validation_failed');
  assert.deepEqual(r.json.error.details, [{ field: 'service_id', issue: 'required' }]);

  r = await post(JSON.stringify({ service_id: 999999 }));
  assertError(r, 400, 'validation_failed');
  assert.deepEqual(r.json.error.details, [{ field: 'service_id', issue: 'not_found' }]);

  r = await post(JSON.stringify({ service_id: -3 }));
  assertError(r, 400, 'validation_failed');
  assert.equal(r.json.error.details[0].issue, 'out_of_range');

  r = await post(JSON.stringify({ service_id: service.id, customer_name: 'x'.repeat(201) }));
  assertError(r, 400, 'validation_failed');
  assert.deepEqual(r.json.error.details, [{ field: 'customer_name', issue: 'too_long' }]);

  assertError(await post(JSON.stringify({ service_id: service.id }), { 'Content-Type': 'text/plain' }), 415, 'unsupported_media_type');
  assertError(await post(JSON.stringify({ service_id: service.id }), {}), 415, 'unsupported_media_type');
  assert.equal((await post(JSON.stringify({ service_id: service.id }),
    { 'Content-Type': 'application/json; charset=utf-8' })).status, 201);

  for (const key of ['x'.repeat(129), 'with space', 'caf\xe9']) {
    r = await post(JSON.stringify({ service_id: service.id }),
      { 'Content-Type': 'application/json', 'Idempotency-Key': key });
    assertError(r, 400, 'validation_failed');
    assert.deepEqual(r.json.error.details, [{ field: 'Idempotency-Key', issue: 'invalid' }]);
  }

  const huge = JSON.stringify({ service_id: service.id, customer_name: 'x'.repeat(20000) });
  assertError(await post(huge), 413, 'payload_too_large');
});

test('an inactive service cannot be taken', async () => {
  const id = sql(`INSERT INTO services (department_id, name, prefix, active)
                  VALUES (${dept.id}, 'Retired desk', 'ZZ', false) RETURNING id`);
  const r = await api('POST', '/tickets', { body: { service_id: Number(id) } });
  assertError(r, 400, 'validation_failed');
  assert.equal(r.json.error.details[0].issue, 'not_found');
});

test('a closed department refuses public tickets with 409', async () => {
  // a department whose opening hours never include now
  const id = sql(`WITH d AS (INSERT INTO departments (name, timezone, opening_hours)
                    VALUES ('Closed office', 'UTC', '{}') RETURNING id)
                  INSERT INTO services (department_id, name, prefix)
                  SELECT id, 'Desk', 'D' FROM d RETURNING id`);
  const r = await api('POST', '/tickets', { body: { service_id: Number(id) } });
  assertError(r, 409, 'conflict');
  const closed = await findPublicDepartment((d) => d.name === 'Closed office');
  assert.equal(closed.open_now, false);
  sql(`UPDATE departments SET active = false WHERE name = 'Closed office'`);
});

test('staff at a desk may give a ticket high priority and notes; it goes ahead of normal ones', async () => {
  const { login } = await import('./lib.mjs');
  const staff = (await login('staff.clinic1')).access_token;
  const svc = dept.services[0];
  await api('POST', '/tickets', { body: { service_id: svc.id } }); // someone normal is waiting
  const r = await api('POST', '/tickets', { token: staff, body: { service_id: svc.id, priority: 'high', notes: 'wheelchair', customer_name: 'Ann' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.priority, 'high');
  assert.equal(r.json.notes, 'wheelchair', 'staff get the staff view');
  assert.equal(r.json.customer_name, 'Ann');
  const highAhead = Number(sql(`SELECT count(*) FROM tickets WHERE service_id = ${svc.id} AND status = 'waiting'
                                  AND priority = 'high' AND id < ${r.json.id}`));
  assert.equal(r.json.people_ahead, highAhead, 'only earlier high-priority tickets are ahead');
  // staff of another department cannot issue tickets here
  const citizen = (await login('staff.citizen1')).access_token;
  const x = await api('POST', '/tickets', { token: citizen, body: { service_id: svc.id } });
  assertError(x, 400, 'validation_failed');
  assert.deepEqual(x.json.error.details, [{ field: 'service_id', issue: 'not_found' }]);
  // a bad token on the public route is refused, not ignored
  assert.equal((await api('POST', '/tickets', { token: 'not-a-token', body: { service_id: svc.id } })).status, 401);
});

test('the public may take at most public_ticket_limit_per_hour tickets per address', async () => {
  const { login, execRedis } = await import('./lib.mjs');
  const admin = (await login('admin')).access_token;
  const before = (await api('GET', '/settings', { token: admin })).json.public_ticket_limit_per_hour;
  execRedis('DEL', 'qstream:tickets:addr:127.0.0.1');
  await api('PATCH', '/settings', { token: admin, body: { public_ticket_limit_per_hour: 3 } });
  try {
    for (let i = 0; i < 3; i++) assert.equal((await api('POST', '/tickets', { body: { service_id: service.id } })).status, 201);
    const r = await api('POST', '/tickets', { body: { service_id: service.id } });
    assertError(r, 429, 'rate_limited');
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    // staff at a desk are not counted
    const staff = (await login('staff.clinic1')).access_token;
    assert.equal((await api('POST', '/tickets', { token: staff, body: { service_id: service.id } })).status, 201);
  } finally {
    const restored = await api('PATCH', '/settings', { token: admin, body: { public_ticket_limit_per_hour: before } });
    execRedis('DEL', 'qstream:tickets:addr:127.0.0.1');
    assert.equal(restored.status, 200, `the limit is restored: ${restored.text}`);
  }
  assert.equal((await api('POST', '/tickets', { body: { service_id: service.id } })).status, 201);
});

test('a closed department names the reason; a retry of a ticket taken before closing still gets it', async () => {
  const { makeDepartment, makeUser, login } = await import('./lib.mjs');
  const d = await makeDepartment({ staff: 0, prefixes: ['K'] });
  const key = randomUUID();
  const body = { service_id: d.services[0] };
  const first = await api('POST', '/tickets', { body, headers: { 'Idempotency-Key': key } });
  assert.equal(first.status, 201, first.text);
  sql(`UPDATE departments SET opening_hours = '{}' WHERE id = ${d.id}`);
  const r = await api('POST', '/tickets', { body });
  assertError(r, 409, 'conflict');
  assert.deepEqual(r.json.error.details, [{ field: 'service_id', issue: 'department_closed' }]);
  // with a key not used before, the same refusal
  const fresh = await api('POST', '/tickets', { body, headers: { 'Idempotency-Key': randomUUID() } });
  assert.deepEqual(fresh.json.error.details, [{ field: 'service_id', issue: 'department_closed' }]);
  const again = await api('POST', '/tickets', { body, headers: { 'Idempotency-Key': key } });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.json.public_id, first.json.public_id);
  // staff may still let someone in
  const staff = (await login(makeUser('staff', d.id).username)).access_token;
  assert.equal((await api('POST', '/tickets', { token: staff, body })).status, 201);
  assert.equal(sql(`SELECT count(*) FROM tickets WHERE department_id = ${d.id}`), '2');
});
