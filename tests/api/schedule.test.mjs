// Shifts and schedules: CRUD and validation of shifts; conflicts on the same
// day, across midnight and across the DST changes of Europe/Berlin, refused
// by the database itself (two concurrent requests: exactly one wins);
// adjacent shifts allowed; bulk all or nothing; who may plan whom; coverage
// per local hour, exact for what the test scheduled, with Erlang C; the
// schedule_updated event; the caller's own calendar file.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, sql, login, makeUser, makeDepartment, WsClient } from './lib.mjs';

const clients = [];
after(() => Promise.all(clients.map((c) => c.close())));

async function office() {
  const d = await makeDepartment({ prefixes: ['S'], staff: 3, counters: false });
  const manager = makeUser('manager', d.id);
  d.manager = (await login(manager.username)).access_token;
  d.admin = (await login('admin')).access_token;
  const shift = async (name, start_time, end_time) => {
    const r = await api('POST', '/shifts', { token: d.manager, body: { department_id: d.id, name, start_time, end_time } });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  d.early = await shift('Early', '06:00', '14:00');
  d.late = await shift('Late', '14:00', '22:00');
  d.night = await shift('Night', '22:00', '06:00');
  d.longNight = await shift('Long night', '22:00', '07:00');
  d.mid = await shift('Middle', '10:00', '18:00');
  return d;
}

const plan = (d, body) => api('POST', '/schedules', { token: d.manager, body });

test('shifts: create, validate, rename, retire', async () => {
  const d = await office();
  assert.equal(d.night.crosses_midnight, true);
  assert.equal(d.night.duration_minutes, 480);
  assert.equal(d.early.crosses_midnight, false);
  for (const [body, field] of [
    [{ department_id: d.id, name: 'X', start_time: '24:00', end_time: '06:00' }, 'start_time'],
    [{ department_id: d.id, name: 'X', start_time: '6:00', end_time: '06:00' }, 'start_time'],
    [{ department_id: d.id, name: 'X', start_time: '06:00', end_time: '06:60' }, 'end_time'],
    [{ department_id: d.id, name: 'X', start_time: '06:00', end_time: '06:00' }, 'end_time'],
    [{ department_id: d.id, name: '', start_time: '06:00', end_time: '07:00' }, 'name'],
    [{ department_id: d.id, name: 'X', start_time: '06:00' }, 'end_time'],
    [{ department_id: 'x', name: 'X', start_time: '06:00', end_time: '07:00' }, 'department_id'],
  ]) {
    const r = await api('POST', '/shifts', { token: d.manager, body });
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json.error.details[0].field, field, JSON.stringify(body));
  }
  const dup = await api('POST', '/shifts', { token: d.manager, body: { department_id: d.id, name: 'early', start_time: '07:00', end_time: '15:00' } });
  assert.equal(dup.status, 409);
  const other = await makeDepartment({ prefixes: ['T'], staff: 1, counters: false });
  assert.equal((await api('POST', '/shifts', { token: d.manager, body: { department_id: other.id, name: 'X', start_time: '06:00', end_time: '07:00' } })).status, 404);
  assert.equal((await api('POST', '/shifts', { token: d.staff[0].token, body: { department_id: d.id, name: 'X', start_time: '06:00', end_time: '07:00' } })).status, 403);
  const list = await api('GET', `/shifts?department_id=${d.id}`, { token: d.staff[0].token });
  assert.equal(list.status, 200);
  assert.equal(list.json.total, 5);
  assert.equal((await api('GET', `/shifts?department_id=${d.id}`, { token: other.staff[0].token })).status, 404);

  // times can change while nothing is planned on the shift; a rename always
  let r = await api('PATCH', `/shifts/${d.mid.id}`, { token: d.manager, body: { start_time: '09:00' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.start_time, '09:00');
  const s = await plan(d, { user_id: d.staff[0].id, shift_id: d.mid.id, date: '2030-01-07' });
  assert.equal(s.status, 201, s.text);
  r = await api('PATCH', `/shifts/${d.mid.id}`, { token: d.manager, body: { end_time: '19:00' } });
  assert.equal(r.status, 409);
  assert.match(r.json.error.message, /1 schedule from 2030-01-07 on/);
  r = await api('PATCH', `/shifts/${d.mid.id}`, { token: d.manager, body: { name: 'Midday' } });
  assert.equal(r.status, 200);
  assert.equal(r.json.name, 'Midday');
  assert.equal((await api('DELETE', `/shifts/${d.mid.id}`, { token: d.manager })).status, 409);
  assert.equal((await api('DELETE', `/schedules/${s.json.id}`, { token: d.manager })).status, 204);
  assert.equal((await api('DELETE', `/shifts/${d.mid.id}`, { token: d.manager })).status, 204);
  const staffView = await api('GET', `/shifts?department_id=${d.id}`, { token: d.staff[0].token });
  assert.ok(!staffView.json.items.some((x) => x.id === d.mid.id), 'staff see shifts in use only');
  const managerView = await api('GET', `/shifts?department_id=${d.id}`, { token: d.manager });
  assert.equal(managerView.json.items.find((x) => x.id === d.mid.id).active, false);
  // a retired shift takes no new schedules
  r = await plan(d, { user_id: d.staff[0].id, shift_id: d.mid.id, date: '2030-01-08' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.details[0].field, 'shift_id');
});

test('conflicts: the same day, across midnight, and across both DST changes', async () => {
  const d = await office();
  const u = d.staff[0].id;
  // adjacent shifts do not conflict: 06-14, 14-22, 22-06, 06-14
  for (const [shift, date] of [[d.early, '2030-02-04'], [d.late, '2030-02-04'], [d.night, '2030-02-04'], [d.early, '2030-02-05']]) {
    const r = await plan(d, { user_id: u, shift_id: shift.id, date });
    assert.equal(r.status, 201, `${shift.name} ${date}: ${r.text}`);
  }
  const early = (await api('GET', `/schedules?department_id=${d.id}&from=2030-02-04&to=2030-02-04&user_id=${u}`, { token: d.manager })).json.items[0];
  // the same day: Middle (10-18) overlaps Early
  let r = await plan(d, { user_id: u, shift_id: d.mid.id, date: '2030-02-04' });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'schedule_conflict');
  assert.ok(r.json.error.details.some((x) => x.schedule_id === early.id), r.text);
  assert.match(r.json.error.message, /Early on 2030-02-04/);
  // across midnight: a long night (22-07) on the 5th overlaps Early on the 6th
  assert.equal((await plan(d, { user_id: u, shift_id: d.early.id, date: '2030-02-06' })).status, 201);
  r = await plan(d, { user_id: u, shift_id: d.longNight.id, date: '2030-02-05' });
  assert.equal(r.status, 409, r.text);
  assert.match(r.json.error.message, /Early on 2030-02-06/);
  // another person may take it
  assert.equal((await plan(d, { user_id: d.staff[1].id, shift_id: d.longNight.id, date: '2030-02-05' })).status, 201);

  // DST: the night the clocks go forward lasts 7 hours, the night they go back 9
  const spring = await plan(d, { user_id: u, shift_id: d.night.id, date: '2027-03-27' });
  assert.equal(spring.status, 201);
  assert.deepEqual([spring.json.starts_at, spring.json.ends_at], ['2027-03-27T21:00:00Z', '2027-03-28T04:00:00Z']);
  const autumn = await plan(d, { user_id: u, shift_id: d.night.id, date: '2027-10-30' });
  assert.equal(autumn.status, 201);
  assert.deepEqual([autumn.json.starts_at, autumn.json.ends_at], ['2027-10-30T20:00:00Z', '2027-10-31T05:00:00Z']);
  // 05:30 winter time on the 31st is within that 9-hour night
  const dawn = await api('POST', '/shifts', { token: d.manager, body: { department_id: d.id, name: 'Dawn', start_time: '05:30', end_time: '09:00' } });
  r = await plan(d, { user_id: u, shift_id: dawn.json.id, date: '2027-10-31' });
  assert.equal(r.status, 409, r.text);
  // and the early shift after the spring night is adjacent, not overlapping
  assert.equal((await plan(d, { user_id: u, shift_id: d.early.id, date: '2027-03-28' })).status, 201);
});

test('two managers plan the same person at the same instant: exactly one wins, every time', async () => {
  const d = await office();
  const manager2 = makeUser('manager', d.id);
  const t2 = (await login(manager2.username)).access_token;
  const u = d.staff[2].id;
  for (let i = 0; i < 20; i++) {
    const date = `2031-01-${String(i + 1).padStart(2, '0')}`;
    const [a, b] = await Promise.all([
      api('POST', '/schedules', { token: d.manager, body: { user_id: u, shift_id: d.early.id, date } }),
      api('POST', '/schedules', { token: t2, body: { user_id: u, shift_id: d.mid.id, date } }),
    ]);
    const statuses = [a.status, b.status].sort();
    assert.deepEqual(statuses, [201, 409], `round ${i}: ${a.text} / ${b.text}`);
    assert.equal((a.status === 409 ? a : b).json.error.code, 'schedule_conflict');
  }
  assert.equal(sql(`SELECT count(*) FROM schedules WHERE user_id = ${u}`), '20');
});

test('bulk is all or nothing, and names the bad item', async () => {
  const d = await office();
  const count = () => Number(sql(`SELECT count(*) FROM schedules WHERE department_id = ${d.id}`));
  const before = count();
  const items = [0, 1, 2].map((i) => ({ user_id: d.staff[i].id, shift_id: d.early.id, date: '2030-03-04' }));
  // an overlap inside the batch
  let r = await api('POST', '/schedules/bulk', { token: d.manager, body: { items: [...items, { user_id: d.staff[0].id, shift_id: d.mid.id, date: '2030-03-04' }] } });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.details[0].field, 'items[3].date');
  assert.match(r.json.error.message, /item 0 of this request/);
  // a user of another department
  const other = await makeDepartment({ prefixes: ['U'], staff: 1, counters: false });
  r = await api('POST', '/schedules/bulk', { token: d.manager, body: { items: [...items, { user_id: other.staff[0].id, shift_id: d.early.id, date: '2030-03-05' }] } });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.details[0].field, 'items[3].user_id');
  // a bad date, and a wrong type
  r = await api('POST', '/schedules/bulk', { token: d.manager, body: { items: [...items, { user_id: d.staff[0].id, shift_id: d.early.id, date: '2030-02-30' }] } });
  assert.equal(r.json.error.details[0].field, 'items[3].date');
  r = await api('POST', '/schedules/bulk', { token: d.manager, body: { items: [items[0], 'x'] } });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.details[0].field, 'items[1]');
  r = await api('POST', '/schedules/bulk', { token: d.manager, body: { items: [] } });
  assert.equal(r.status, 400);
  assert.equal(count(), before, 'nothing was made');
  // the good batch
  r = await api('POST', '/schedules/bulk', { token: d.manager, body: { items } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.total, 3);
  assert.equal(count(), before + 3);
});

test('who may plan whom: departments, inactive people, counters, staff', async () => {
  const d = await office();
  const other = await makeDepartment({ prefixes: ['V'], staff: 1, counters: false });
  const otherManager = (await login(makeUser('manager', other.id).username)).access_token;
  const otherCounter = other.staff[0].counter;
  const u = d.staff[0].id;
  const cases = [
    [{ user_id: other.staff[0].id, shift_id: d.early.id, date: '2030-04-01' }, 400, 'user_id'],
    [{ user_id: u, shift_id: d.early.id, date: '2030-04-01', counter_id: otherCounter }, 400, 'counter_id'],
    [{ user_id: u, shift_id: d.early.id, date: '2030-04-01', counter_id: 999999999 }, 400, 'counter_id'],
    [{ user_id: 999999999, shift_id: d.early.id, date: '2030-04-01' }, 400, 'user_id'],
    [{ user_id: u, shift_id: d.early.id, date: '2030-02-29' }, 400, 'date'],
    [{ user_id: u, shift_id: d.early.id }, 400, 'date'],
  ];
  for (const [body, status, field] of cases) {
    const r = await plan(d, body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.json.error.details[0].field, field);
  }
  // a shift of another department does not exist for this manager
  const otherShift = await api('POST', '/shifts', { token: otherManager, body: { department_id: other.id, name: 'Theirs', start_time: '08:00', end_time: '16:00' } });
  let r = await plan(d, { user_id: u, shift_id: otherShift.json.id, date: '2030-04-01' });
  assert.equal(r.status, 404);
  // an inactive person
  const gone = makeUser('staff', d.id);
  sql(`UPDATE users SET active = false WHERE id = ${gone.id}`);
  r = await plan(d, { user_id: gone.id, shift_id: d.early.id, date: '2030-04-01' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.details[0].issue, 'inactive');
  assert.equal(Number(sql(`SELECT count(*) FROM schedules WHERE department_id = ${d.id}`)), 0, 'never a schedule');

  // staff: read their own only, plan nothing
  const mine = await plan(d, { user_id: u, shift_id: d.early.id, date: '2030-04-02', counter_id: d.staff[0].counter });
  assert.equal(mine.status, 201);
  assert.equal(mine.json.counter_id, d.staff[0].counter);
  assert.equal((await plan(d, { user_id: d.staff[1].id, shift_id: d.early.id, date: '2030-04-02' })).status, 201);
  const st = d.staff[0].token;
  assert.equal((await api('POST', '/schedules', { token: st, body: { user_id: u, shift_id: d.late.id, date: '2030-04-02' } })).status, 403);
  assert.equal((await api('POST', '/schedules/bulk', { token: st, body: { items: [] } })).status, 403);
  assert.equal((await api('DELETE', `/schedules/${mine.json.id}`, { token: st })).status, 403);
  const own = await api('GET', `/schedules?from=2030-04-01&to=2030-04-07`, { token: st });
  assert.deepEqual(own.json.items.map((x) => x.user_id), [u]);
  assert.equal((await api('GET', `/schedules?from=2030-04-01&to=2030-04-07&user_id=${d.staff[1].id}`, { token: st })).status, 404);
  const me = await api('GET', '/schedules/me?from=2030-04-01&to=2030-04-07', { token: st });
  assert.deepEqual(me.json.items.map((x) => x.id), [mine.json.id]);
  assert.equal((await api('GET', `/schedules/coverage?department_id=${d.id}`, { token: st })).status, 403);
  // another department's manager sees none of it
  assert.equal((await api('GET', `/schedules?department_id=${d.id}`, { token: otherManager })).status, 404);
  assert.equal((await api('DELETE', `/schedules/${mine.json.id}`, { token: otherManager })).status, 404);
  assert.equal((await api('GET', `/schedules/coverage?department_id=${d.id}`, { token: otherManager })).status, 404);
  // an admin sees and plans everything
  assert.equal((await api('GET', `/schedules?department_id=${d.id}&from=2030-04-01&to=2030-04-07`, { token: d.admin })).json.total, 2);
  assert.equal((await api('DELETE', `/schedules/${mine.json.id}`, { token: d.admin })).status, 204);
  // bad parameters
  for (const q of ['from=2030-13-01', 'to=x', 'from=2030-04-02&to=2030-04-01', 'from=2029-01-01&to=2030-04-01', 'user_id=abc', 'department_id=0']) {
    const b = await api('GET', `/schedules?${q}`, { token: d.manager });
    assert.equal(b.status, 400, q);
  }
});

// Erlang C, written again here from the textbook formula to check the server
function erlangAgents(arrivals, aht, target, goal) {
  if (arrivals <= 0) return 0;
  const a = arrivals * aht / 3600;
  for (let n = Math.floor(a) + 1; ; n++) {
    let b = 1;
    for (let k = 1; k <= n; k++) b = a * b / (k + a * b);
    const c = n * b / (n - a * (1 - b));
    if (1 - c * Math.exp(-(n - a) * target / aht) >= goal) return n;
  }
}

test('coverage: scheduled staff, expected arrivals and Erlang C per local hour', async () => {
  const d = await office();
  sql(`UPDATE departments SET sla_wait_minutes = 5 WHERE id = ${d.id}`);
  const day = '2030-06-12';     // a Wednesday; history on the 8 Wednesdays before
  const svc = d.services[0];
  // each past Wednesday: 40 tickets at 09:xx local, 12 at 14:xx, served in 240 s
  sql(`INSERT INTO tickets (public_id, department_id, service_id, number_service_id, service_day, number,
         ticket_number, status, created_at, queued_at, called_at, serving_at, completed_at)
       SELECT md5('${d.id}-' || w || '-' || n) || 'x', ${d.id}, ${svc}, ${svc}, ('${day}'::date - 7 * w), n,
              'S-' || n, 'completed', at, at, at + interval '60 s', at + interval '90 s', at + interval '330 s'
         FROM generate_series(1, 8) w, generate_series(1, 52) n,
              LATERAL (SELECT ((('${day}'::date - 7 * w) + CASE WHEN n <= 40 THEN time '09:00' ELSE time '14:00' END
                              + make_interval(secs => n * 30)) AT TIME ZONE 'Europe/Berlin') AS at) x`);
  // two people 08:00-12:00 (one shift crossing into the afternoon), one 13:00-17:00
  const morning = await api('POST', '/shifts', { token: d.manager, body: { department_id: d.id, name: 'Morning', start_time: '08:00', end_time: '12:00' } });
  const afternoon = await api('POST', '/shifts', { token: d.manager, body: { department_id: d.id, name: 'Afternoon', start_time: '13:00', end_time: '17:00' } });
  for (const [i, s] of [[0, morning], [1, morning], [2, afternoon]]) {
    assert.equal((await plan(d, { user_id: d.staff[i].id, shift_id: s.json.id, date: day })).status, 201);
  }
  const r = await api('GET', `/schedules/coverage?department_id=${d.id}&date=${day}`, { token: d.manager });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.hours.length, 24);
  assert.equal(r.json.service_level_goal, 0.8);
  const h = (n) => r.json.hours.find((x) => x.hour === n);
  assert.deepEqual([8, 9, 10, 11, 12, 13, 14, 16, 17].map((n) => h(n).scheduled_staff), [2, 2, 2, 2, 0, 1, 1, 1, 0]);
  // 40 a week at 09:xx: 40 expected; 12 at 14:xx
  assert.equal(h(9).expected_arrivals, 40);
  assert.equal(h(14).expected_arrivals, 12);
  assert.equal(h(10).expected_arrivals, 0);
  assert.equal(h(9).avg_service_minutes, 4);
  const need9 = erlangAgents(40, 240, 300, 0.8);
  const need14 = erlangAgents(12, 240, 300, 0.8);
  assert.equal(h(9).recommended_staff, need9);
  assert.equal(h(14).recommended_staff, need14);
  assert.equal(h(10).recommended_staff, 0);
  assert.equal(h(9).understaffed, 2 < need9);
  assert.equal(h(14).understaffed, 1 < need14);
  assert.ok(need9 >= 3, 'forty people an hour at four minutes need more than two');
  assert.equal(h(9).understaffed, true);
  assert.ok(h(9).service_level < 0.8);
  assert.equal(r.json.understaffed_hours, r.json.hours.filter((x) => x.understaffed).length);
  // with no history, a service's avg_service_minutes stands in
  const fresh = await api('GET', `/schedules/coverage?department_id=${d.id}&date=2020-06-10`, { token: d.manager });
  assert.equal(fresh.json.hours[9].avg_service_minutes, 5);
  assert.equal(fresh.json.hours[9].expected_arrivals, 0);
});

// A public socket joined to the department's channel from its seq now.
async function joinedNow(d) {
  const ws = new WsClient();
  clients.push(ws);
  await ws.opened;
  const seq = Number(sql(`SELECT event_seq FROM departments WHERE id = ${d.id}`));
  ws.send({ type: 'join', channel: `department:${d.id}`, since: seq });
  await ws.next((m) => m.type === 'joined', 5000, 'joined');
  return { ws, seq };
}

test('a schedule change publishes schedule_updated with the next seq; the calendar file', async () => {
  const d = await office();
  const { ws, seq } = await joinedNow(d);
  const s = await plan(d, { user_id: d.staff[0].id, shift_id: d.night.id, date: '2030-10-26' });
  const ev = await ws.next((m) => m.type === 'schedule_updated', 5000, 'schedule_updated');
  assert.equal(ev.seq, seq + 1);
  assert.deepEqual(ev.schedules, { change: 'created', ids: [s.json.id] });
  assert.doesNotMatch(JSON.stringify(ev), /Test staff/, 'no names on a public socket');
  assert.equal((await api('DELETE', `/schedules/${s.json.id}`, { token: d.manager })).status, 204);
  const gone = await ws.next((m) => m.type === 'schedule_updated' && m.schedules.change === 'deleted', 5000, 'deleted');
  assert.equal(gone.seq, seq + 2);

  // the calendar: the night of the clocks going back, in the department's zone
  const again = await plan(d, { user_id: d.staff[0].id, shift_id: d.night.id, date: '2030-10-26' });
  assert.equal(again.status, 201);
  const r = await fetch(`${process.env.QSTREAM_URL}/api/v1/schedules/me.ics?from=2030-10-20&to=2030-10-31`,
    { headers: { Authorization: `Bearer ${d.staff[0].token}` } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/calendar/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="qstream-schedule\.ics"/);
  const ics = await r.text();
  assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\n') && ics.endsWith('END:VCALENDAR\r\n'));
  for (const l of ics.split('\r\n')) assert.ok(Buffer.byteLength(l) <= 75, `folded: ${l}`);
  assert.match(ics, /\r\nTZID:Europe\/Berlin\r\n/);
  assert.match(ics, /BEGIN:STANDARD\r\nDTSTART:20301027T030000\r\nTZOFFSETFROM:\+0200\r\nTZOFFSETTO:\+0100\r\n/);
  assert.match(ics, /DTSTART;TZID=Europe\/Berlin:20301026T220000\r\nDTEND;TZID=Europe\/Berlin:20301027T060000\r\n/);
  assert.match(ics, new RegExp(`UID:schedule-${again.json.id}@`));
  assert.match(ics, /SUMMARY:Night \(Queue [0-9a-f]+\)\r\n/);
  assert.equal(ics.split('BEGIN:VEVENT').length - 1, 1);
});

test('refused shift changes name their reason: a name taken, schedules ahead', async () => {
  const d = await office();
  const reason = (r, field, issue) => {
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.error.code, 'conflict');
    assert.deepEqual(r.json.error.details, [{ field, issue }], r.text);
  };
  reason(await api('POST', '/shifts', { token: d.manager, body: { department_id: d.id, name: 'Late', start_time: '15:00', end_time: '23:00' } }),
    'name', 'taken');
  reason(await api('PATCH', `/shifts/${d.early.id}`, { token: d.manager, body: { name: 'Late' } }), 'name', 'taken');
  const s = await plan(d, { user_id: d.staff[1].id, shift_id: d.early.id, date: '2031-03-04' });
  assert.equal(s.status, 201, s.text);
  reason(await api('PATCH', `/shifts/${d.early.id}`, { token: d.manager, body: { start_time: '05:00' } }),
    'shift_id', 'has_future_schedules');
  reason(await api('DELETE', `/shifts/${d.early.id}`, { token: d.manager }), 'shift_id', 'has_future_schedules');
  // nothing of the refused changes stayed
  const early = (await api('GET', `/shifts?department_id=${d.id}`, { token: d.manager })).json.items.find((x) => x.id === d.early.id);
  assert.deepEqual([early.name, early.start_time, early.active], ['Early', '06:00', true]);
  // the schedule gone, the same change goes through, once
  assert.equal((await api('DELETE', `/schedules/${s.json.id}`, { token: d.manager })).status, 204);
  assert.equal((await api('DELETE', `/schedules/${s.json.id}`, { token: d.manager })).status, 404);
  const r = await api('PATCH', `/shifts/${d.early.id}`, { token: d.manager, body: { start_time: '05:00' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.start_time, '05:00');
});

test('a batch across two departments: one event each, with its own next seq, after the commit', async () => {
  const a = await office();
  const b = await office();
  const [wa, wb] = [await joinedNow(a), await joinedNow(b)];
  const items = [
    { user_id: a.staff[0].id, shift_id: a.early.id, date: '2031-05-05' },
    { user_id: b.staff[0].id, shift_id: b.late.id, date: '2031-05-05' },
    { user_id: a.staff[1].id, shift_id: a.late.id, date: '2031-05-05' },
  ];
  const r = await api('POST', '/schedules/bulk', { token: a.admin, body: { items } });
  assert.equal(r.status, 201, r.text);
  const ids = r.json.items ? r.json.items.map((x) => x.id) : r.json.map((x) => x.id);
  const ea = await wa.ws.next((m) => m.type === 'schedule_updated', 5000, 'a');
  const eb = await wb.ws.next((m) => m.type === 'schedule_updated', 5000, 'b');
  assert.equal(ea.seq, wa.seq + 1);
  assert.equal(eb.seq, wb.seq + 1);
  assert.deepEqual(ea.schedules, { change: 'created', ids: [ids[0], ids[2]] });
  assert.deepEqual(eb.schedules, { change: 'created', ids: [ids[1]] });
  assert.equal(sql(`SELECT event_seq FROM departments WHERE id = ${b.id}`), String(wb.seq + 1));
  // refused as a whole (the last item overlaps the first): nothing made, nothing announced
  const bad = await api('POST', '/schedules/bulk', { token: a.admin, body: { items: [
    { user_id: b.staff[1].id, shift_id: b.early.id, date: '2031-05-06' },
    { user_id: a.staff[0].id, shift_id: a.mid.id, date: '2031-05-05' },
  ] } });
  assert.equal(bad.status, 409, bad.text);
  assert.equal(bad.json.error.code, 'schedule_conflict');
  assert.equal(sql(`SELECT count(*) FROM schedules WHERE user_id = ${b.staff[1].id}`), '0');
  assert.equal(sql(`SELECT event_seq FROM departments WHERE id = ${b.id}`), String(wb.seq + 1));
});
