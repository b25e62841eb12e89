// Real concurrency against the real stack: 32 kiosks and 16 staff at once
// over a few thousand tickets in three services.  Afterwards every ticket
// was called exactly once and completed, none was left behind, the numbers
// are gapless, and no staff member ever held two tickets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, sql, makeDepartment } from './lib.mjs';

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
