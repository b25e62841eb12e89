// The access matrix of the contract as data: every organisation and dashboard route, for
// each role, on an object of the caller's own department and of another
// one.  Other departments' objects answer 404, as if they did not exist.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { api, sql, login, makeUser } from './lib.mjs';

const rnd = () => randomBytes(3).toString('hex');
// service prefixes must be unique among a department's active services:
// hand them out in order (AAA, AAB, ...) instead of at random
let prefixes = 0;
const nextPrefix = () => {
  let n = prefixes++;
  let p = '';
  for (let i = 0; i < 3; i++, n = Math.floor(n / 26)) p = String.fromCharCode(65 + (n % 26)) + p;
  return p;
};
const ROLES = ['admin', 'manager', 'staff'];
const tok = {};
const own = {};
const other = {};

// A fresh object of each kind in a department, so that no cell of the
// matrix depends on another (deletions included).
function fresh(dept) {
  const svc = sql(`INSERT INTO services (department_id, name, prefix)
                   VALUES (${dept}, 'Matrix ${rnd()}', '${nextPrefix()}') RETURNING id`);
  const ctr = sql(`INSERT INTO counters (department_id, name) VALUES (${dept}, 'Matrix ${rnd()}') RETURNING id`);
  const usr = sql(`INSERT INTO users (username, full_name, password_hash, role, department_id)
                   SELECT 'm.${rnd()}', 'Matrix', password_hash, 'staff', ${dept} FROM users
                    WHERE username = 'admin' RETURNING id`);
  return { dept, svc: Number(svc), ctr: Number(ctr), usr: Number(usr) };
}

// Two departments of the test's own, a manager and two staff in the first:
// the many objects the matrix makes never touch the demo departments.
let managerName;
before(async () => {
  const dept = (name) => Number(sql(`INSERT INTO departments (name, timezone) VALUES ('${name} ${rnd()}', 'Europe/Vienna') RETURNING id`));
  own.dept = dept('Matrix own');
  other.dept = dept('Matrix other');
  const manager = makeUser('manager', own.dept);
  managerName = manager.username;
  own.staff1 = makeUser('staff', own.dept).username;
  own.staff2 = makeUser('staff', own.dept).username;
  tok.admin = (await login('admin')).access_token;
  tok.manager = (await login(manager.username)).access_token;
  tok.staff = (await login(own.staff1)).access_token;
});

// [method, path(o), body(o) | null, {own: [admin, manager, staff], other: [...]}]
const matrix = [
  ['GET', () => '/departments', null, { own: [200, 200, 200], other: [200, 200, 200] }],
  ['POST', () => '/departments', () => ({ name: `Dept ${rnd()}`, timezone: 'Europe/Paris' }),
    { own: [201, 403, 403], other: [201, 403, 403] }],
  ['GET', (o) => `/departments/${o.dept}`, null, { own: [200, 200, 200], other: [200, 404, 404] }],
  ['PATCH', (o) => `/departments/${o.dept}`, () => ({ sla_wait_minutes: 20 }),
    { own: [200, 403, 403], other: [200, 403, 403] }],
  ['GET', (o) => `/departments/${o.dept}/services`, null, { own: [200, 200, 200], other: [200, 404, 404] }],
  ['POST', (o) => `/departments/${o.dept}/services`, () => ({ name: `Svc ${rnd()}`, prefix: nextPrefix() }),
    { own: [201, 201, 403], other: [201, 404, 403] }],
  ['GET', (o) => `/services/${o.svc}`, null, { own: [200, 200, 200], other: [200, 404, 404] }],
  ['PATCH', (o) => `/services/${o.svc}`, () => ({ description: 'changed' }), { own: [200, 200, 403], other: [200, 404, 403] }],
  ['DELETE', (o) => `/services/${o.svc}`, null, { own: [204, 204, 403], other: [204, 404, 403] }],
  ['GET', (o) => `/departments/${o.dept}/counters`, null, { own: [200, 200, 200], other: [200, 404, 404] }],
  ['POST', (o) => `/departments/${o.dept}/counters`, () => ({ name: `Ctr ${rnd()}` }), { own: [201, 201, 403], other: [201, 404, 403] }],
  ['GET', (o) => `/counters/${o.ctr}`, null, { own: [200, 200, 200], other: [200, 404, 404] }],
  ['PATCH', (o) => `/counters/${o.ctr}`, () => ({ name: `Renamed ${rnd()}` }), { own: [200, 200, 403], other: [200, 404, 403] }],
  ['DELETE', (o) => `/counters/${o.ctr}`, null, { own: [204, 204, 403], other: [204, 404, 403] }],
  ['GET', () => '/users', null, { own: [200, 200, 403], other: [200, 200, 403] }],
  ['POST', () => '/users', (o) => ({ username: `u.${rnd()}`, full_name: 'New Person', password: `Tr4in-${rnd()}-Station`, role: 'staff', department_id: o.dept }),
    { own: [201, 201, 403], other: [201, 404, 403] }],
  ['GET', (o) => `/users/${o.usr}`, null, { own: [200, 200, 403], other: [200, 404, 403] }],
  ['PATCH', (o) => `/users/${o.usr}`, () => ({ full_name: 'Renamed Person' }), { own: [200, 200, 403], other: [200, 404, 403] }],
  ['DELETE', (o) => `/users/${o.usr}`, null, { own: [204, 204, 403], other: [204, 404, 403] }],
  ['GET', () => '/settings', null, { own: [200, 403, 403], other: [200, 403, 403] }],
  ['PATCH', () => '/settings', () => ({ display_recent_count: 8 }), { own: [200, 403, 403], other: [200, 403, 403] }],
  // dashboards: everyone reads their own department, an admin any
  ...['summary', 'staff-performance', 'trend', 'export.csv', 'alerts'].map((r) =>
    ['GET', (o) => `/dashboard/${r}?department_id=${o.dept}`, null, { own: [200, 200, 200], other: [200, 404, 404] }]),
];

for (const [method, path, body, want] of matrix) {
  for (const scope of ['own', 'other']) {
    test(`${method} ${path({ dept: 'D', svc: 'S', ctr: 'C', usr: 'U' })} on ${scope} department`, async () => {
      for (const [i, role] of ROLES.entries()) {
        const o = fresh(scope === 'own' ? own.dept : other.dept);
        const r = await api(method, path(o), { token: tok[role], ...(body ? { body: body(o) } : {}) });
        assert.equal(r.status, want[scope][i], `${role}: ${r.text}`);
        if (r.status >= 400) assert.ok(r.json.error.code, 'an error body');
      }
    });
  }
}

test('without a token every organisation route is 401', async () => {
  const o = fresh(own.dept);
  for (const [method, path, body] of matrix) {
    const r = await api(method, path(o), body ? { body: body(o) } : {});
    assert.equal(r.status, 401, `${method} ${path(o)}`);
    assert.equal(r.json.error.code, 'unauthenticated');
  }
});

test('mass assignment: role, department and id in bodies change nothing', async () => {
  const o = fresh(own.dept);
  const before = sql(`SELECT role, department_id FROM users WHERE id = ${o.usr}`);
  // a manager cannot make a manager, nor staff of another department
  let r = await api('POST', '/users', { token: tok.manager, body: { username: `x.${rnd()}`, full_name: 'X', password: `Tr4in-${rnd()}-Station`, role: 'manager', department_id: own.dept } });
  assert.equal(r.status, 403);
  r = await api('POST', '/users', { token: tok.manager, body: { username: `x.${rnd()}`, full_name: 'X', password: `Tr4in-${rnd()}-Station`, role: 'admin' } });
  assert.equal(r.status, 403);
  r = await api('PATCH', `/users/${o.usr}`, { token: tok.manager, body: { role: 'manager' } });
  assert.equal(r.status, 403);
  r = await api('PATCH', `/users/${o.usr}`, { token: tok.manager, body: { department_id: other.dept } });
  assert.equal(r.status, 404);
  r = await api('PATCH', `/users/${o.usr}`, { token: tok.manager, body: { id: 1, full_name: 'Y' } });
  assert.equal(r.status, 400);
  assert.deepEqual(r.json.error.details, [{ field: 'id', issue: 'unknown_field' }]);
  assert.equal(sql(`SELECT role, department_id FROM users WHERE id = ${o.usr}`), before);
  assert.equal(sql(`SELECT full_name FROM users WHERE id = ${o.usr}`), 'Matrix');
  // services and counters cannot be moved to another department
  r = await api('PATCH', `/services/${o.svc}`, { token: tok.admin, body: { department_id: other.dept } });
  assert.equal(r.status, 400);
  assert.deepEqual(r.json.error.details, [{ field: 'department_id', issue: 'unknown_field' }]);
  r = await api('POST', `/departments/${own.dept}/counters`, { token: tok.manager, body: { name: 'Sneaky', department_id: other.dept, state: 'open' } });
  assert.equal(r.status, 400);
  assert.deepEqual(r.json.error.details.map((d) => d.field).sort(), ['department_id', 'state']);
  // nobody changes their own role or deactivates themselves
  const me = (await api('GET', '/auth/me', { token: tok.manager })).json;
  r = await api('PATCH', `/users/${me.id}`, { token: tok.admin, body: { role: 'staff' } });
  assert.equal(r.status, 200, 'an admin may demote a manager');
  const admin = (await api('GET', '/auth/me', { token: tok.admin })).json;
  r = await api('PATCH', `/users/${admin.id}`, { token: tok.admin, body: { active: false } });
  assert.equal(r.status, 403);
  // put the manager back (the demotion ended their sessions)
  assert.equal((await api('PATCH', `/users/${me.id}`, { token: tok.admin, body: { role: 'manager' } })).status, 200);
  tok.manager = (await login(managerName)).access_token;
});

test('a role change, a deactivation or a new password ends the user\'s tokens at once', async () => {
  for (const change of [{ role: 'manager' }, { active: false }, { password: `Tr4in-${rnd()}-Station` }]) {
    const o = fresh(own.dept);
    const name = sql(`SELECT username FROM users WHERE id = ${o.usr}`);
    const t = await login(name);
    assert.equal((await api('GET', '/auth/me', { token: t.access_token })).status, 200);
    const r = await api('PATCH', `/users/${o.usr}`, { token: tok.admin, body: change });
    assert.equal(r.status, 200, r.text);
    const after = await api('GET', '/auth/me', { token: t.access_token });
    assert.equal(after.status, 401, JSON.stringify(change));
    assert.equal((await api('POST', '/auth/refresh', { body: { refresh_token: t.refresh_token } })).status, 401);
  }
});

test('validation failures name their fields', async () => {
  sql(`INSERT INTO services (department_id, name, prefix) VALUES (${own.dept}, 'Taken', 'ZZZ')`);
  const cases = [
    ['POST', '/departments', tok.admin, { name: 'Bad', timezone: 'Mars/Olympus' }, [['timezone', 'invalid']]],
    ['POST', '/departments', tok.admin, { name: 'Bad', timezone: 'UTC', opening_hours: { mon: [['17:00', '08:00']] } }, [['opening_hours', 'invalid']]],
    ['POST', '/departments', tok.admin, { name: 'Bad', timezone: 'UTC', opening_hours: { funday: [] } }, [['opening_hours', 'invalid']]],
    ['POST', '/departments', tok.admin, { name: 'Bad', timezone: 'UTC', opening_hours: { mon: [['08:00', '12:00'], ['11:00', '13:00']] } }, [['opening_hours', 'invalid']]],
    ['POST', '/departments', tok.admin, { timezone: 'UTC', sla_wait_minutes: 0 }, [['sla_wait_minutes', 'out_of_range'], ['name', 'required']]],
    ['POST', `/departments/${own.dept}/services`, tok.manager, { name: 'Bad', prefix: 'ab' }, [['prefix', 'invalid']]],
    ['POST', `/departments/${own.dept}/services`, tok.manager, { name: 'Bad', prefix: 'ABCD', avg_service_minutes: 0 }, [['prefix', 'too_long'], ['avg_service_minutes', 'out_of_range']]],
    ['POST', `/departments/${own.dept}/services`, tok.manager, { name: 'Dup', prefix: 'ZZZ' }, [['prefix', 'taken']], 409],
    ['POST', `/departments/${own.dept}/counters`, tok.manager, { name: 'Bad', service_ids: [999999] }, [['service_ids', 'not_found']]],
    ['POST', `/departments/${own.dept}/counters`, tok.manager, { name: 'Bad', service_ids: [1, 1] }, [['service_ids', 'invalid']]],
    ['POST', '/users', tok.admin, { username: 'Bad Name', full_name: 'X', password: 'Tr4in-Station-7', role: 'staff', department_id: own.dept }, [['username', 'invalid']]],
    ['POST', '/users', tok.admin, { username: `ok.${rnd()}`, full_name: 'X', password: 'password123', role: 'staff', department_id: own.dept }, [['password', 'too_common']]],
    ['POST', '/users', tok.admin, { username: `ok.${rnd()}`, full_name: 'X', password: 'Tr4in-Station-7', role: 'staff' }, [['department_id', 'required']]],
    ['POST', '/users', tok.admin, { username: `ok.${rnd()}`, full_name: 'X', password: 'Tr4in-Station-7', role: 'root', department_id: own.dept }, [['role', 'invalid']]],
    ['POST', '/users', tok.admin, { username: 'admin', full_name: 'X', password: 'Tr4in-Station-7', role: 'admin' }, [['username', 'taken']], 409],
    ['PATCH', '/settings', tok.admin, { max_recalls: 99, colour: 'red' }, [['max_recalls', 'out_of_range'], ['colour', 'unknown_field']]],
    ['GET', '/users?limit=500', tok.admin, null, [['limit', 'out_of_range']]],
  ];
  for (const [method, path, token, body, details, status = 400] of cases) {
    const r = await api(method, path, { token, ...(body ? { body } : {}) });
    assert.equal(r.status, status, `${method} ${path} ${JSON.stringify(body)}: ${r.text}`);
    assert.deepEqual(r.json.error.details.map((d) => [d.field, d.issue]).sort(), details.sort(), `${path} ${JSON.stringify(body)}`);
  }
});

test('lists page with limit and offset and report the total', async () => {
  const all = (await api('GET', '/users?limit=200', { token: tok.admin })).json;
  const page = (await api('GET', '/users?limit=2&offset=1', { token: tok.admin })).json;
  assert.equal(page.total, all.total);
  assert.deepEqual(page.items, all.items.slice(1, 3));
  const mine = (await api('GET', '/users?limit=200', { token: tok.manager })).json;
  assert.ok(mine.items.length > 0);
  assert.ok(mine.items.every((u) => u.role === 'staff' && u.department_id === own.dept), 'a manager sees own staff only');
  const asked = (await api('GET', `/users?department_id=${other.dept}`, { token: tok.manager })).json;
  assert.equal(asked.total, 0);
});

test('counters: a staff member opens one counter, others cannot take it', async () => {
  const a = fresh(own.dept);
  const b = fresh(own.dept);
  const s1 = (await login(own.staff1)).access_token;
  const s2 = (await login(own.staff2)).access_token;
  let r = await api('POST', `/counters/${a.ctr}/open`, { token: s1 });
  assert.equal(r.status, 200);
  assert.equal(r.json.state, 'open');
  const me1 = (await api('GET', '/auth/me', { token: s1 })).json;
  assert.equal(r.json.staff_id, me1.id);
  assert.equal((await api('POST', `/counters/${a.ctr}/open`, { token: s1 })).status, 200, 'reopening one\'s own is fine');
  r = await api('POST', `/counters/${a.ctr}/open`, { token: s2 });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'conflict');
  r = await api('POST', `/counters/${b.ctr}/open`, { token: s1 });
  assert.equal(r.status, 409, 'one counter per person');
  assert.equal((await api('POST', `/counters/${a.ctr}/pause`, { token: s2 })).status, 409);
  assert.equal((await api('POST', `/counters/${a.ctr}/close`, { token: s2 })).status, 403);
  r = await api('POST', `/counters/${a.ctr}/pause`, { token: s1 });
  assert.equal(r.json.state, 'paused');
  const other1 = fresh(other.dept);
  assert.equal((await api('POST', `/counters/${other1.ctr}/open`, { token: s2 })).status, 404);
  r = await api('POST', `/counters/${a.ctr}/close`, { token: tok.manager });
  assert.equal(r.status, 200);
  assert.equal(r.json.state, 'closed');
  assert.equal(r.json.staff_id, null);
  assert.equal((await api('POST', `/counters/${b.ctr}/open`, { token: s1 })).status, 200);
  assert.equal((await api('POST', `/counters/${b.ctr}/close`, { token: s1 })).status, 200);
});

test('settings: an admin reads and changes them', async () => {
  let r = await api('GET', '/settings', { token: tok.admin });
  assert.equal(r.status, 200);
  for (const k of ['max_recalls', 'public_ticket_limit_per_hour', 'display_recent_count', 'announcement_language']) {
    assert.ok(k in r.json, k);
  }
  const before = r.json.display_recent_count;
  r = await api('PATCH', '/settings', { token: tok.admin, body: { display_recent_count: before === 9 ? 8 : 9 } });
  assert.equal(r.status, 200);
  assert.equal(r.json.display_recent_count, before === 9 ? 8 : 9);
  assert.equal((await api('GET', '/settings', { token: tok.admin })).json.display_recent_count, r.json.display_recent_count);
  r = await api('PATCH', '/settings', { token: tok.admin, body: { max_recalls: null } });
  assert.equal(r.status, 400);
  await api('PATCH', '/settings', { token: tok.admin, body: { display_recent_count: before } });
});

test('a user has one shape: /auth/me, login and GET /users/{id} agree', async () => {
  const t = await login(own.staff1);
  const me = (await api('GET', '/auth/me', { token: t.access_token })).json;
  const viaUsers = (await api('GET', `/users/${me.id}`, { token: tok.admin })).json;
  assert.deepEqual(viaUsers, me);
  assert.deepEqual(t.user, me);
});
