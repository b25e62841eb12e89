// The public departments list and the display board snapshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, execRedis, firstDepartment, makeDepartment, publicDepartments, sql, until, RFC3339 } from './lib.mjs';

test('public departments lists the demo departments with their services', async () => {
  const r = await api('GET', '/public/departments');
  assert.equal(r.status, 200);
  assert.equal(r.json.items.length, Math.min(r.json.total, 50), 'a page of 50 by default');
  const all = [];
  for await (const d of publicDepartments()) all.push(d);
  assert.equal(all.length, r.json.total);
  const names = all.map((d) => d.name);
  assert.ok(names.includes('Outpatient Clinic'));
  assert.ok(names.includes('Citizen Services'));
  const demo = { 'Outpatient Clinic': ['A', 'B', 'C'], 'Citizen Services': ['P', 'R', 'V'] };
  for (const d of all.filter((x) => x.name in demo)) {
    assert.equal(typeof d.open_now, 'boolean');
    for (const p of demo[d.name]) assert.ok(d.services.some((s) => s.prefix === p), `${d.name} ${p}`);
    for (const s of d.services) {
      assert.match(s.prefix, /^[A-Z]{1,3}$/);
      assert.ok(Number.isInteger(s.waiting) && s.waiting >= 0);
      assert.ok(Number.isInteger(s.estimated_wait_minutes) && s.estimated_wait_minutes >= 0);
    }
  }
});

test('public departments honour limit and offset, count them all in total, and refuse bad paging', async () => {
  // enough departments for three pages of 2 and more than the default page of 50
  const made = Number(sql(`SELECT count(*) FROM departments WHERE active`));
  for (let i = made; i < 53; i++) {
    sql(`INSERT INTO departments (name, timezone) VALUES ('Paging ${i}', 'UTC')`);
  }
  try {
    const total = Number(sql(`SELECT count(*) FROM departments WHERE active`));
    const ids = sql(`SELECT id FROM departments WHERE active ORDER BY id`).split('\n').map(Number);
    // departments made in SQL announce nothing, so each worker process
    // could serve a page it cached up to 2 s ago (and the processes do not
    // share their caches): count a change, as the API does with each event
    execRedis('INCR', 'qstream:seq:all');
    let whole;
    await until(async () => (whole = await api('GET', '/public/departments?limit=200')).json.total === total
      && (await api('GET', '/public/departments')).json.total === total, 5000, 'the new departments');
    assert.equal(whole.json.total, total);
    assert.deepEqual(whole.json.items.map((d) => d.id), ids.slice(0, 200));
    for (const [limit, offset] of [[1, 0], [2, 1], [2, 3], [50, 0], [7, total - 3], [3, total], [200, total + 10]]) {
      const r = await api('GET', `/public/departments?limit=${limit}&offset=${offset}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.total, total, `total at limit=${limit}&offset=${offset}`);
      assert.deepEqual(r.json.items.map((d) => d.id), ids.slice(offset, offset + limit), `limit=${limit}&offset=${offset}`);
      // the page is the same departments as the whole list, services and all
      for (const d of r.json.items) {
        const w = whole.json.items.find((x) => x.id === d.id);
        if (w) assert.deepEqual(d.services.map((s) => s.id), w.services.map((s) => s.id));
      }
    }
    // the default page is 50, and offset alone pages from there
    assert.deepEqual((await api('GET', '/public/departments')).json.items.map((d) => d.id), ids.slice(0, 50));
    assert.deepEqual((await api('GET', '/public/departments?offset=50')).json.items.map((d) => d.id), ids.slice(50, 100));
    // a page asked twice (from the cache the second time) is the same page
    const again = await api('GET', '/public/departments?limit=2&offset=1');
    assert.deepEqual(again.json.items.map((d) => d.id), ids.slice(1, 3));
    for (const [q, field] of [['limit=0', 'limit'], ['limit=201', 'limit'], ['limit=-1', 'limit'], ['limit=abc', 'limit'],
      ['limit=', 'limit'], ['limit=1e2', 'limit'], ['limit=99999999999999999999', 'limit'], ['offset=-1', 'offset'],
      ['offset=x', 'offset'], ['offset=1000000001', 'offset'], ['offset=99999999999999999999', 'offset'],
      ['limit=%00', 'limit'], ['limit=2%20', 'limit'], ['offset=1.5', 'offset']]) {
      const r = await api('GET', `/public/departments?${q}`);
      assert.equal(r.status, 400, `${q}: ${r.text}`);
      assert.equal(r.json.error.code, 'validation_failed');
      assert.deepEqual(r.json.error.details, [{ field, issue: 'out_of_range' }], q);
    }
  } finally {
    sql(`UPDATE departments SET active = false WHERE name LIKE 'Paging %'`);
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
  let offset = 0;
  for await (const x of publicDepartments()) {
    if (x.id === d.id) break;
    offset++;
  }
  let lastSeq = -1;
  for (let i = 1; i <= 15; i++) {
    assert.equal((await api('POST', '/tickets', { body: { service_id: svc } })).status, 201);
    // a storm of boards and kiosks right after the change
    const [boards, lists] = await Promise.all([
      Promise.all(Array.from({ length: 16 }, () => api('GET', `/display/${d.id}`))),
      // the page that holds the department: every kiosk asks for the same one
      Promise.all(Array.from({ length: 4 }, () => api('GET', `/public/departments?limit=1&offset=${offset}`))),
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
      assert.ok(mine, `department ${d.id} on the page`);
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
