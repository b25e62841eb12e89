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

// Every key at any depth of a JSON value (objects inside arrays too).
function keysDeep(v, out = new Set()) {
  if (Array.isArray(v)) v.forEach((x) => keysDeep(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.add(k); keysDeep(x, out); }
  return out;
}
const sorted = (o) => Object.keys(o).sort();

test('events carry views the API built: a public socket gets exactly the public REST shape, staff the staff shape', async () => {
  const { login, makeDepartment } = await import('./lib.mjs');
  const d = await makeDepartment({ staff: 1, counters: false });
  const me = d.staff[0];
  const staff = await joinDepartment(d.id, me.token);
  await staff.next((m) => m.type === 'authenticated', 5000, 'authenticated');
  const anon = await joinDepartment(d.id);
  // a staff socket of another department: authenticated, but public here
  const stranger = await joinDepartment(d.id, (await login('staff.citizen1')).access_token);
  await stranger.next((m) => m.type === 'authenticated', 5000, 'authenticated');
  const publicSockets = [anon, stranger];

  // what the staff view has that the public one must never carry, at any depth
  // (the integer id only at the ticket's top: service, department and counter
  // are {id, name} in the public view too)
  const staffOnly = ['customer_name', 'customer_phone', 'notes', 'served_by', 'counter_id',
    'serving_at', 'recall_count', 'transferred_from_service_id', 'queued_at', 'staff_id'];
  const secrets = ['Hidden Citizen', '+49 30 5550199', 'private note', 'closing note'];
  const checkPublic = (ev, what) => {
    const text = JSON.stringify(ev);
    for (const s of secrets) assert.ok(!text.includes(s), `${what}: a public frame carries "${s}"`);
    const keys = keysDeep(ev);
    for (const k of staffOnly) assert.ok(!keys.has(k), `${what}: a public frame carries ${k}`);
    if (ev.ticket) assert.ok(!('id' in ev.ticket), `${what}: a public ticket carries its integer id`);
  };

  // counter_update: the whole counter for staff, {id, name, state} for the public
  let r = await api('POST', `/counters/${me.counter}/open`, { token: me.token });
  assert.equal(r.status, 200);
  const listed = (await api('GET', `/departments/${d.id}/counters`, { token: me.token })).json.items
    .find((c) => c.id === me.counter);
  const cu = (ws) => ws.next((m) => m.type === 'counter_update', 5000, 'counter_update');
  const sc = await cu(staff);
  assert.deepEqual(sorted(sc.counter), sorted(listed), 'staff: the counter as GET lists it');
  assert.equal(sc.counter.staff_id, me.id);
  for (const ws of publicSockets) {
    const pc = await cu(ws);
    checkPublic(pc, 'counter_update');
    assert.deepEqual(pc.counter, { id: me.counter, name: listed.name, state: 'open' });
    assert.equal(pc.seq, sc.seq);
    assert.deepEqual(sorted(pc), sorted(sc), 'the same event around it');
  }

  // a ticket with every personal field, followed through its life
  r = await api('POST', '/tickets', {
    token: me.token,
    body: { service_id: d.services[0], customer_name: 'Hidden Citizen', customer_phone: '+49 30 5550199', notes: 'private note' },
  });
  assert.equal(r.status, 201);
  const pid = r.json.public_id;
  const byTicket = new WsClient();
  clients.push(byTicket);
  await byTicket.opened;
  byTicket.send({ type: 'join', channel: `ticket:${pid}` });
  await byTicket.next((m) => m.type === 'joined', 5000, 'joined');

  const steps = [
    ['ticket_created', null],
    ['ticket_called', ['POST', '/tickets/call-next', { counter_id: me.counter }]],
    ['ticket_called', ['POST', '/tickets/:id/recall']],
    ['queue_update', ['POST', '/tickets/:id/start']],
    ['queue_update', ['POST', '/tickets/:id/complete', { notes: 'closing note' }]],
  ];
  let id = null;
  for (const [type, call] of steps) {
    if (call) {
      const [method, path, body] = call;
      const rr = await api(method, path.replace(':id', id), { token: me.token, body });
      assert.equal(rr.status, 200, `${path}: ${rr.text}`);
    }
    const mine = (m) => m.type === type && m.ticket && m.ticket.public_id === pid;
    const s = await staff.next(mine, 5000, `${type} (staff)`);
    id = s.ticket.id;
    const restStaff = (await api('GET', `/tickets/${id}`, { token: me.token })).json;
    const restPublic = (await api('GET', `/tickets/track/${pid}`)).json;
    assert.deepEqual(sorted(s.ticket), sorted(restStaff), `${type}: staff ticket = GET /tickets/{id}`);
    assert.equal(s.ticket.customer_name, 'Hidden Citizen');
    const frames = [...await Promise.all(publicSockets.map((ws) => ws.next(mine, 5000, `${type} (public)`)))];
    if (type !== 'ticket_created') frames.push(await byTicket.next(mine, 5000, `${type} (ticket channel)`));
    for (const p of frames) {
      checkPublic(p, `${type} on ${p.channel}`);
      assert.deepEqual(sorted(p.ticket), sorted(restPublic), `${type} on ${p.channel}: ticket = GET /tickets/track`);
      assert.equal(p.ticket.status, restPublic.status);
      assert.equal(p.seq, s.seq);
      assert.deepEqual(p.waiting, s.waiting);
      assert.deepEqual(p.counter, s.counter, 'the ticket\'s counter is {id, name} in both');
    }
  }
  assert.equal((await api('GET', `/tickets/${id}`, { token: me.token })).json.notes, 'closing note');
});

test('the bridge only routes: a message without both views reaches no socket, and the views go out as published', async () => {
  const { execRedis } = await import('./lib.mjs');
  const dept = 800000000 + Math.floor(Math.random() * 90000000);
  const pid = 'OldFormat' + Math.random().toString(36).slice(2, 15).padEnd(13, 'x');
  const dws = await joinDepartment(dept);
  const tws = new WsClient();
  clients.push(tws);
  await tws.opened;
  tws.send({ type: 'join', channel: `ticket:${pid}` });
  await tws.next((m) => m.type === 'joined', 5000, 'joined');
  const head = (seq) => ({ type: 'queue_update', department_id: dept, seq, ts: '2026-11-29T08:01:02Z' });
  const staffTicket = { public_id: pid, ticket_number: 'A-001', id: 1, customer_name: 'Old Format Person', notes: 'n' };
  const pub = (msg) => execRedis('PUBLISH', `qstream:dept:${dept}`, JSON.stringify(msg));
  // what workers published before: the staff view alone, for the bridge to cut
  pub({ ...head(1), ticket: staffTicket, counter: null, waiting: {} });
  // one view only, or two that disagree
  pub({ staff: { ...head(1), ticket: staffTicket } });
  pub({ staff: { ...head(1), ticket: staffTicket }, public: { ...head(2), ticket: { public_id: pid } } });
  // then a good one: the public view as published (whatever it holds), plus channel
  const pv = { ...head(1), ticket: { public_id: pid, ticket_number: 'A-001', status: 'waiting' }, counter: null, waiting: { 5: 1 } };
  pub({ staff: { ...head(1), ticket: staffTicket, counter: null, waiting: { 5: 1 } }, public: pv });
  const d = await dws.next((m) => m.type === 'queue_update', 5000, 'the good event');
  const t = await tws.next((m) => m.type === 'queue_update', 5000, 'the good event on the ticket channel');
  assert.deepEqual(d, { ...pv, channel: `department:${dept}` });
  assert.deepEqual(t, { ...pv, channel: `ticket:${pid}` });
  await new Promise((r) => setTimeout(r, 300));
  for (const ws of [dws, tws]) {
    assert.ok(!JSON.stringify(ws.messages).includes('Old Format Person'), 'no refused message got through');
    assert.deepEqual(ws.messages.filter((m) => !['ping', 'welcome', 'authenticated'].includes(m.type)), [], 'nothing else');
  }
});
