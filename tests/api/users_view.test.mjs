// The User of the contract has one owner, fcgi/view_user.c: login, /auth/me
// and every /users route answer the same object for the same user, built
// from the same columns; the SQL copy of the shape (qs_user_json) is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { api, sql, login, makeDepartment, RFC3339 } from './lib.mjs';

const USER_KEYS = ['active', 'created_at', 'department_id', 'full_name', 'id', 'role', 'username'];
const name = (p) => `${p}.${randomBytes(4).toString('hex')}`;
const pw = 'a fine long passphrase 9';

test('the SQL copy of the user shape is dropped (migration 009)', () => {
  assert.equal(sql("SELECT count(*) FROM pg_proc WHERE proname = 'qs_user_json'"), '0');
  assert.equal(sql("SELECT name FROM schema_migrations WHERE version = '009'"), '009_user_view.sql');
});

test('one user, one shape: login, /auth/me, POST, GET, the list and PATCH answer the same object', async () => {
  const admin = (await login('admin')).access_token;
  const d = await makeDepartment({ staff: 0 });
  // what escaping in SQL and in C could treat differently: quotes, a
  // backslash, a slash, non-BMP characters, right-to-left text, escaped controls
  const full = 'Zoë "Q" \\ O\'Brien / 😀 שלום \t end';
  const username = name('shape');
  const made = await api('POST', '/users', {
    token: admin, body: { username, full_name: full, password: pw, role: 'staff', department_id: d.id },
  });
  assert.equal(made.status, 201, made.text);
  const u = made.json;
  assert.deepEqual(Object.keys(u).sort(), USER_KEYS);
  assert.deepEqual({ ...u, id: 0, created_at: '' }, {
    id: 0, username, full_name: full, role: 'staff', department_id: d.id, active: true, created_at: '',
  });
  assert.match(u.created_at, RFC3339);

  const got = await api('GET', `/users/${u.id}`, { token: admin });
  assert.deepEqual(got.json, u, 'GET /users/{id}');
  const list = await api('GET', `/users?department_id=${d.id}`, { token: admin });
  assert.deepEqual(list.json, { items: [u], total: 1 }, 'GET /users');
  const me = await login(username, pw);
  assert.deepEqual(me.user, u, 'the login reply');
  assert.deepEqual((await api('GET', '/auth/me', { token: me.access_token })).json, u, 'GET /auth/me');
  const patched = await api('PATCH', `/users/${u.id}`, { token: admin, body: { full_name: 'Plain Name' } });
  assert.equal(patched.status, 200, patched.text);
  assert.deepEqual(patched.json, { ...u, full_name: 'Plain Name' }, 'PATCH /users/{id}');

  // an admin has department_id null in every answer
  const a = (await login('admin')).user;
  assert.equal(a.department_id, null);
  assert.deepEqual((await api('GET', `/users/${a.id}`, { token: admin })).json, a);

  // nothing of the account's secrets, anywhere
  for (const text of [made.text, got.text, list.text, patched.text, JSON.stringify(me)]) {
    assert.ok(!/password|token_version|\$argon2|pbkdf2/i.test(text.replace(/"(access|refresh)_token":"[^"]*"/g, '')), text);
  }
});

test('the longest names survive: 200 four-byte characters, in GET, the list and PATCH', async () => {
  const admin = (await login('admin')).access_token;
  const d = await makeDepartment({ staff: 0 });
  const long = '😀'.repeat(199) + 'é';
  const r = await api('POST', '/users', {
    token: admin, body: { username: name('long'), full_name: long, password: pw, role: 'manager', department_id: d.id },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.full_name, long);
  assert.equal((await api('GET', `/users/${r.json.id}`, { token: admin })).json.full_name, long);
  assert.equal((await api('GET', `/users?department_id=${d.id}`, { token: admin })).json.items[0].full_name, long);
  const p = await api('PATCH', `/users/${r.json.id}`, { token: admin, body: { full_name: '😀'.repeat(200) } });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.full_name, '😀'.repeat(200));
  const over = await api('PATCH', `/users/${r.json.id}`, { token: admin, body: { full_name: '😀'.repeat(201) } });
  assert.equal(over.status, 400);
});

test('the users list: paging, total past the end, filters, order by id, and a manager sees own staff only', async () => {
  const admin = (await login('admin')).access_token;
  const d = await makeDepartment({ staff: 0 });
  const ids = [];
  for (const [role, active] of [['staff', true], ['staff', false], ['manager', true], ['staff', true]]) {
    const username = name('list');
    const r = await api('POST', '/users', {
      token: admin, body: { username, full_name: `List ${role}`, password: pw, role, department_id: d.id },
    });
    assert.equal(r.status, 201, r.text);
    if (!active) assert.equal((await api('DELETE', `/users/${r.json.id}`, { token: admin })).status, 204);
    ids.push({ id: r.json.id, role, active, username });
  }
  const q = async (qs, token = admin) => {
    const r = await api('GET', `/users?department_id=${d.id}${qs}`, { token });
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  const all = await q('');
  assert.equal(all.total, 4);
  assert.deepEqual(all.items.map((u) => u.id), ids.map((u) => u.id), 'by id');
  assert.deepEqual(all.items.map((u) => u.active), ids.map((u) => u.active));
  assert.deepEqual(await q('&limit=2&offset=1'), { items: all.items.slice(1, 3), total: 4 });
  assert.deepEqual(await q('&limit=1&offset=4'), { items: [], total: 4 }, 'an offset past the end keeps the total');
  assert.deepEqual(await q('&offset=1000000'), { items: [], total: 4 });
  assert.deepEqual(await q('&role=staff&active=true'), {
    items: all.items.filter((u) => u.role === 'staff' && u.active), total: 2,
  });
  assert.deepEqual(await q('&role=admin'), { items: [], total: 0 });
  const none = await api('GET', '/users?department_id=999999999', { token: admin });
  assert.deepEqual(none.json, { items: [], total: 0 });

  // a manager of the department: its staff only, whatever was asked
  const mgr = ids.find((u) => u.role === 'manager');
  const mtoken = (await login(mgr.username, pw)).access_token;
  const staffOnly = all.items.filter((u) => u.role === 'staff');
  assert.deepEqual(await q('', mtoken), { items: staffOnly, total: 3 });
  assert.deepEqual(await q('&role=manager', mtoken), { items: [], total: 0 });
  const other = await api('GET', '/users?department_id=1', { token: mtoken });
  assert.deepEqual(other.json, { items: [], total: 0 });
  assert.equal((await api('GET', `/users/${mgr.id}`, { token: mtoken })).status, 404, 'a manager is not their own manager');
  assert.equal((await api('GET', `/users/${staffOnly[0].id}`, { token: mtoken })).status, 200);

  // bad paging and filters are a clear 400, never a 500
  for (const qs of ['&limit=0', '&limit=201', '&offset=-1', '&limit=x', '&active=yes', '&role=root']) {
    const r = await api('GET', `/users?department_id=${d.id}${qs}`, { token: admin });
    assert.equal(r.status, 400, `${qs}: ${r.text}`);
    assert.ok(r.json.error.code === 'validation_failed', qs);
  }
  assert.equal((await api('GET', '/users/999999999', { token: admin })).status, 404);
  assert.equal((await api('PATCH', '/users/999999999', { token: admin, body: { full_name: 'X' } })).status, 404);
});
