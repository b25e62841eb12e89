// The live path: a ticket taken over REST reaches a WebSocket client joined
// to the department, through Redis and the bridge, with the next seq and the
// public view only.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, firstDepartment, WsClient, TICKET_NUMBER } from './lib.mjs';

const clients = [];
after(() => Promise.all(clients.map((c) => c.close())));

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
  const ws = new WsClient();
  clients.push(ws);
  await ws.opened;
  ws.send({ type: 'join', channel: `department:${a.id}` });
  await ws.next((m) => m.type === 'joined', 5000, 'joined');
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
