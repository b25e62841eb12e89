// The public departments list and the display board snapshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, firstDepartment, makeDepartment, RFC3339 } from './lib.mjs';

test('public departments lists the demo departments with their services', async () => {
  const r = await api('GET', '/public/departments');
  assert.equal(r.status, 200);
  assert.equal(r.json.total, r.json.items.length);
  const names = r.json.items.map((d) => d.name);
  assert.ok(names.includes('Outpatient Clinic'));
  assert.ok(names.includes('Citizen Services'));
  const demo = { 'Outpatient Clinic': ['A', 'B', 'C'], 'Citizen Services': ['P', 'R', 'V'] };
  for (const d of r.json.items.filter((x) => x.name in demo)) {
    assert.equal(typeof d.open_now, 'boolean');
    for (const p of demo[d.name]) assert.ok(d.services.some((s) => s.prefix === p), `${d.name} ${p}`);
    for (const s of d.services) {
      assert.match(s.prefix, /^[A-Z]{1,3}$/);
      assert.ok(Number.isInteger(s.waiting) && s.waiting >= 0);
      assert.ok(Number.isInteger(s.estimated_wait_minutes) && s.estimated_wait_minutes >= 0);
    }
  }
});

test('the display snapshot has the contract shape and counts a new ticket', async () => {
  const dept = await firstDepartment();
  const before = await api('GET', `/display/${dept.id}`);
  assert.equal(before.status, 200);
  const s = before.json;
  assert.deepEqual(s.department, { id: dept.id, name: dept.name });
  assert.ok(Number.isInteger(s.seq));
  assert.ok(Array.isArray(s.now_serving));
  assert.match(s.generated_at, RFC3339);
  assert.equal(s.waiting.length, dept.services.length);
  const svc = dept.services[2];
  const w0 = s.waiting.find((w) => w.service_id === svc.id);
  assert.equal(w0.prefix, svc.prefix);
  assert.ok(w0.next.length <= 3);

  const t = (await api('POST', '/tickets', { body: { service_id: svc.id } })).json;
  const after = (await api('GET', `/display/${dept.id}`)).json;
  assert.equal(after.seq, s.seq + 1, 'one committed change, one seq');
  const w1 = after.waiting.find((w) => w.service_id === svc.id);
  assert.equal(w1.count, w0.count + 1);
  if (w0.count < 3) assert.ok(w1.next.includes(t.ticket_number));
  // the board shows numbers only: nothing personal anywhere in the snapshot
  assert.ok(!JSON.stringify(after).includes('customer'));
});

test('an unknown or malformed department is a JSON 404', async () => {
  for (const id of ['999999', 'abc', '0', '-1', '1x', '99999999999999999999']) {
    const r = await api('GET', `/display/${id}`);
    assert.equal(r.status, 404, id);
    assert.equal(r.json.error.code, 'not_found');
  }
});

// The snapshot and the department list are served from a per-worker cache
// (fcgi/snapshots.h): a reconnect storm gets one answer, and every answer
// already shows each change the API acknowledged before it was asked for.
test('the cached snapshot and department list follow every acknowledged change', async () => {
  const d = await makeDepartment({ prefixes: ['A', 'B'], staff: 1 });
  const svc = d.services[0];
  let lastSeq = -1;
  for (let i = 1; i <= 15; i++) {
    assert.equal((await api('POST', '/tickets', { body: { service_id: svc } })).status, 201);
    // a storm of boards and kiosks right after the change
    const [boards, lists] = await Promise.all([
      Promise.all(Array.from({ length: 16 }, () => api('GET', `/display/${d.id}`))),
      Promise.all(Array.from({ length: 4 }, () => api('GET', '/public/departments'))),
    ]);
    for (const b of boards) {
      assert.equal(b.status, 200);
      assert.equal(b.json.waiting.find((w) => w.service_id === svc).count, i, `board after ticket ${i}`);
      assert.ok(b.json.seq > lastSeq);
    }
    // (the alert job may publish between two of them: seqs may differ, never go back)
    lastSeq = Math.min(...boards.map((b) => b.json.seq));
    for (const l of lists) {
      const mine = l.json.items.find((x) => x.id === d.id);
      assert.equal(mine.services.find((s) => s.id === svc).waiting, i, `department list after ticket ${i}`);
    }
  }
  // a staff change (a call) shows at once too
  const s = d.staff[0];
  const called = await api('POST', '/tickets/call-next', { token: s.token, body: { counter_id: s.counter } });
  assert.equal(called.status, 200);
  const after = await api('GET', `/display/${d.id}`);
  assert.equal(after.json.waiting.find((w) => w.service_id === svc).count, 14);
  assert.deepEqual(after.json.now_serving.map((n) => n.ticket_number), [called.json.ticket_number]);
});
