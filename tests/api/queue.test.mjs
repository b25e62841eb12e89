// A ticket's life: every transition and every refused one, queue order,
// the customer's own actions, complaints, and the day's numbers.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, sql, login, makeUser, makeDepartment, WsClient } from './lib.mjs';

const clients = [];
after(() => Promise.all(clients.map((c) => c.close())));

const take = async (service, extra = {}, token) =>
  (await api('POST', '/tickets', { token, body: { service_id: service, ...extra } })).json;
const act = (token, id, action, body) => api('POST', `/tickets/${id}/${action}`, { token, ...(body ? { body } : {}) });
const callNext = (s) => api('POST', '/tickets/call-next', { token: s.token, body: { counter_id: s.counter } });

function assertRefused(r, current) {
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'invalid_transition');
  assert.ok(r.json.error.details.some((d) => d.current_status === current), r.text);
}

test('call-next: high priority first, then first come first served; one active ticket each', async () => {
  const d = await makeDepartment({ staff: 2 });
  const [s1, s2] = d.staff;
  assert.equal((await callNext(s1)).json.error.code, 'no_waiting_ticket');
  const a = await take(d.services[0]);
  const b = await take(d.services[1]);
  const c = await take(d.services[0], { priority: 'high' }, s2.token);
  assert.equal(c.people_ahead, 0, 'a high-priority ticket has nobody ahead');
  let r = await callNext(s1);
  assert.equal(r.status, 200);
  assert.equal(r.json.ticket_number, c.ticket_number);
  assert.equal(r.json.status, 'called');
  assert.deepEqual(r.json.counter, { id: s1.counter, name: 'Desk 1' });
  assert.equal(r.json.served_by, s1.id);
  r = await callNext(s1);
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'active_ticket_exists');
  assert.equal((await callNext(s2)).json.ticket_number, a.ticket_number);
  // a paused counter cannot call
  await api('POST', `/counters/${s2.counter}/pause`, { token: s2.token });
  await act(s2.token, Number(sql(`SELECT id FROM tickets WHERE public_id = '${a.public_id}'`)), 'start');
  await act(s2.token, Number(sql(`SELECT id FROM tickets WHERE public_id = '${a.public_id}'`)), 'complete');
  r = await callNext(s2);
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'conflict');
  const tr = (await api('GET', `/tickets/track/${b.public_id}`)).json;
  assert.equal(tr.people_ahead, 0);
  assert.equal(tr.position, 1);
});

test('every transition of the state machine, and the refused ones', async () => {
  const d = await makeDepartment({ staff: 1 });
  const [s] = d.staff;
  const t = await take(d.services[0]);
  const id = (await callNext(s)).json.id;
  assertRefused(await act(s.token, id, 'complete'), 'called');
  assertRefused(await act(s.token, id, 'cancel'), 'called');
  let r = await act(s.token, id, 'recall');
  assert.equal(r.status, 200);
  assert.equal(r.json.recall_count, 1);
  assert.equal(r.json.status, 'called');
  r = await act(s.token, id, 'start');
  assert.equal(r.json.status, 'serving');
  assert.ok(r.json.serving_at);
  assertRefused(await act(s.token, id, 'start'), 'serving');
  assertRefused(await act(s.token, id, 'recall'), 'serving');
  assertRefused(await act(s.token, id, 'no-show'), 'serving');
  assertRefused(await api('POST', `/tickets/${id}/requeue`, { token: s.token, body: { position: 'last' } }), 'serving');
  r = await act(s.token, id, 'complete', { notes: 'renewed passport' });
  assert.equal(r.json.status, 'completed');
  assert.equal(r.json.notes, 'renewed passport');
  assert.ok(r.json.completed_at);
  for (const a of ['start', 'complete', 'recall', 'no-show', 'cancel']) assertRefused(await act(s.token, id, a), 'completed');
  assertRefused(await api('POST', `/tickets/${id}/call`, { token: s.token, body: { counter_id: s.counter } }), 'completed');
  // the day's figures for that staff member
  const perf = sql(`SELECT served, no_shows FROM staff_performance WHERE user_id = ${s.id}`);
  assert.equal(perf, '1|0');
  // the customer's view after service
  const pub = (await api('GET', `/tickets/track/${t.public_id}`)).json;
  assert.equal(pub.status, 'completed');
  assert.equal(pub.position, null);
  assert.ok(!('notes' in pub));
});

test('recall past max_recalls is a no-show; no-show and cancel end a ticket', async () => {
  const d = await makeDepartment({ staff: 1 });
  const [s] = d.staff;
  const max = Number(sql(`SELECT value FROM settings WHERE key = 'max_recalls'`));
  await take(d.services[0]);
  const id = (await callNext(s)).json.id;
  let r;
  for (let i = 0; i < max; i++) {
    r = await act(s.token, id, 'recall');
    assert.equal(r.json.status, 'called');
  }
  r = await act(s.token, id, 'recall');
  assert.equal(r.json.status, 'no_show');
  assert.equal(sql(`SELECT no_shows FROM staff_performance WHERE user_id = ${s.id}`), '1');
  // a plain no-show
  await take(d.services[0]);
  const id2 = (await callNext(s)).json.id;
  assert.equal((await act(s.token, id2, 'no-show')).json.status, 'no_show');
  // staff cancel a waiting ticket
  const w = await take(d.services[0]);
  const wid = Number(sql(`SELECT id FROM tickets WHERE public_id = '${w.public_id}'`));
  assert.equal((await act(s.token, wid, 'cancel')).json.status, 'cancelled');
  assertRefused(await act(s.token, wid, 'cancel'), 'cancelled');
});

test('call out of order, transfer keeps the number and the place, requeue first and last', async () => {
  const d = await makeDepartment({ staff: 2, prefixes: ['A', 'B'] });
  const [s1, s2] = d.staff;
  const t1 = await take(d.services[0]);
  const t2 = await take(d.services[0]);
  const t3 = await take(d.services[0]);
  const id3 = Number(sql(`SELECT id FROM tickets WHERE public_id = '${t3.public_id}'`));
  let r = await api('POST', `/tickets/${id3}/call`, { token: s1.token, body: { counter_id: s1.counter } });
  assert.equal(r.json.ticket_number, t3.ticket_number, 'called out of order');
  // someone else's ticket is not s2's to start
  assert.equal((await act(s2.token, id3, 'start')).status, 403);
  r = await api('POST', `/tickets/${id3}/transfer`, { token: s1.token, body: { service_id: d.services[1] } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'waiting');
  assert.equal(r.json.ticket_number, t3.ticket_number, 'same number');
  assert.equal(r.json.service.id, d.services[1]);
  assert.equal(r.json.transferred_from_service_id, d.services[0]);
  assert.equal(r.json.queued_at, t3.created_at, 'its place in time is kept');
  r = await api('POST', `/tickets/${id3}/transfer`, { token: s1.token, body: { service_id: 999999 } });
  assertRefused(r, 'waiting');
  // requeue first: back at its old place; requeue last: behind everyone
  const id1 = (await callNext(s1)).json.id;
  assert.equal(id1, Number(sql(`SELECT id FROM tickets WHERE public_id = '${t1.public_id}'`)));
  r = await api('POST', `/tickets/${id1}/requeue`, { token: s1.token, body: { position: 'first' } });
  assert.equal(r.json.status, 'waiting');
  assert.equal(r.json.people_ahead, 0);
  assert.equal((await callNext(s1)).json.id, id1);
  r = await api('POST', `/tickets/${id1}/requeue`, { token: s1.token, body: { position: 'last' } });
  assert.ok(r.json.people_ahead >= 1, 'behind the others now');
  assert.equal((await callNext(s1)).json.ticket_number, t2.ticket_number);
  r = await api('POST', `/tickets/${id1}/requeue`, { token: s1.token, body: { position: 'middle' } });
  assert.equal(r.status, 400);
});

test('the customer: tracking, delay (twice), cancel, rating once, complaints', async () => {
  const d = await makeDepartment({ staff: 1 });
  const [s] = d.staff;
  const mine = await take(d.services[0], { customer_name: 'Ola', customer_phone: '+47 123 45 678' });
  const others = [];
  for (let i = 0; i < 4; i++) others.push(await take(d.services[0]));
  let r = await api('GET', `/tickets/track/${mine.public_id}`);
  assert.equal(r.json.position, 1);
  for (const k of ['id', 'customer_name', 'customer_phone', 'notes']) assert.ok(!(k in r.json), k);
  r = await api('POST', `/tickets/track/${mine.public_id}/delay`);
  assert.equal(r.status, 200);
  assert.equal(r.json.delays_used, 1);
  assert.equal(r.json.people_ahead, 3, 'behind the next three');
  r = await api('POST', `/tickets/track/${mine.public_id}/delay`);
  assert.equal(r.json.people_ahead, 4, 'only one was left behind: now last');
  r = await api('POST', `/tickets/track/${mine.public_id}/delay`);
  assert.equal(r.status, 409, 'at most twice');
  r = await api('POST', `/tickets/track/${others[3].public_id}/cancel`);
  assert.equal(r.json.status, 'cancelled');
  assertRefused(await api('POST', `/tickets/track/${others[3].public_id}/cancel`), 'cancelled');
  assert.equal((await api('GET', '/tickets/track/not-a-real-ticket-id-at-all')).status, 404);
  assert.equal((await api('GET', '/tickets/track/short')).status, 404);
  // served, then rated once
  const id0 = (await callNext(s)).json.id;
  await act(s.token, id0, 'start');
  await act(s.token, id0, 'complete');
  r = await api('POST', `/tickets/track/${others[0].public_id}/rating`, { body: { rating: 6 } });
  assert.equal(r.status, 400);
  assert.deepEqual(r.json.error.details, [{ field: 'rating', issue: 'out_of_range' }]);
  assertRefused(await api('POST', `/tickets/track/${others[1].public_id}/rating`, { body: { rating: 5 } }), 'waiting');
  r = await api('POST', `/tickets/track/${others[0].public_id}/rating`, { body: { rating: 4, comment: 'quick' } });
  assert.equal(r.status, 200);
  assert.equal(r.json.rating, 4);
  r = await api('POST', `/tickets/track/${others[0].public_id}/rating`, { body: { rating: 1 } });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'already_rated');
  // a complaint, seen and resolved by the department's manager only
  r = await api('POST', `/tickets/track/${others[0].public_id}/complaints`, { body: { category: 'wait_time', message: 'Forty minutes.' } });
  assert.equal(r.status, 201);
  assert.deepEqual(Object.keys(r.json).sort(), ['category', 'created_at', 'id', 'status']);
  assert.equal(r.json.status, 'open');
  const bad = await api('POST', `/tickets/track/${others[0].public_id}/complaints`, { body: { category: 'noise', message: '' } });
  assert.deepEqual(bad.json.error.details.map((x) => x.field).sort(), ['category', 'message']);
  const { makeUser } = await import('./lib.mjs');
  const mgr = makeUser('manager', d.id);
  const mtok = (await login(mgr.username)).access_token;
  let list = (await api('GET', '/complaints?status=open', { token: mtok })).json;
  assert.equal(list.total, 1);
  assert.equal(list.items[0].ticket_number, others[0].ticket_number);
  const other = (await api('GET', '/complaints', { token: (await login('manager.citizen')).access_token })).json;
  assert.ok(!other.items.some((c) => c.id === r.json.id), 'another department never sees it');
  assert.equal((await api('PATCH', `/complaints/${r.json.id}`, { token: (await login('manager.citizen')).access_token, body: { status: 'resolved', resolution: 'x' } })).status, 404);
  assert.equal((await api('GET', '/complaints', { token: s.token })).status, 403);
  r = await api('PATCH', `/complaints/${r.json.id}`, { token: mtok, body: { status: 'resolved', resolution: 'Apologised; added a desk on Mondays.' } });
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'resolved');
  list = (await api('GET', '/complaints?status=open', { token: mtok })).json;
  assert.equal(list.total, 0);
});

test('the staff list filters by status, service and number, in queue order', async () => {
  const d = await makeDepartment({ staff: 1 });
  const [s] = d.staff;
  const a = await take(d.services[0]);
  const b = await take(d.services[1]);
  await callNext(s);
  let r = await api('GET', `/tickets?department_id=${d.id}&status=waiting`, { token: (await login('admin')).access_token });
  assert.deepEqual(r.json.items.map((t) => t.ticket_number), [b.ticket_number]);
  r = await api('GET', `/tickets?status=waiting,called&q=${a.ticket_number}`, { token: s.token });
  assert.equal(r.json.total, 1);
  assert.equal(r.json.items[0].status, 'called');
  assert.equal((await api('GET', '/tickets?status=lost', { token: s.token })).status, 400);
  for (const bad of ['2026-13-40', '2026-02-31', '2026-2-1', '26-02-01', '2026-02-01x', '2026-+1-05', '2026-%201-05', '2026-1-005']) {
    assert.equal((await api('GET', `/tickets?date=${bad}`, { token: s.token })).status, 400, bad);
  }
  assert.equal((await api('GET', '/tickets?date=2028-02-29', { token: s.token })).status, 200);
  assert.equal((await api('GET', `/tickets?department_id=1`, { token: s.token })).status, 404);
  const id = r.json.items[0].id;
  assert.equal((await api('GET', `/tickets/${id}`, { token: (await login('staff.citizen1')).access_token })).status, 404);
});

test('numbers restart at the department\'s local midnight, in its own time zone', async () => {
  // UTC+14 and UTC-11 are always on different dates
  const east = await makeDepartment({ timezone: 'Pacific/Kiritimati', prefixes: ['E'], staff: 0 });
  const west = await makeDepartment({ timezone: 'Pacific/Pago_Pago', prefixes: ['W'], staff: 0 });
  const eastDay = sql(`SELECT (now() AT TIME ZONE 'Pacific/Kiritimati')::date`);
  const westDay = sql(`SELECT (now() AT TIME ZONE 'Pacific/Pago_Pago')::date`);
  assert.notEqual(eastDay, westDay);
  // yesterday (local) the east desk had already given out 41 numbers
  sql(`INSERT INTO ticket_numbers VALUES (${east.services[0]}, date '${eastDay}' - 1, 41)`);
  const e = await take(east.services[0]);
  const w = await take(west.services[0]);
  assert.equal(e.ticket_number, 'E-001', 'a new local day starts at 001');
  assert.equal(w.ticket_number, 'W-001');
  assert.equal(sql(`SELECT service_day FROM tickets WHERE public_id = '${e.public_id}'`), eastDay);
  assert.equal(sql(`SELECT service_day FROM tickets WHERE public_id = '${w.public_id}'`), westDay);
  assert.equal((await take(east.services[0])).ticket_number, 'E-002');
});

test('each change publishes one event with the next seq; public sockets see no personal data', async () => {
  const d = await makeDepartment({ staff: 1 });
  const [s] = d.staff;
  const ws = new WsClient();
  clients.push(ws);
  await ws.opened;
  ws.send({ type: 'join', channel: `department:${d.id}` });
  await ws.next((m) => m.type === 'joined', 5000, 'joined');
  let seq = Number(sql(`SELECT event_seq FROM departments WHERE id = ${d.id}`));
  const expect = async (type, status) => {
    const ev = await ws.next((m) => m.type === type || m.type === 'queue_update' || m.type === 'ticket_called' || m.type === 'ticket_created', 5000, type);
    assert.equal(ev.type, type);
    assert.equal(ev.seq, ++seq, 'the next seq');
    if (status) assert.equal(ev.ticket.status, status);
    for (const k of ['id', 'customer_name', 'customer_phone', 'notes']) assert.ok(!(k in (ev.ticket || {})), k);
    return ev;
  };
  await take(d.services[0], { customer_name: 'Private Name', customer_phone: '+1 555 0100' });
  await expect('ticket_created', 'waiting');
  const id = (await callNext(s)).json.id;
  const called = await expect('ticket_called', 'called');
  assert.deepEqual(called.counter, { id: s.counter, name: 'Desk 1' });
  await act(s.token, id, 'recall');
  await expect('ticket_called', 'called');
  await act(s.token, id, 'start');
  await expect('queue_update', 'serving');
  await act(s.token, id, 'complete', { notes: 'secret note' });
  const done = await expect('queue_update', 'completed');
  assert.ok(!JSON.stringify(done).includes('secret note'));
  assert.ok(!JSON.stringify(done).includes('Private Name'));
  await api('POST', `/counters/${s.counter}/pause`, { token: s.token });
  const cu = await ws.next((m) => m.type === 'counter_update', 5000, 'counter_update');
  assert.equal(cu.seq, ++seq);
  assert.equal(cu.counter.state, 'paused');
});

test('a counter serves only its services; calls from the wrong counter are refused', async () => {
  const d = await makeDepartment({ staff: 2, prefixes: ['A', 'B'] });
  const [s1, s2] = d.staff;
  // s1's desk serves B only
  const admin = (await login('admin')).access_token;
  let r = await api('PATCH', `/counters/${s1.counter}`, { token: admin, body: { service_ids: [d.services[1]] } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.service_ids, [d.services[1]]);
  const a = await take(d.services[0]);
  const b = await take(d.services[1]);
  r = await callNext(s1);
  assert.equal(r.json.ticket_number, b.ticket_number, 'the older A ticket is not for this desk');
  await act(s1.token, r.json.id, 'no-show');
  assert.equal((await callNext(s1)).json.error.code, 'no_waiting_ticket');
  const ida = Number(sql(`SELECT id FROM tickets WHERE public_id = '${a.public_id}'`));
  r = await api('POST', `/tickets/${ida}/call`, { token: s1.token, body: { counter_id: s1.counter } });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'conflict');
  // someone else's counter, and a counter of another department
  r = await api('POST', `/tickets/${ida}/call`, { token: s1.token, body: { counter_id: s2.counter } });
  assert.equal(r.status, 409);
  const other = await makeDepartment({ staff: 1 });
  r = await api('POST', `/tickets/${ida}/call`, { token: other.staff[0].token, body: { counter_id: other.staff[0].counter } });
  assert.equal(r.status, 404, 'a ticket of another department does not exist for them');
  // another department's counter does not exist either, before any state check (it was 409
  // "open this counter before calling", which told that the counter exists)
  r = await api('POST', `/tickets/${ida}/call`, { token: s1.token, body: { counter_id: other.staff[0].counter } });
  assert.equal(r.status, 404, r.text);
  assert.equal(r.json.error.code, 'not_found');
  r = await api('POST', '/tickets/call-next', { token: s1.token, body: { counter_id: other.staff[0].counter } });
  assert.equal(r.status, 404, r.text);
  r = await api('POST', '/tickets/call-next', { token: s1.token, body: { counter_id: 999999999 } });
  assert.equal(r.status, 404, r.text);
  // transfer to the service it is in already, and to another department's service
  const id = (await callNext(s2)).json.id;
  r = await api('POST', `/tickets/${id}/transfer`, { token: s2.token, body: { service_id: d.services[0] } });
  assert.equal(r.status, 400);
  assert.deepEqual(r.json.error.details, [{ field: 'service_id', issue: 'invalid' }]);
  r = await api('POST', `/tickets/${id}/transfer`, { token: s2.token, body: { service_id: other.services[0] } });
  assert.equal(r.status, 400);
  assert.deepEqual(r.json.error.details, [{ field: 'service_id', issue: 'not_found' }]);
  // a complaint about a ticket that does not exist
  r = await api('POST', `/tickets/track/${'x'.repeat(22)}/complaints`, { body: { category: 'other', message: 'hello' } });
  assert.equal(r.status, 404);
});

// Refusals a desk branches on keep the contract's code (conflict) and name
// their reason in details, one item {field, issue}.
function assertReason(r, field, issue) {
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'conflict', r.text);
  assert.deepEqual(r.json.error.details, [{ field, issue }], r.text);
}

test('refused calls and counter changes name their reason in details', async () => {
  const d = await makeDepartment({ staff: 3, prefixes: ['A', 'B'] });
  const [s1, s2, s3] = d.staff;
  const counter = (name) => Number(sql(`INSERT INTO counters (department_id, name) VALUES (${d.id}, '${name}') RETURNING id`));
  const free = counter('Free desk');
  const state = (id, action, token) => api('POST', `/counters/${id}/${action}`, { token });
  const next = (token, counter_id) => api('POST', '/tickets/call-next', { token, body: { counter_id } });
  const t = await take(d.services[0]);
  const tid = Number(sql(`SELECT id FROM tickets WHERE public_id = '${t.public_id}'`));
  const call = (token, counter_id) => act(token, tid, 'call', { counter_id });

  // a counter nobody holds, someone else's, one's own paused, one out of use
  assertReason(await next(s1.token, free), 'counter_id', 'counter_not_open');
  assertReason(await call(s1.token, free), 'counter_id', 'counter_not_open');
  assertReason(await next(s1.token, s2.counter), 'counter_id', 'counter_taken');
  assertReason(await call(s1.token, s2.counter), 'counter_id', 'counter_taken');
  assert.equal((await state(s3.counter, 'pause', s3.token)).status, 200);
  assertReason(await next(s3.token, s3.counter), 'counter_id', 'counter_paused');
  assertReason(await call(s3.token, s3.counter), 'counter_id', 'counter_paused');
  const retired = counter('Retired desk');
  sql(`UPDATE counters SET active = false WHERE id = ${retired}`);
  assertReason(await next(s1.token, retired), 'counter_id', 'counter_inactive');
  assertReason(await state(retired, 'open', s1.token), 'counter_id', 'counter_inactive');

  // opening: a second counter, someone else's; pausing what one does not hold
  assertReason(await state(free, 'open', s1.token), 'counter_id', 'other_counter_open');
  assertReason(await state(s2.counter, 'open', s1.token), 'counter_id', 'counter_taken');
  assertReason(await state(s2.counter, 'pause', s1.token), 'counter_id', 'counter_taken');
  assertReason(await state(free, 'pause', s1.token), 'counter_id', 'counter_not_open');

  // calling out of order from a counter that does not serve the service
  const admin = (await login('admin')).access_token;
  let r = await api('PATCH', `/counters/${s1.counter}`, { token: admin, body: { service_ids: [d.services[1]] } });
  assert.equal(r.status, 200, r.text);
  assertReason(await call(s1.token, s1.counter), 'counter_id', 'service_not_served');
  // an admin at a desk of another department calls this one's ticket
  const boss = makeUser('admin');
  const bossToken = (await login(boss.username)).access_token;
  const elsewhere = await makeDepartment({ staff: 1, counters: false });
  assert.equal((await state(elsewhere.staff[0].counter, 'open', bossToken)).status, 200);
  assertReason(await call(bossToken, elsewhere.staff[0].counter), 'counter_id', 'counter_other_department');

  // none of the refusals changed anything: the ticket still waits, nothing was published twice
  assert.equal((await api('GET', `/tickets/track/${t.public_id}`)).json.status, 'waiting');
  // and the counter that works still does, once
  assert.equal((await state(s3.counter, 'open', s3.token)).status, 200);
  r = await next(s3.token, s3.counter);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.id, tid);
  assert.equal((await next(s3.token, s3.counter)).json.error.code, 'active_ticket_exists');
  sql(`UPDATE counters SET state = 'closed', staff_id = NULL WHERE id = ${elsewhere.staff[0].counter}`);
});

test('the customer delays at most twice: the third names max_delays', async () => {
  const d = await makeDepartment({ staff: 0 });
  const mine = await take(d.services[0]);
  for (let i = 0; i < 3; i++) await take(d.services[0]);
  for (let i = 1; i <= 2; i++) {
    const r = await api('POST', `/tickets/track/${mine.public_id}/delay`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.delays_used, i);
  }
  assertReason(await api('POST', `/tickets/track/${mine.public_id}/delay`), 'delays_used', 'max_delays');
  assert.equal((await api('GET', `/tickets/track/${mine.public_id}`)).json.delays_used, 2);
});
