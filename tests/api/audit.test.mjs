// The route audit: objects of another department do not exist for staff and
// managers, on every route, in every state.
//
// The test walks the route table (fcgi/routes.c) and the contract's
// description of it (fcgi/openapi.json): every route that takes an object's
// id, in its path, its query or its body, must have a case below, or the
// test fails.  Each case is called as a staff member and as a manager of
// department A, with objects of department B in each of their states (a
// ticket waiting, called, serving, completed, cancelled and no-show; a
// counter closed, open and paused; ...), and with an id that exists
// nowhere.  The answers must be the same, down to the error's message and
// details: an answer that differs (a 409 "open this counter first", a 403
// "someone else's ticket", a 400 that names a state) tells the caller that
// the object exists.  Where the id is the route's own object (in the path),
// the answer must be 404 not_found, unless the caller's role may not use the
// route at all (the same 403 whatever the id).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { api, sql, login, makeUser, makeDepartment } from './lib.mjs';

const NX = 987654321; // an id of nothing
const routesC = readFileSync(new URL('../../fcgi/routes.c', import.meta.url), 'utf8');
const openapi = JSON.parse(readFileSync(new URL('../../fcgi/openapi.json', import.meta.url), 'utf8'));

// [method, pattern, floor]: floor 0 public, 1 any user, 2 manager, 3 admin
const ROUTES = [...routesC.matchAll(/\{\s*"(GET|POST|PATCH|DELETE|PUT)",\s*"\/api\/v1([^"]+)",\s*\w+,\s*QS_AUTH_(\w+)/g)]
  .map(([, method, pattern, auth]) => [method, pattern,
    { PUBLIC: 0, OPTIONAL: 1, USER: 1, MANAGER: 2, ADMIN: 3 }[auth]]);

// Public routes take no department's object: the board is public by
// design, a ticket's public_id is its customer's credential.
const PUBLIC_BY_DESIGN = new Set(['GET /display/{department_id}']);

function resolve(x) {
  while (x && x.$ref) x = x.$ref.split('/').slice(1).reduce((o, k) => o[k], openapi);
  return x;
}
function bodyFields(schema, prefix = '') {
  schema = resolve(schema);
  if (!schema) return [];
  const out = [];
  for (const [k, v] of Object.entries(schema.properties ?? {})) {
    out.push(prefix + k);
    const rv = resolve(v);
    if (rv?.type === 'array' && rv.items) out.push(...bodyFields(rv.items, `${prefix}${k}[].`));
  }
  for (const s of [...(schema.allOf ?? []), ...(schema.oneOf ?? [])]) out.push(...bodyFields(s, prefix));
  return out;
}
// "METHOD /pattern param" for every id a route takes, from the path, the
// query and the body
function idParams() {
  const out = [];
  for (const [method, pattern, floor] of ROUTES) {
    if (floor === 0 && !/^POST \/tickets$/.test(`${method} ${pattern}`)) continue;
    const op = openapi.paths[pattern]?.[method.toLowerCase()];
    const names = new Set([...pattern.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
    for (const p of op?.parameters ?? []) {
      const rp = resolve(p);
      if (rp.in !== 'header') names.add(rp.name);
    }
    const content = resolve(op?.requestBody)?.content;
    if (content) for (const f of bodyFields(Object.values(content)[0].schema)) names.add(f);
    for (const n of names) if (/_?ids?$/.test(n.replace(/^.*\./, ''))) out.push(`${method} ${pattern} ${n}`);
  }
  return out;
}

// ---- the two departments ------------------------------------------------------

const A = {}; // the callers' department: what the calls need besides B's object
const B = {}; // the other department: its objects, by kind, in each state
const tok = {};

async function ok(r, what, status = 200) {
  assert.equal(r.status, status, `${what}: ${r.status} ${r.text}`);
  return r.json;
}
const tomorrow = () => new Date(Date.now() + 86400000).toISOString().slice(0, 10);

before(async () => {
  const admin = (await login('admin')).access_token;
  const a = await makeDepartment({ prefixes: ['A', 'B'], staff: 1 });
  const b = await makeDepartment({ prefixes: ['A', 'B'], staff: 3 });
  const managerA = makeUser('manager', a.id);
  const managerB = makeUser('manager', b.id);
  tok.staff = a.staff[0].token;
  tok.manager = (await login(managerA.username)).access_token;
  A.dept = a.id;
  A.service = a.services[0];
  A.service2 = a.services[1];
  A.counter = a.staff[0].counter;
  A.staff = a.staff[0].id;
  // A's own tickets: one called by A's staff member, one waiting
  const takeA = async () => (await ok(await api('POST', '/tickets', { body: { service_id: A.service } }), 'ticket A', 201));
  await takeA();
  A.called = (await ok(await api('POST', '/tickets/call-next', { token: tok.staff, body: { counter_id: A.counter } }), 'call A')).id;
  A.waiting = Number(sql(`SELECT id FROM tickets WHERE public_id = '${(await takeA()).public_id}'`));
  A.shift = (await ok(await api('POST', '/shifts', { token: admin, body: { department_id: a.id, name: 'Audit A', start_time: '08:00', end_time: '12:00' } }), 'shift A', 201)).id;

  // B's tickets in every state (each staff member holds one active ticket at most)
  const take = async () => (await ok(await api('POST', '/tickets', { body: { service_id: b.services[0] } }), 'ticket B', 201));
  const act = async (s, path, body) => ok(await api('POST', path, { token: s.token, ...(body ? { body } : {}) }), path);
  const [s0, s1, s2] = b.staff;
  const byId = async (pid) => Number(sql(`SELECT id FROM tickets WHERE public_id = '${pid}'`));
  B.ticket = {};
  await take();
  B.ticket.called = (await act(s0, '/tickets/call-next', { counter_id: s0.counter })).id;
  await take();
  B.ticket.serving = (await act(s1, '/tickets/call-next', { counter_id: s1.counter })).id;
  await act(s1, `/tickets/${B.ticket.serving}/start`);
  const done = await take();
  B.ticket.completed = (await act(s2, '/tickets/call-next', { counter_id: s2.counter })).id;
  await act(s2, `/tickets/${B.ticket.completed}/start`);
  await act(s2, `/tickets/${B.ticket.completed}/complete`);
  const gone = await take();
  B.ticket.no_show = (await act(s2, '/tickets/call-next', { counter_id: s2.counter })).id;
  await act(s2, `/tickets/${B.ticket.no_show}/no-show`);
  B.ticket.cancelled = await byId((await take()).public_id);
  await act(s2, `/tickets/${B.ticket.cancelled}/cancel`);
  B.ticket.waiting = await byId((await take()).public_id);

  B.counter = {
    open: s0.counter,
    paused: s2.counter,
    closed: Number(sql(`INSERT INTO counters (department_id, name) VALUES (${b.id}, 'Audit closed') RETURNING id`)),
    inactive: Number(sql(`INSERT INTO counters (department_id, name, active) VALUES (${b.id}, 'Audit gone', false) RETURNING id`)),
  };
  await act(s2, `/counters/${s2.counter}/pause`);
  B.service = {
    active: b.services[0],
    inactive: Number(sql(`INSERT INTO services (department_id, name, prefix, active) VALUES (${b.id}, 'Audit gone', 'Z', false) RETURNING id`)),
  };
  B.department = {
    active: b.id,
    inactive: Number(sql(`INSERT INTO departments (name, timezone, active) VALUES ('Audit gone', 'UTC', false) RETURNING id`)),
  };
  B.user = {
    staff: s0.id,
    manager: managerB.id,
    inactive: makeUser('staff', b.id).id,
  };
  sql(`UPDATE users SET active = false WHERE id = ${B.user.inactive}`);
  const complain = async (pid) => (await ok(await api('POST', `/tickets/track/${pid}/complaints`,
    { body: { category: 'other', message: 'audit' } }), 'complaint', 201)).id;
  B.complaint = { open: await complain(done.public_id), resolved: await complain(gone.public_id) };
  await ok(await api('PATCH', `/complaints/${B.complaint.resolved}`, { token: admin, body: { status: 'resolved', resolution: 'done' } }), 'resolve');
  const shift = await ok(await api('POST', '/shifts', { token: admin, body: { department_id: b.id, name: 'Audit B', start_time: '08:00', end_time: '12:00' } }), 'shift B', 201);
  B.shift = { active: shift.id };
  const sched = await ok(await api('POST', '/schedules', { token: admin, body: { user_id: s1.id, shift_id: shift.id, date: tomorrow() } }), 'schedule B', 201);
  B.schedule = { active: sched.id };
});

// ---- the cases -----------------------------------------------------------------
// 'METHOD /pattern param': [kind of B's object, (id) => request]; the other
// ids in a request are A's (the caller's own), so that only one thing is foreign.

const ticketActions = ['recall', 'start', 'complete', 'no-show', 'cancel'];
const CASES = {
  'GET /tickets/{id} id': ['ticket', (x) => ['GET', `/tickets/${x}`]],
  'POST /tickets/{id}/call id': ['ticket', (x) => ['POST', `/tickets/${x}/call`, { counter_id: A.counter }]],
  ...Object.fromEntries(ticketActions.map((act) =>
    [`POST /tickets/{id}/${act} id`, ['ticket', (x) => ['POST', `/tickets/${x}/${act}`]]])),
  'POST /tickets/{id}/transfer id': ['ticket', (x) => ['POST', `/tickets/${x}/transfer`, { service_id: A.service2 }]],
  'POST /tickets/{id}/requeue id': ['ticket', (x) => ['POST', `/tickets/${x}/requeue`, { position: 'last' }]],
  'PATCH /complaints/{id} id': ['complaint', (x) => ['PATCH', `/complaints/${x}`, { status: 'resolved', resolution: 'audit' }]],
  'PATCH /shifts/{id} id': ['shift', (x) => ['PATCH', `/shifts/${x}`, { name: 'Audit renamed' }]],
  'DELETE /shifts/{id} id': ['shift', (x) => ['DELETE', `/shifts/${x}`]],
  'DELETE /schedules/{id} id': ['schedule', (x) => ['DELETE', `/schedules/${x}`]],
  'GET /departments/{id} id': ['department', (x) => ['GET', `/departments/${x}`]],
  'PATCH /departments/{id} id': ['department', (x) => ['PATCH', `/departments/${x}`, { sla_wait_minutes: 30 }]],
  'DELETE /departments/{id} id': ['department', (x) => ['DELETE', `/departments/${x}`]],
  'GET /departments/{id}/services id': ['department', (x) => ['GET', `/departments/${x}/services`]],
  'POST /departments/{id}/services id': ['department', (x) => ['POST', `/departments/${x}/services`, { name: 'Audit', prefix: 'AUD' }]],
  'GET /departments/{id}/counters id': ['department', (x) => ['GET', `/departments/${x}/counters`]],
  'POST /departments/{id}/counters id': ['department', (x) => ['POST', `/departments/${x}/counters`, { name: 'Audit' }]],
  'GET /services/{id} id': ['service', (x) => ['GET', `/services/${x}`]],
  'PATCH /services/{id} id': ['service', (x) => ['PATCH', `/services/${x}`, { description: 'audit' }]],
  'DELETE /services/{id} id': ['service', (x) => ['DELETE', `/services/${x}`]],
  'GET /counters/{id} id': ['counter', (x) => ['GET', `/counters/${x}`]],
  'PATCH /counters/{id} id': ['counter', (x) => ['PATCH', `/counters/${x}`, { name: 'Audit renamed' }]],
  'DELETE /counters/{id} id': ['counter', (x) => ['DELETE', `/counters/${x}`]],
  'POST /counters/{id}/open id': ['counter', (x) => ['POST', `/counters/${x}/open`]],
  'POST /counters/{id}/pause id': ['counter', (x) => ['POST', `/counters/${x}/pause`]],
  'POST /counters/{id}/close id': ['counter', (x) => ['POST', `/counters/${x}/close`]],
  'GET /users/{id} id': ['user', (x) => ['GET', `/users/${x}`]],
  'PATCH /users/{id} id': ['user', (x) => ['PATCH', `/users/${x}`, { full_name: 'Audit' }]],
  'DELETE /users/{id} id': ['user', (x) => ['DELETE', `/users/${x}`]],
  // ids in the query and the body
  'POST /tickets service_id': ['service', (x) => ['POST', '/tickets', { service_id: x, priority: 'high' }]],
  'GET /tickets department_id': ['department', (x) => ['GET', `/tickets?department_id=${x}`]],
  'GET /tickets service_id': ['service', (x) => ['GET', `/tickets?service_id=${x}`]],
  'POST /tickets/call-next counter_id': ['counter', (x) => ['POST', '/tickets/call-next', { counter_id: x }]],
  'POST /tickets/{id}/call counter_id': ['counter', (x) => ['POST', `/tickets/${A.waiting}/call`, { counter_id: x }]],
  'POST /tickets/{id}/transfer service_id': ['service', (x) => ['POST', `/tickets/${A.called}/transfer`, { service_id: x }]],
  'POST /departments/{id}/counters service_ids': ['service', (x) => ['POST', `/departments/${A.dept}/counters`, { name: 'Audit', service_ids: [x] }]],
  'PATCH /counters/{id} service_ids': ['service', (x) => ['PATCH', `/counters/${A.counter}`, { service_ids: [x] }]],
  'GET /users department_id': ['department', (x) => ['GET', `/users?department_id=${x}`]],
  'POST /users department_id': ['department', (x) => ['POST', '/users', { username: `audit.${x}`, full_name: 'Audit', password: 'Tr4in-Audit-Station', role: 'staff', department_id: x }]],
  'PATCH /users/{id} department_id': ['department', (x) => ['PATCH', `/users/${A.staff}`, { department_id: x }]],
  'GET /complaints department_id': ['department', (x) => ['GET', `/complaints?department_id=${x}`]],
  ...Object.fromEntries(['summary', 'staff-performance', 'trend', 'export.csv', 'alerts'].map((d) =>
    [`GET /dashboard/${d} department_id`, ['department', (x) => ['GET', `/dashboard/${d}?department_id=${x}`]]])),
  'GET /shifts department_id': ['department', (x) => ['GET', `/shifts?department_id=${x}`]],
  'POST /shifts department_id': ['department', (x) => ['POST', '/shifts', { department_id: x, name: 'Audit', start_time: '13:00', end_time: '14:00' }]],
  'GET /schedules department_id': ['department', (x) => ['GET', `/schedules?department_id=${x}`]],
  'GET /schedules user_id': ['user', (x) => ['GET', `/schedules?user_id=${x}`]],
  'POST /schedules user_id': ['user', (x) => ['POST', '/schedules', { user_id: x, shift_id: A.shift, date: tomorrow() }]],
  'POST /schedules shift_id': ['shift', (x) => ['POST', '/schedules', { user_id: A.staff, shift_id: x, date: tomorrow() }]],
  'POST /schedules counter_id': ['counter', (x) => ['POST', '/schedules', { user_id: A.staff, shift_id: A.shift, date: tomorrow(), counter_id: x }]],
  'POST /schedules/bulk items[].user_id': ['user', (x) => ['POST', '/schedules/bulk', { items: [{ user_id: x, shift_id: A.shift, date: tomorrow() }] }]],
  'POST /schedules/bulk items[].shift_id': ['shift', (x) => ['POST', '/schedules/bulk', { items: [{ user_id: A.staff, shift_id: x, date: tomorrow() }] }]],
  'POST /schedules/bulk items[].counter_id': ['counter', (x) => ['POST', '/schedules/bulk', { items: [{ user_id: A.staff, shift_id: A.shift, date: tomorrow(), counter_id: x }] }]],
  'GET /schedules/coverage department_id': ['department', (x) => ['GET', `/schedules/coverage?department_id=${x}`]],
  'POST /assistant/ask department_id': ['department', (x) => ['POST', '/assistant/ask', { question: 'How long is the wait now?', department_id: x }]],
  'GET /assistant/staffing department_id': ['department', (x) => ['GET', `/assistant/staffing?department_id=${x}`]],
};

test('every route that takes an object id has an audit case', () => {
  assert.ok(ROUTES.length > 60, `read ${ROUTES.length} routes from routes.c`);
  const missing = idParams().filter((k) => !(k in CASES) && !PUBLIC_BY_DESIGN.has(k.replace(/ \w+$/, '')));
  assert.deepEqual(missing, [], 'routes without an audit case');
  const routes = new Set(ROUTES.map(([m, p]) => `${m} ${p}`));
  for (const k of Object.keys(CASES)) assert.ok(routes.has(k.replace(/ [\w.[\]]+$/, '')), `${k}: no such route`);
});

// What a caller learns from an answer: the status and the whole error
// (code, message, details); for a success, the list's size.
function seen(r) {
  if (r.status >= 400) return { status: r.status, error: r.json?.error };
  return { status: r.status, total: r.json?.total, items: r.json?.items?.length };
}

const floorOf = (key) => ROUTES.find(([m, p]) => `${m} ${p}` === key.replace(/ [\w.[\]]+$/, ''))?.[2];

for (const [key, [kind, req]] of Object.entries(CASES)) {
  test(`audit: ${key} with department B's ${kind}`, async () => {
    const pathId = / id$/.test(key);
    const floor = floorOf(key);
    const problems = [];
    for (const role of ['staff', 'manager']) {
      // the answer for an id of nothing, then for each of B's objects
      const call = async (x) => {
        const [method, path, body] = req(x);
        return api(method, path, { token: tok[role], ...(body !== undefined ? { body } : {}) });
      };
      const nothing = seen(await call(NX));
      const rank = role === 'manager' ? 2 : 1;
      if (pathId && rank >= floor && !(nothing.status === 404 && nothing.error?.code === 'not_found')) {
        problems.push(`${role}: an id of nothing answers ${JSON.stringify(nothing)}`);
      }
      for (const [state, id] of Object.entries(B[kind])) {
        const r = await call(id);
        const got = seen(r);
        if (JSON.stringify(got) !== JSON.stringify(nothing)) {
          problems.push(`${role}, B's ${state} ${kind} ${id}: ${JSON.stringify(got)}, an id of nothing: ${JSON.stringify(nothing)}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
}
