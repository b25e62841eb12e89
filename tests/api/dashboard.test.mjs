// Dashboards: a scripted day in a department of the test's own, every figure
// checked exactly (the summary, the trend's day, the staff table and the CSV
// agree to the ticket); the access rows of every dashboard route; local
// hours on the DST days of Europe/Berlin; a CSV with hostile names; bad
// parameters; and alerts that arrive by themselves over the WebSocket.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, openSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { api, sql, login, makeUser, makeDepartment, WsClient, STATE, until, stack, DB_URL } from './lib.mjs';

const clients = [];
after(() => Promise.all(clients.map((c) => c.close())));

const ROUTES = ['summary', 'staff-performance', 'trend', 'export.csv', 'alerts'];
const DAY = '2026-03-29';       // Europe/Berlin springs forward: 23 hours

// RFC 4180 parser: rows of cells (quotes, doubled quotes, CRLF inside quotes)
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  assert.equal(cell, '', 'the file ends with CRLF');
  return rows;
}

async function csv(path, token) {
  const r = await fetch(process.env.QSTREAM_URL + '/api/v1' + path, { headers: { Authorization: `Bearer ${token}` } });
  // keep the byte order mark: Response.text() would drop it
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await r.arrayBuffer());
  return { status: r.status, headers: r.headers, text };
}

function records(text) {
  assert.ok(text.startsWith('\uFEFF'), 'UTF-8 with a byte order mark');
  const [header, ...rows] = parseCsv(text.slice(1));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

// percentile_cont(p) as PostgreSQL computes it
function p90(values) {
  const v = [...values].sort((a, b) => a - b);
  const pos = 0.9 * (v.length - 1), lo = Math.floor(pos);
  return lo + 1 < v.length ? v[lo] + (pos - lo) * (v[lo + 1] - v[lo]) : v[lo];
}
const avg = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const round1 = (x) => Math.round(x * 10) / 10;

// ---- the scripted day ------------------------------------------------------

// Six tickets, taken and handled through the API, then moved to DAY at fixed
// local times so that every figure is known in advance.  Times are Berlin
// local; waits and service times in seconds.
const SCRIPT = [
  { svc: 0, by: 0, end: 'completed', at: '09:00', wait: 300, start: 60, service: 600, rating: 5 },
  { svc: 0, by: 1, end: 'completed', at: '09:10', wait: 1200, start: 60, service: 300, rating: 3 },
  { svc: 1, by: 0, end: 'completed', at: '10:00', wait: 480, start: 60, service: 1200 },
  { svc: 1, by: 0, end: 'no_show', at: '10:20', wait: 1800 },
  { svc: 0, end: 'cancelled', at: '11:00' },
  { svc: 1, by: 1, end: 'completed', at: '11:30', wait: 600, start: 60, service: 240, rating: 4, complaint: true },
];

async function scriptedDay() {
  const d = await makeDepartment({ prefixes: ['A', 'B'], staff: 2 });
  sql(`UPDATE departments SET sla_wait_minutes = 10 WHERE id = ${d.id}`);
  const admin = (await login('admin')).access_token;
  const manager = makeUser('manager', d.id);
  d.managerToken = (await login(manager.username)).access_token;
  d.adminToken = admin;
  for (const s of SCRIPT) {
    const t = (await api('POST', '/tickets', { body: { service_id: d.services[s.svc] } })).json;
    s.id = Number(sql(`SELECT id FROM tickets WHERE public_id = '${t.public_id}'`));
    s.public_id = t.public_id;
    if (s.end === 'cancelled') {
      assert.equal((await api('POST', `/tickets/track/${t.public_id}/cancel`)).status, 200);
      continue;
    }
    const who = d.staff[s.by];
    const call = await api('POST', `/tickets/${s.id}/call`, { token: who.token, body: { counter_id: who.counter } });
    assert.equal(call.status, 200, call.text);
    if (s.end === 'no_show') {
      assert.equal((await api('POST', `/tickets/${s.id}/no-show`, { token: who.token })).status, 200);
      continue;
    }
    assert.equal((await api('POST', `/tickets/${s.id}/start`, { token: who.token })).status, 200);
    assert.equal((await api('POST', `/tickets/${s.id}/complete`, { token: who.token })).status, 200);
    if (s.rating) {
      const r = await api('POST', `/tickets/track/${t.public_id}/rating`, { body: { rating: s.rating } });
      assert.equal(r.status, 200, r.text);
    }
    if (s.complaint) {
      const r = await api('POST', `/tickets/track/${t.public_id}/complaints`,
        { body: { category: 'wait_time', message: 'Too slow' } });
      assert.equal(r.status, 201, r.text);
    }
  }
  // move the day to DAY at the script's local times
  for (const s of SCRIPT) {
    const at = `(timestamp '${DAY} ${s.at}' AT TIME ZONE 'Europe/Berlin')`;
    const called = s.wait !== undefined ? `${at} + interval '${s.wait} seconds'` : 'NULL';
    const serving = s.start !== undefined ? `${at} + interval '${s.wait + s.start} seconds'` : 'NULL';
    const done = s.service !== undefined ? `${at} + interval '${s.wait + s.start + s.service} seconds'`
      : s.end === 'completed' ? 'NULL' : 'completed_at';
    sql(`UPDATE tickets SET service_day = '${DAY}', created_at = ${at}, queued_at = ${at},
           called_at = ${called}, serving_at = ${serving}, completed_at = ${done} WHERE id = ${s.id}`);
  }
  return d;
}

// the figures of a group of script entries, as the contract defines them
function expected(entries) {
  const called = entries.filter((s) => s.wait !== undefined);
  const waits = called.map((s) => s.wait);
  const services = entries.filter((s) => s.end === 'completed').map((s) => s.service);
  const ratings = entries.filter((s) => s.rating).map((s) => s.rating);
  return {
    arrivals: entries.length,
    served: services.length,
    no_shows: entries.filter((s) => s.end === 'no_show').length,
    cancelled: entries.filter((s) => s.end === 'cancelled').length,
    avg_wait_seconds: waits.length ? round1(avg(waits)) : null,
    p90_wait_seconds: waits.length ? round1(p90(waits)) : null,
    avg_service_seconds: services.length ? round1(avg(services)) : null,
    sla_met_pct: waits.length ? round1(100 * waits.filter((w) => w <= 600).length / waits.length) : null,
    avg_rating: ratings.length ? Math.round(avg(ratings) * 100) / 100 : null,
    ratings: ratings.length,
  };
}

function pick(obj, keys) {
  return Object.fromEntries(keys.map((k) => [k, obj[k]]));
}

let day;    // the scripted department, made once
async function scripted() {
  if (!day) day = await scriptedDay();
  return day;
}

test('summary: every figure of a scripted day, exactly', async () => {
  const d = await scripted();
  const r = await api('GET', `/dashboard/summary?department_id=${d.id}&date=${DAY}`, { token: d.managerToken });
  assert.equal(r.status, 200, r.text);
  checkSummary(d, r.json);
});

// The summary of the scripted day, figure by figure (read from the tickets,
// or from the daily rollup once the alert job has filled it: the same)
function checkSummary(d, s) {
  const want = expected(SCRIPT);
  // the hand-computed values, so that a mistake in expected() cannot hide one
  assert.deepEqual(want, {
    arrivals: 6, served: 4, no_shows: 1, cancelled: 1, avg_wait_seconds: 876, p90_wait_seconds: 1560,
    avg_service_seconds: 585, sla_met_pct: 60, avg_rating: 4, ratings: 3,
  });
  assert.deepEqual(pick(s, Object.keys(want)), want);
  assert.equal(s.date, DAY);
  assert.equal(s.department_id, d.id);
  assert.equal(s.timezone, 'Europe/Berlin');
  assert.equal(s.sla_wait_minutes, 10);
  // now: nothing waits, both counters open, one complaint open
  assert.deepEqual(pick(s, ['waiting_now', 'serving_now', 'open_counters', 'open_complaints']),
    { waiting_now: 0, serving_now: 0, open_counters: 2, open_complaints: 1 });
  assert.equal(s.me, undefined, 'a manager has no own figures');
  assert.equal(s.by_department, undefined);

  // by service
  assert.equal(s.by_service.length, 2);
  for (const [i, svc] of d.services.entries()) {
    const row = s.by_service.find((x) => x.service_id === svc);
    assert.deepEqual(pick(row, Object.keys(want)), expected(SCRIPT.filter((e) => e.svc === i)));
    assert.equal(row.waiting_now, 0);
  }
  assert.deepEqual(pick(s.by_service[0], Object.keys(want)), {
    arrivals: 3, served: 2, no_shows: 0, cancelled: 1, avg_wait_seconds: 750, p90_wait_seconds: 1110,
    avg_service_seconds: 450, sla_met_pct: 50, avg_rating: 4, ratings: 2,
  });

  // by local hour: 23 hours that day, 02:00 never happened
  assert.equal(s.by_hour.length, 23);
  assert.deepEqual(s.by_hour.map((h) => h.hour), [0, 1, ...Array.from({ length: 21 }, (_, i) => i + 3)]);
  assert.equal(s.by_hour[0].start, '2026-03-28T23:00:00Z');
  const h = (n) => s.by_hour.find((x) => x.hour === n);
  assert.deepEqual(h(9), { hour: 9, start: '2026-03-29T07:00:00Z', arrivals: 2, served: 2, avg_wait_seconds: 750 });
  assert.deepEqual(h(10), { hour: 10, start: '2026-03-29T08:00:00Z', arrivals: 2, served: 1, avg_wait_seconds: 1140 });
  assert.deepEqual(h(11), { hour: 11, start: '2026-03-29T09:00:00Z', arrivals: 2, served: 1, avg_wait_seconds: 600 });
  assert.equal(s.by_hour.reduce((n, x) => n + x.arrivals, 0), 6);
  assert.equal(s.by_hour.reduce((n, x) => n + x.served, 0), 4);
}

test('the trend day, the staff table, the CSV and the summary agree to the ticket', async () => {
  const d = await scripted();
  const t = await api('GET', `/dashboard/trend?department_id=${d.id}&from=2026-03-28&to=2026-03-30`, { token: d.managerToken });
  assert.equal(t.status, 200, t.text);
  assert.equal(t.json.total, 3);
  assert.deepEqual(t.json.items.map((i) => i.date), ['2026-03-28', DAY, '2026-03-30']);
  const want = expected(SCRIPT);
  assert.deepEqual(pick(t.json.items[1], Object.keys(want)), want);
  assert.deepEqual(pick(t.json.items[0], Object.keys(want)), expected([]));

  // the staff table
  const p = await api('GET', `/dashboard/staff-performance?department_id=${d.id}&from=${DAY}&to=${DAY}`, { token: d.managerToken });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.total, 2);
  const row = (i) => p.json.items.find((x) => x.user_id === d.staff[i].id);
  assert.deepEqual(pick(row(0), ['served', 'avg_service_seconds', 'avg_call_to_start_seconds', 'no_shows', 'avg_rating', 'complaints']),
    { served: 2, avg_service_seconds: 900, avg_call_to_start_seconds: 60, no_shows: 1, avg_rating: 5, complaints: 0 });
  assert.deepEqual(pick(row(1), ['served', 'avg_service_seconds', 'avg_call_to_start_seconds', 'no_shows', 'avg_rating', 'complaints']),
    { served: 2, avg_service_seconds: 270, avg_call_to_start_seconds: 60, no_shows: 0, avg_rating: 3.5, complaints: 1 });
  assert.equal(p.json.items.reduce((n, x) => n + x.served, 0), want.served);

  // the CSV: one row per ticket, the same waits and statuses
  const c = await csv(`/dashboard/export.csv?department_id=${d.id}&from=${DAY}&to=${DAY}`, d.managerToken);
  assert.equal(c.status, 200);
  assert.match(c.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(c.headers.get('content-disposition'), new RegExp(`^attachment; filename="qstream-department-${d.id}-${DAY}-to-${DAY}\\.csv"$`));
  const rows = records(c.text);
  assert.equal(rows.length, want.arrivals);
  assert.equal(rows.filter((r) => r.status === 'completed').length, want.served);
  assert.equal(rows.filter((r) => r.status === 'no_show').length, want.no_shows);
  const waits = rows.filter((r) => r.wait_seconds !== '').map((r) => Number(r.wait_seconds));
  assert.equal(round1(avg(waits)), want.avg_wait_seconds);
  assert.equal(rows.filter((r) => r.within_sla === 'yes').length, 3);
  // local times with their offset: after the clocks went forward, +02:00
  assert.equal(rows[0].created_at, `${DAY}T09:00:00+02:00`);
  assert.equal(rows[0].called_at, `${DAY}T09:05:00+02:00`);
  assert.equal(rows[0].service_day, DAY);
  assert.equal(rows[0].rating, '5');
  assert.equal(rows[0].served_by, 'Test staff');
  assert.equal(rows[4].status, 'cancelled');
  assert.equal(rows[4].called_at, '');
});

test('staff see their department, their own figures and only their own staff row', async () => {
  const d = await scripted();
  const s = await api('GET', `/dashboard/summary?date=${DAY}`, { token: d.staff[1].token });
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.department_id, d.id);
  assert.deepEqual(s.json.me, { served: 2, avg_service_seconds: 270, avg_rating: 3.5, ratings: 2, no_shows: 0 });
  const p = await api('GET', `/dashboard/staff-performance?from=${DAY}&to=${DAY}`, { token: d.staff[1].token });
  assert.equal(p.status, 200);
  assert.deepEqual(p.json.items.map((x) => x.user_id), [d.staff[1].id]);
  assert.equal(p.json.total, 1);
});

test('admin: all departments together, with one row per department', async () => {
  const d = await scripted();
  const r = await api('GET', `/dashboard/summary?date=${DAY}`, { token: d.adminToken });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.department_id, null);
  assert.equal(r.json.timezone, null);
  const mine = r.json.by_department.find((x) => x.department_id === d.id);
  assert.ok(mine, 'the scripted department has its row');
  assert.deepEqual(pick(mine, ['arrivals', 'served', 'avg_wait_seconds', 'sla_met_pct', 'open_counters', 'open_complaints']),
    { arrivals: 6, served: 4, avg_wait_seconds: 876, sla_met_pct: 60, open_counters: 2, open_complaints: 1 });
  // the whole is the sum of the rows
  assert.equal(r.json.arrivals, r.json.by_department.reduce((n, x) => n + x.arrivals, 0));
  assert.equal(r.json.served, r.json.by_department.reduce((n, x) => n + x.served, 0));
  assert.equal(r.json.waiting_now, r.json.by_department.reduce((n, x) => n + x.waiting_now, 0));
  assert.equal(r.json.by_hour.length, 24);
  assert.ok(r.json.by_service.some((x) => x.department_id === d.id));
  // an admin may also look at one department
  const one = await api('GET', `/dashboard/summary?department_id=${d.id}&date=${DAY}`, { token: d.adminToken });
  assert.equal(one.json.arrivals, 6);
});

test('access: every dashboard route, by role and department', async () => {
  const d = await scripted();
  const other = await makeDepartment({ prefixes: ['X'], staff: 1, counters: false });
  const cases = [
    // [token, query, expected status]
    [d.managerToken, `department_id=${d.id}`, 200],
    [d.managerToken, '', 200],
    [d.managerToken, `department_id=${other.id}`, 404],
    [d.staff[0].token, `department_id=${d.id}`, 200],
    [d.staff[0].token, `department_id=${other.id}`, 404],
    [other.staff[0].token, `department_id=${d.id}`, 404],
    [d.adminToken, `department_id=${other.id}`, 200],
    [d.adminToken, '', 200],
    [d.adminToken, 'department_id=999999999', 404],
    [undefined, `department_id=${d.id}`, 401],
  ];
  for (const route of ROUTES) {
    for (const [token, q, status] of cases) {
      const r = await api('GET', `/dashboard/${route}?${q}`, { token });
      assert.equal(r.status, status, `${route}?${q}: ${r.text.slice(0, 200)}`);
      if (status !== 200) {
        assert.ok(r.json?.error?.code, `${route}: a JSON error`);
        assert.doesNotMatch(r.text, /Test staff|Too slow/);
      }
    }
  }
  // a manager without department_id gets their own
  const own = await api('GET', '/dashboard/trend', { token: d.managerToken });
  assert.equal(own.json.department_id, d.id);
  assert.equal(own.json.total, 30);
});

test('bad parameters are 400 with the field named, never a 5xx', async () => {
  const d = await scripted();
  const cases = [
    ['summary?date=2026-02-30', 'date'], ['summary?date=2026-13-01', 'date'],
    ['summary?date=26-01-01', 'date'], ['summary?date=2026-+1-05', 'date'],
    ['summary?date=2026- 1-05', 'date'], ['summary?date=2026-01-05x', 'date'],
    ['summary?date=', 'date'], ['summary?date=%00', 'date'],
    ['trend?from=2026-03-02&to=2026-03-01', 'from'], ['trend?from=2025-01-01&to=2026-01-02', 'to'],
    ['trend?from=2025-02-29', 'from'], ['export.csv?to=2026-1-1', 'to'],
    ['export.csv?from=2026-03-02&to=2026-03-01', 'from'],
    ['staff-performance?from=2020-01-01&to=2026-01-01', 'to'],
    ['summary?department_id=abc', 'department_id'], ['summary?department_id=1.5', 'department_id'],
    ['summary?department_id=-1', 'department_id'], ['alerts?department_id=0', 'department_id'],
    ['summary?department_id=99999999999999999999999', 'department_id'],
    ['staff-performance?limit=0', 'limit'], ['staff-performance?limit=201', 'limit'],
  ];
  for (const [q, field] of cases) {
    const r = await api('GET', `/dashboard/${q}`, { token: d.adminToken });
    assert.equal(r.status, 400, `${q}: ${r.status} ${r.text.slice(0, 200)}`);
    assert.equal(r.json.error.code, 'validation_failed');
    assert.equal(r.json.error.details[0].field, field, q);
  }
  // 366 days is the longest range; the leap day exists in 2028
  const ok = await api('GET', '/dashboard/trend?from=2028-01-01&to=2028-12-31', { token: d.managerToken });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.total, 366);
});

test('DST: the day the clocks go back has 25 hours, 02:00 twice', async () => {
  const d = await scripted();
  const r = await api('GET', `/dashboard/summary?department_id=${d.id}&date=2026-10-25`, { token: d.managerToken });
  assert.equal(r.status, 200);
  assert.equal(r.json.by_hour.length, 25);
  const twos = r.json.by_hour.filter((h) => h.hour === 2);
  assert.deepEqual(twos.map((h) => h.start), ['2026-10-25T00:00:00Z', '2026-10-25T01:00:00Z']);
  // a ticket at the second 02:30 (winter time) lands in the second 02 hour
  const t = (await api('POST', '/tickets', { body: { service_id: d.services[0] } })).json;
  sql(`UPDATE tickets SET service_day = '2026-10-25', created_at = '2026-10-25T01:30:00Z', queued_at = '2026-10-25T01:30:00Z',
         status = 'cancelled' WHERE public_id = '${t.public_id}'`);
  const again = await api('GET', `/dashboard/summary?department_id=${d.id}&date=2026-10-25`, { token: d.managerToken });
  const second = again.json.by_hour.filter((h) => h.hour === 2)[1];
  assert.equal(second.arrivals, 1);
  assert.equal(again.json.by_hour.filter((h) => h.hour === 2)[0].arrivals, 0);
  const c = records((await csv(`/dashboard/export.csv?department_id=${d.id}&from=2026-10-25&to=2026-10-25`, d.managerToken)).text);
  assert.equal(c[0].created_at, '2026-10-25T02:30:00+01:00');
});

test('CSV: hostile customer names are quoted and neutralised', async () => {
  const d = await makeDepartment({ prefixes: ['H'], staff: 1 });
  const manager = makeUser('manager', d.id);
  const token = (await login(manager.username)).access_token;
  const names = ['=HYPERLINK("http://evil.example","click")', '+SUM(A1:A9)', '-2+3', '@cmd', '\tTabbed',
    '\rReturn', 'Comma, Name', 'Quote "Q" Person', 'Line\nBreak', 'Žluťoučký kůň 🐴', 'Plain Name'];
  for (const customer_name of names) {
    const r = await api('POST', '/tickets', { body: { service_id: d.services[0], customer_name } });
    assert.equal(r.status, 201, r.text);
  }
  const c = await csv(`/dashboard/export.csv?department_id=${d.id}`, token);
  assert.equal(c.status, 200);
  const rows = records(c.text);
  assert.equal(rows.length, names.length);
  const got = rows.map((r) => r.customer_name);
  assert.deepEqual(got, names.map((n) => (/^[=+\-@\t\r]/.test(n) ? `'${n}` : n)));
  // nothing a spreadsheet would run: no cell starts with a formula character
  for (const r of rows) for (const v of Object.values(r)) assert.doesNotMatch(v, /^[=+\-@\t\r]/);
  // and the raw text quotes what must be quoted
  assert.ok(c.text.includes('"\'=HYPERLINK(""http://evil.example"",""click"")"'));
  assert.ok(c.text.includes('"Comma, Name"'));
  assert.ok(c.text.includes('"Line\nBreak"'));
});

test('alerts arrive by themselves: no open counter, a ticket over its target, an idle counter', { timeout: 600000 }, async () => {
  const d = await makeDepartment({ prefixes: ['Q'], staff: 1, counters: false });
  const manager = makeUser('manager', d.id);
  const token = (await login(manager.username)).access_token;
  const ws = new WsClient();
  clients.push(ws);
  await ws.opened;
  ws.send({ type: 'join', channel: `department:${d.id}` });
  await ws.next((m) => m.type === 'joined', 5000, 'joined');
  // the stack's alert job: scripts/dev test runs it every second with a
  // counter idle after 3 s; read what this stack has rather than assume
  const conf = readFileSync(`${STATE}/qstream.conf`, 'utf8');
  const key = (k) => Number(conf.match(new RegExp(`^${k} = (\\d+)$`, 'm'))[1]);
  const idle = key('alert_idle_s'), interval = key('alert_interval_s');
  const wait = (idle + 2 * interval) * 1000 + 10000;
  // Each change of the set arrives as an event on the (public) socket with a
  // count only; the alerts are read with the manager's token. Wait for
  // events until the REST list satisfies pred; returns the event and the list.
  const alertsEvent = async (pred, what) => {
    for (;;) {
      const ev = await ws.next((m) => m.type === 'alerts_updated', wait, what);
      assert.deepEqual(Object.keys(ev).sort(), ['alerts_total', 'channel', 'department_id', 'seq', 'ts', 'type', 'waiting'],
        'nothing of the alerts themselves on a public socket');
      const list = (await api('GET', `/dashboard/alerts?department_id=${d.id}`, { token })).json.items;
      if (pred(list)) {
        assert.ok(Number.isInteger(ev.alerts_total));
        return { ...ev, alerts: list };
      }
    }
  };
  const has = (type) => (alerts) => alerts.some((a) => a.type === type);

  // a ticket and no open counter: the queue cannot be cleared at all
  const t1 = (await api('POST', '/tickets', { body: { service_id: d.services[0] } })).json;
  const ev1 = await alertsEvent(has('queue_over_capacity'), 'queue_over_capacity');
  const qa = ev1.alerts.find((a) => a.type === 'queue_over_capacity');
  assert.equal(qa.severity, 'critical');
  assert.equal(qa.service_id, d.services[0]);
  assert.equal(qa.department_id, d.id);
  assert.equal(ev1.department_id, d.id);
  assert.ok(Number.isInteger(ev1.seq));
  const listed = await api('GET', `/dashboard/alerts?department_id=${d.id}`, { token });
  assert.ok(listed.json.items.some((a) => a.key === qa.key), 'the REST list shows it too');

  // the ticket has waited past the target (backdated): ticket_over_sla
  sql(`UPDATE tickets SET created_at = now() - interval '20 minutes' WHERE public_id = '${t1.public_id}'`);
  const ev2 = await alertsEvent(has('ticket_over_sla'), 'ticket_over_sla');
  const sa = ev2.alerts.find((a) => a.type === 'ticket_over_sla');
  assert.equal(sa.ticket_number, t1.ticket_number);
  assert.equal(sa.value, 1);
  assert.equal(sa.threshold, 15);

  // the counter opens: the queue can be cleared, but nobody is called...
  const staff = d.staff[0];
  assert.equal((await api('POST', `/counters/${staff.counter}/open`, { token: staff.token })).status, 200);
  const ev3 = await alertsEvent((a) => has('counter_idle')(a) && !has('queue_over_capacity')(a), 'counter_idle');
  const ia = ev3.alerts.find((a) => a.type === 'counter_idle');
  assert.equal(ia.counter_id, staff.counter);
  assert.equal(ia.threshold, idle);
  // ...until the ticket is called: every alert is gone
  const call = await api('POST', '/tickets/call-next', { token: staff.token, body: { counter_id: staff.counter } });
  assert.equal(call.status, 200, call.text);
  await alertsEvent((a) => a.length === 0, 'no alerts');
  const none = await api('GET', `/dashboard/alerts?department_id=${d.id}`, { token });
  assert.deepEqual(none.json.items, []);
});

test('the daily rollup answers the trend for closed days and is never stale', { timeout: 120000 }, async () => {
  const d = await scripted();
  const row = () => sql(`SELECT coalesce((SELECT filled::text FROM dashboard_days
                                           WHERE department_id = ${d.id} AND service_day = '${DAY}'
                                             AND service_id = 0), 'none')`);
  // the alert job fills closed days by itself
  await until(() => row() === 'true', 60000, 'the rollup of the scripted day');
  const trend = async () => (await api('GET', `/dashboard/trend?department_id=${d.id}&from=${DAY}&to=${DAY}`,
    { token: d.managerToken })).json.items[0];
  const want = expected(SCRIPT);
  assert.deepEqual(pick(await trend(), Object.keys(want)), want);
  // the summary of a day the rollup holds reads it, with the same figures
  const rolled = await api('GET', `/dashboard/summary?department_id=${d.id}&date=${DAY}`, { token: d.managerToken });
  checkSummary(d, rolled.json);
  // the trend reads the rollup (a figure changed in the table shows)...
  sql(`UPDATE dashboard_days SET served = served + 1000 WHERE department_id = ${d.id} AND service_day = '${DAY}' AND service_id = 0`);
  assert.equal((await trend()).served, want.served + 1000);
  // ...and a change to a ticket of that day drops the row in its own
  // transaction: the very next trend is computed from the tickets
  const unrated = SCRIPT[2].id;
  sql(`UPDATE tickets SET rating = 1 WHERE id = ${unrated}`);
  assert.equal(row(), 'none');
  const now = await trend();
  assert.equal(now.served, want.served);
  assert.equal(now.ratings, 4);
  assert.equal(now.avg_rating, 3.25);
  const summary = (await api('GET', `/dashboard/summary?department_id=${d.id}&date=${DAY}`, { token: d.managerToken })).json;
  assert.equal(summary.avg_rating, 3.25);
  sql(`UPDATE tickets SET rating = NULL WHERE id = ${unrated}`);
  assert.deepEqual(pick(await trend(), Object.keys(want)), want);
  // and a change of the department's target drops its rows too
  await until(() => row() === 'true', 60000, 'the rollup again');
  sql(`UPDATE departments SET sla_wait_minutes = 30 WHERE id = ${d.id}`);
  assert.equal(row(), 'none');
  assert.equal((await trend()).sla_met_pct, 100);
  sql(`UPDATE departments SET sla_wait_minutes = 10 WHERE id = ${d.id}`);
  assert.equal((await trend()).sla_met_pct, 60);
});

// The alert job's clear and fill take the rollup's lock, then rows of many
// days; a change of a department's target deletes all of its days' rows.
// Without the lock first on both sides the two could deadlock (seen once in a
// full run); with it, the change waits for the lock before it touches a row.
test('a change of the target waits for the rollup lock, never for a row the job holds', { timeout: 60000 }, async () => {
  const dept = Number(sql(`INSERT INTO departments (name, timezone) VALUES ('Rollup lock', 'UTC') RETURNING id`));
  sql(`INSERT INTO dashboard_days (department_id, service_day)
       SELECT ${dept}, current_date - g FROM generate_series(3, 6) g`);
  const psql = (appName) => spawn('psql', [DB_URL, '-AtXq', '-v', 'ON_ERROR_STOP=1'],
    { env: { ...process.env, PGAPPNAME: appName }, stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = (p) => new Promise((resolve) => p.on('exit', (code) => resolve(code)));
  // the job's side, as qs_dashboard_rollup_clear: the lock, then a row of the department
  const job = psql('qstream-test-rollup-job');
  const jobDone = exited(job);
  let jobOut = '';
  job.stdout.on('data', (b) => { jobOut += b; });
  job.stdin.write(`BEGIN;
SELECT qs_rollup_lock();
SELECT 1 FROM dashboard_days WHERE department_id = ${dept} AND service_day = current_date - 6 FOR UPDATE;
\\echo locked
`);
  await until(() => jobOut.includes('locked'), 20000, "the job's locks");
  // the manager's side: a new target
  const change = psql('qstream-test-rollup-change');
  const changeDone = exited(change);
  try {
    change.stdin.end(`UPDATE departments SET sla_wait_minutes = 25 WHERE id = ${dept};\n`);
    let waited = '';
    await until(() => (waited = sql(`SELECT coalesce(wait_event_type || ':' || wait_event, '')
                                       FROM pg_stat_activity WHERE application_name = 'qstream-test-rollup-change'`))
                      .startsWith('Lock:'), 20000, 'the change to wait');
    assert.equal(waited, 'Lock:advisory', 'the change waits for the rollup lock, not for a row');
    job.stdin.end('COMMIT;\n');
    assert.equal(await jobDone, 0);
    assert.equal(await changeDone, 0);
  } finally {
    // a failed check leaves neither session holding its locks
    job.kill();
    change.kill();
  }
  assert.equal(sql(`SELECT sla_wait_minutes FROM departments WHERE id = ${dept}`), '25');
  assert.equal(sql(`SELECT count(*) FROM dashboard_days WHERE department_id = ${dept}`), '0');
});

test('a second alert job stands by, publishes nothing twice, and takes over when the first stops', { timeout: 120000 }, async () => {
  const conf = readFileSync(`${STATE}/qstream.conf`, 'utf8');
  const interval = Number(conf.match(/^alert_interval_s = (\d+)$/m)[1]);
  const d = await makeDepartment({ prefixes: ['J'], staff: 1, counters: false });
  const ws = new WsClient();
  clients.push(ws);
  await ws.opened;
  ws.send({ type: 'join', channel: `department:${d.id}` });
  await ws.next((m) => m.type === 'joined', 5000, 'joined');
  // a second job beside the stack's own, as on a second host
  const [cmd, ...args] = stack.daemonArgv('alerts');
  // a log of its own, emptied: what earlier runs wrote there does not count
  const log = openSync(`${STATE}/log/alerts-second.log`, 'w');
  const second = spawn(cmd, args, { detached: true, stdio: ['ignore', log, log] });
  const secondLog = () => readFileSync(`${STATE}/log/alerts-second.log`, 'utf8');
  await until(() => secondLog().includes('event=alert_job_started'), 10000, 'the second job to start');
  let firstStopped = false;
  try {
    // one change of the set (a ticket, no counter open): one event, not two
    const seq0 = Number(sql(`SELECT event_seq FROM departments WHERE id = ${d.id}`));
    await api('POST', '/tickets', { body: { service_id: d.services[0] } });
    const first = await ws.next((m) => m.type === 'alerts_updated', (interval * 3 + 10) * 1000, 'alerts_updated');
    assert.equal(first.seq, seq0 + 2, 'the ticket, then the alert');
    await new Promise((r) => setTimeout(r, (interval * 3 + 1) * 1000));
    assert.equal(ws.messages.filter((m) => m.type === 'alerts_updated').length, 0, 'published once');
    assert.ok(!secondLog().includes('event=alert_job_leading'), 'the second stood by');
    // the first job stops: the second leads and publishes the next change
    await stack.daemonStop('alerts');
    firstStopped = true;
    await until(() => secondLog().includes('event=alert_job_leading'), (interval * 3 + 10) * 1000, 'the second to lead');
    assert.equal((await api('POST', `/counters/${d.staff[0].counter}/open`, { token: d.staff[0].token })).status, 200);
    const next = await ws.next((m) => m.type === 'alerts_updated', (interval * 3 + 10) * 1000, 'alerts_updated from the second');
    assert.ok(next.seq > first.seq);
  } finally {
    second.kill('SIGTERM');
    await until(() => second.exitCode !== null || second.signalCode !== null, 10000, 'the second job to stop');
    if (firstStopped) stack.daemonStart('alerts');
  }
});
