// Real concurrency against the real stack: 32 kiosks and 16 staff at once
// over a few thousand tickets in three services.  Afterwards every ticket
// was called exactly once and completed, none was left behind, the numbers
// are gapless, and no staff member ever held two tickets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, sql, makeDepartment, WsClient, until } from './lib.mjs';

const KIOSKS = 32;
const STAFF = 16;
const TICKETS = 2000;

test(`${KIOSKS} kiosks and ${STAFF} staff over ${TICKETS} tickets`, { timeout: 300000 }, async () => {
  const d = await makeDepartment({ prefixes: ['A', 'B', 'C'], staff: STAFF });
  let made = 0;
  let kiosksDone = false;
  const created = [];
  const kiosk = async (k) => {
    while (made < TICKETS) {
      made++;
      const r = await api('POST', '/tickets', { body: { service_id: d.services[(made + k) % 3] } });
      assert.equal(r.status, 201, r.text);
      created.push(r.json.public_id);
    }
  };

  const calls = new Map(); // ticket id -> staff id
  const perStaff = new Map();
  const desk = async (s) => {
    const served = [];
    perStaff.set(s.id, served);
    for (;;) {
      const r = await api('POST', '/tickets/call-next', { token: s.token, body: { counter_id: s.counter } });
      if (r.status === 409 && r.json.error.code === 'no_waiting_ticket') {
        if (kiosksDone) return;
        await new Promise((res) => setTimeout(res, 5));
        continue;
      }
      assert.equal(r.status, 200, `${s.username}: ${r.text}`);
      const id = r.json.id;
      assert.ok(!calls.has(id), `ticket ${id} called twice (by ${calls.get(id)} and ${s.id})`);
      calls.set(id, s.id);
      served.push(id);
      for (const a of ['start', 'complete']) {
        const x = await api('POST', `/tickets/${id}/${a}`, { token: s.token });
        assert.equal(x.status, 200, `${a}: ${x.text}`);
      }
    }
  };

  const desks = d.staff.map(desk);
  await Promise.all(Array.from({ length: KIOSKS }, (_, k) => kiosk(k)));
  kiosksDone = true;
  await Promise.all(desks);

  assert.equal(created.length, TICKETS);
  assert.equal(new Set(created).size, TICKETS);
  // every ticket called once, and every one completed: none skipped
  assert.equal(calls.size, TICKETS);
  const byStatus = sql(`SELECT status, count(*) FROM tickets WHERE department_id = ${d.id} GROUP BY status`);
  assert.equal(byStatus, `completed|${TICKETS}`);
  // gapless, unique numbers per service
  for (const svc of d.services) {
    const row = sql(`SELECT count(*), count(DISTINCT number), min(number), max(number)
                       FROM tickets WHERE number_service_id = ${svc}`).split('|').map(Number);
    assert.equal(row[0], row[1], 'unique');
    assert.equal(row[2], 1);
    assert.equal(row[3], row[0], 'gapless');
  }
  // no one held two tickets: each served ticket's call came after the
  // previous one's completion
  const overlap = sql(`SELECT count(*) FROM tickets a JOIN tickets b
                         ON a.served_by = b.served_by AND a.id < b.id
                        WHERE a.department_id = ${d.id} AND b.department_id = ${d.id}
                          AND a.called_at < b.completed_at AND b.called_at < a.completed_at`);
  assert.equal(overlap, '0');
  // the figures of the day add up
  assert.equal(sql(`SELECT sum(served) FROM staff_performance WHERE department_id = ${d.id}`), String(TICKETS));
  assert.ok([...perStaff.values()].filter((v) => v.length > 0).length >= STAFF / 2, 'the work was shared');
  // and the department's event seq counted every committed change
  const changes = TICKETS * 4 + STAFF; // create, call, start, complete; each counter opened
  assert.equal(sql(`SELECT event_seq FROM departments WHERE id = ${d.id}`), String(changes));
});

// The waiting counts every event carries, and the place of every new
// ticket, are exact at that event's seq, however the changes interleave:
// replaying the events in seq order (a created ticket joins its service's
// line; a call, a cancel of a waiting ticket leave it; a transfer joins the
// new line) gives each event's counts, and a new ticket has everyone counted
// ahead of it.  At the end the counts equal a fresh count of the tickets.
test('every event carries exact waiting counts and places under a concurrent burst', { timeout: 180000 }, async () => {
  const KIOSKS_B = 16;
  const TICKETS_B = 400;
  const d = await makeDepartment({ prefixes: ['A', 'B', 'C'], staff: 8 });
  const seq0 = Number(sql(`SELECT event_seq FROM departments WHERE id = ${d.id}`));
  const ws = new WsClient();
  await ws.opened;
  ws.send({ type: 'auth', token: d.staff[0].token });
  await ws.next((m) => m.type === 'authenticated', 5000, 'authenticated');
  ws.send({ type: 'join', channel: `department:${d.id}` });
  await ws.next((m) => m.type === 'joined', 5000, 'joined');

  let made = 0;
  let kiosksDone = false;
  const kiosk = async (k) => {
    while (made < TICKETS_B) {
      made++;
      const n = made;
      const r = await api('POST', '/tickets', { body: { service_id: d.services[(n + k) % 3] } });
      assert.equal(r.status, 201, r.text);
      // every tenth customer gives up while still waiting
      if (n % 10 === 0) {
        const c = await api('POST', `/tickets/track/${r.json.public_id}/cancel`);
        assert.ok(c.status === 200 || c.status === 409, c.text);
      }
    }
  };
  const desk = async (s, i) => {
    for (let served = 0; ; served++) {
      const r = await api('POST', '/tickets/call-next', { token: s.token, body: { counter_id: s.counter } });
      if (r.status === 409 && r.json.error.code === 'no_waiting_ticket') {
        if (kiosksDone) return;
        await new Promise((res) => setTimeout(res, 3));
        continue;
      }
      assert.equal(r.status, 200, r.text);
      const t = r.json;
      // now and then a ticket goes to another service's line instead
      const action = (served + i) % 7 === 0 ? 'transfer' : 'complete';
      const body = action === 'transfer' ? { service_id: d.services.find((x) => x !== t.service.id) } : undefined;
      if (action === 'complete') assert.equal((await api('POST', `/tickets/${t.id}/start`, { token: s.token })).status, 200);
      const x = await api('POST', `/tickets/${t.id}/${action}`, { token: s.token, body });
      assert.equal(x.status, 200, `${action}: ${x.text}`);
    }
  };
  const desks = d.staff.map(desk);
  await Promise.all(Array.from({ length: KIOSKS_B }, (_, k) => kiosk(k)));
  kiosksDone = true;
  await Promise.all(desks);

  const last = Number(sql(`SELECT event_seq FROM departments WHERE id = ${d.id}`));
  await until(() => ws.messages.some((m) => m.seq === last), 30000, `the event of seq ${last}`);
  const events = ws.messages.filter((m) => m.channel === `department:${d.id}` && m.seq > seq0)
    .sort((a, b) => a.seq - b.seq);
  assert.deepEqual(events.map((e) => e.seq), Array.from({ length: last - seq0 }, (_, i) => seq0 + 1 + i),
    'one event per change, none missing');
  const counts = Object.fromEntries(d.services.map((s) => [String(s), 0]));
  let checkedPlaces = 0;
  for (const e of events) {
    const t = e.ticket;
    if (e.type === 'ticket_created') {
      counts[t.service.id]++;
      assert.equal(t.people_ahead, counts[t.service.id] - 1, `the place of ${t.ticket_number} (seq ${e.seq})`);
      checkedPlaces++;
    } else if (e.type === 'ticket_called' && t.recall_count === 0) {
      counts[t.service.id]--;
    } else if (e.type === 'queue_update' && t.status === 'cancelled' && !t.called_at) {
      counts[t.service.id]--;
    } else if (e.type === 'queue_update' && t.status === 'waiting' && t.transferred_from_service_id) {
      counts[t.service.id]++;
    }
    assert.deepEqual(e.waiting, counts, `the counts of seq ${e.seq} (${e.type} ${t ? t.ticket_number : ''})`);
  }
  assert.equal(checkedPlaces, TICKETS_B);
  const fresh = sql(`SELECT string_agg(s.id || ':' || (SELECT count(*) FROM tickets t
                                                       WHERE t.service_id = s.id AND t.status = 'waiting'), ',' ORDER BY s.id)
                       FROM services s WHERE s.department_id = ${d.id}`);
  assert.equal(fresh, d.services.map((s) => `${s}:${counts[s]}`).join(','));
  assert.equal(sql(`SELECT string_agg(service_id || ':' || waiting, ',' ORDER BY service_id)
                      FROM queue_counts WHERE service_id IN (${d.services.join(',')})`), fresh);
  ws.close();
});
