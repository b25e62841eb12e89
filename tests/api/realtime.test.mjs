// The live path: a ticket taken over REST reaches a WebSocket client joined
// to the department, through Redis and the bridge, with the next seq and the
// public view only.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, firstDepartment, WsClient, TICKET_NUMBER } from './lib.mjs';

const clients = [];
after(() => Promise.all(clients.map((c) => c.close())));

// A socket that sends `auth` first (when given a token), then joins the
// department; resolves once joined.
async function joinDepartment(deptId, token) {
  const ws = new WsClient();
  clients.push(ws);
  await ws.opened;
  if (token) ws.send({ type: 'auth', token });
  ws.send({ type: 'join', channel: `department:${deptId}` });
  await ws.next((m) => m.type === 'joined', 5000, 'joined');
  return ws;
}

test('a joined client receives ticket_created with seq one past the snapshot', async () => {
  const dept = await firstDepartment();
  const ws = new WsClient();
  clients.push(ws);
  await ws.opened;
  const welcome = await ws.next((m) => m.type === 'welcome', 5000, 'welcome');
  assert.equal(welcome.heartbeat_s, 25);
  assert.ok(welcome.client_id);

  const snap = (await api('GET', `/display/${dept.id}`)).json;
  ws.send({ type: 'join', channel: `department:${dept.id}`, since: snap.seq });
  const joined = await ws.next((m) => m.type === 'joined', 5000, 'joined');
  assert.equal(joined.channel, `department:${dept.id}`);

  const t = (await api('POST', '/tickets', {
    body: { service_id: dept.services[0].id, customer_name: 'Private Person', customer_phone: '+49 30 1234567' },
  })).json;
  const ev = await ws.next((m) => m.type === 'ticket_created' && m.ticket.public_id === t.public_id, 5000, 'ticket_created');
  assert.equal(ev.seq, snap.seq + 1);
  assert.equal(ev.channel, `department:${dept.id}`);
  assert.equal(ev.department_id, dept.id);
  assert.match(ev.ticket.ticket_number, TICKET_NUMBER);
  assert.equal(ev.ticket.ticket_number, t.ticket_number);
  assert.equal(typeof ev.waiting[String(dept.services[0].id)], 'number');
  for (const k of ['id', 'customer_name', 'customer_phone', 'notes']) {
    assert.ok(!(k in ev.ticket), `public socket sees ${k}`);
  }
  assert.ok(!JSON.stringify(ev).includes('Private Person'));
});

test('events of another department do not reach a joined client', async () => {
  const list = (await api('GET', '/public/departments')).json.items;
  const [a, b] = list;
  const ws = await joinDepartment(a.id);
  const other = (await api('POST', '/tickets', { body: { service_id: b.services[0].id } })).json;
  const mine = (await api('POST', '/tickets', { body: { service_id: a.services[0].id } })).json;
  await ws.next((m) => m.type === 'ticket_created' && m.ticket.public_id === mine.public_id, 5000, 'own event');
  assert.ok(!ws.messages.some((m) => m.ticket && m.ticket.public_id === other.public_id));
});

test('the bridge answers ping, and refuses bad messages and channels', async () => {
  const ws = new WsClient();
  clients.push(ws);
  await ws.opened;
  ws.send({ type: 'ping' });
  await ws.next((m) => m.type === 'pong', 5000, 'pong');
  ws.send('not json');
  assert.equal((await ws.next((m) => m.type === 'error', 5000, 'error')).code, 'bad_message');
  ws.send({ type: 'join', channel: 'nonsense:1' });
  assert.equal((await ws.next((m) => m.type === 'error', 5000, 'error')).code, 'unknown_channel');
});

test('auth: staff of the department get the staff view; others, and expired tokens, the public view', async () => {
  const { login, makeDepartment, forgeToken, decodeToken } = await import('./lib.mjs');
  const d = await makeDepartment({ staff: 1 });
  const mine = d.staff[0];
  const other = (await login('staff.citizen1')).access_token;
  const join = (token) => joinDepartment(d.id, token);
  const staff = await join(mine.token);
  const ok = staff.messages.find((m) => m.type === 'authenticated') ||
    await staff.next((m) => m.type === 'authenticated', 5000, 'authenticated');
  assert.equal(ok.role, 'staff');
  assert.equal(ok.department_id, d.id);
  assert.match(ok.expires_at, /Z$/);
  const stranger = await join(other);
  // a token that ends in two seconds
  const now = Math.floor(Date.now() / 1000);
  const claims = decodeToken(mine.token);
  const brief = await join(forgeToken({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 1, exp: now + 2 }));
  const anon = await join(null);

  const t = (await api('POST', '/tickets', { body: { service_id: d.services[0], customer_name: 'Visible To Staff' } })).json;
  const seen = async (ws) => ws.next((m) => m.type === 'ticket_created' && m.ticket.public_id === t.public_id, 5000, 'event');
  const s = await seen(staff);
  assert.equal(s.ticket.customer_name, 'Visible To Staff', 'staff view for own department');
  assert.ok(Number.isInteger(s.ticket.id));
  for (const ws of [stranger, anon]) {
    const e = await seen(ws);
    assert.ok(!('customer_name' in e.ticket), 'public view');
    assert.ok(!('id' in e.ticket));
  }
  assert.equal((await seen(brief)).ticket.customer_name, 'Visible To Staff');
  await new Promise((r) => setTimeout(r, 2500));
  const t2 = (await api('POST', '/tickets', { body: { service_id: d.services[0], customer_name: 'After Expiry' } })).json;
  const late = await brief.next((m) => m.type === 'ticket_created' && m.ticket.public_id === t2.public_id, 5000, 'event after expiry');
  assert.ok(!('customer_name' in late.ticket), 'an expired token falls back to the public view');

  // bad tokens
  const bad = new WsClient();
  clients.push(bad);
  await bad.opened;
  bad.send({ type: 'auth', token: 'not.a.token' });
  assert.equal((await bad.next((m) => m.type === 'error', 5000, 'error')).code, 'forbidden');
  bad.send({ type: 'auth', token: forgeToken({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 100, exp: now - 10 }) });
  assert.equal((await bad.next((m) => m.type === 'error', 5000, 'error')).code, 'token_expired');
  bad.send({ type: 'auth', token: forgeToken({ alg: 'none' }, { ...claims, exp: now + 100 }, { digest: null }) });
  assert.equal((await bad.next((m) => m.type === 'error', 5000, 'error')).code, 'forbidden');
});

test('revocation reaches the bridge: logout, logout-all and deactivation end the staff view at once', async () => {
  const { login, makeDepartment, makeUser } = await import('./lib.mjs');
  const d = await makeDepartment({ staff: 0 });
  const authed = async (token) => {
    const ws = await joinDepartment(d.id, token);
    await ws.next((m) => m.type === 'authenticated', 5000, 'authenticated');
    return ws;
  };
  const take = async (name) => (await api('POST', '/tickets', { body: { service_id: d.services[0], customer_name: name } })).json;
  const view = async (ws, t) => (await ws.next((m) => m.type === 'ticket_created' && m.ticket.public_id === t.public_id, 5000, 'event')).ticket;

  const u = makeUser('staff', d.id);
  const first = (await login(u.username)).access_token;
  const second = (await login(u.username)).access_token;
  const a = await authed(first);
  const b = await authed(second);
  const t1 = await take('Before Logout');
  assert.equal((await view(a, t1)).customer_name, 'Before Logout');
  assert.equal((await view(b, t1)).customer_name, 'Before Logout');

  // logout ends one session: its socket only
  assert.equal((await api('POST', '/auth/logout', { token: first })).status, 204);
  const ended = await a.next((m) => m.type === 'error', 5000, 'the revocation');
  assert.equal(ended.code, 'token_expired');
  const t2 = await take('After Logout');
  assert.ok(!('customer_name' in await view(a, t2)), 'public view after logout');
  assert.equal((await view(b, t2)).customer_name, 'After Logout', 'the other session keeps its view');
  // the dead token cannot buy the view back
  a.send({ type: 'auth', token: first });
  assert.equal((await a.next((m) => m.type === 'error', 5000, 'refused')).code, 'forbidden');

  // logout-all ends every token of the user, and old tokens stay refused
  const third = (await login(u.username)).access_token;
  const c = await authed(third);
  assert.equal((await api('POST', '/auth/logout-all', { token: second })).status, 204);
  for (const ws of [b, c]) assert.equal((await ws.next((m) => m.type === 'error', 5000, 'revoked')).code, 'token_expired');
  c.send({ type: 'auth', token: third });
  assert.equal((await c.next((m) => m.type === 'error', 5000, 'refused')).code, 'forbidden');
  // a token issued afterwards works
  const fresh = (await login(u.username)).access_token;
  c.send({ type: 'auth', token: fresh });
  await c.next((m) => m.type === 'authenticated', 5000, 'a new login authenticates');

  // a manager deactivating the user ends that view too
  const mgr = makeUser('manager', d.id);
  const mtoken = (await login(mgr.username)).access_token;
  assert.equal((await api('DELETE', `/users/${u.id}`, { token: mtoken })).status, 204);
  assert.equal((await c.next((m) => m.type === 'error', 5000, 'revoked by deactivation')).code, 'token_expired');
  const t3 = await take('After Deactivation');
  assert.ok(!('customer_name' in await view(c, t3)));
});
