// Browser test (issue 9): the manager's live overview, on a department of its
// own made through the API as an admin would (a department, three services,
// two counters, a manager and two staff members), with a realistic morning of
// tickets behind it (taken, called, served, a no-show, a cancellation,
// ratings, a complaint; their times moved back over the morning in the
// database, since a test cannot wait for a morning to pass).
//
//   (1) the manager watches the overview while, at another desk (the API, as
//       a staff member), a ticket is taken, called, started and completed:
//       the waiting and served figures follow without a reload;
//   (2) a staff member with an open counter who does nothing while people
//       wait raises a "counter idle" alert on the manager's screen by itself
//       (the alert job's clock, no request from anyone), and it goes away
//       when they call the ticket;
//   (3) "Export CSV" downloads the range's tickets: a header row and every
//       ticket of the department;
//   (4) the admin sees the department among all of them and opens its view;
//   (5) the staff member sees their own day on their console.
// It saves the overview at 1280x800 as tests/e2e/artifacts/manager-overview.png
// (the README's docs/screenshots/manager-overview.png is a copy of it).
//
//   QSTREAM_URL=... QSTREAM_DB_URL=... QSTREAM_STATE_DIR=... node --test tests/e2e/dashboard.test.mjs
//
// scripts/dev test exports all of these; the alert job's interval and idle
// threshold are read from the stack's qstream.conf (the test stack sets them
// to seconds). Waits are generous; nothing is timed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { launchBrowser, newPage as newRecordingPage, screenshot } from './support/browser.mjs';
import { makeDepartment, ok } from './support/department.mjs';
import { assertNoSidewaysSpill, markPage, signInAs } from './support/pages.mjs';
import { api, DEMO_PASSWORD, sql, STATE, until } from '../api/lib.mjs';

const TIMEOUT_MS = 15_000;
const VIEWPORT = { width: 1280, height: 800 };
const SLA_MINUTES = 15;
const tag = randomBytes(3).toString('hex');
const PASSWORD = `Dash-${randomBytes(6).toString('hex')}-board`;

let browser;
const pageErrors = [];
/** What before() made: { id, timezone, services: [{id, prefix}], counters: [id, id], manager, staff: [{id, username, token}] } */
const dept = {};
/** Every ticket the department has (number → public id), for the CSV check. */
const tickets = new Map();
/** The manager's overview, open from test (1) on. */
let overview = null;
let notReloaded = null;

/* ---- the stack's alert job ---- */

/** `key = value` of the stack's configuration (what scripts/dev wrote). */
function stackConfig() {
  const conf = {};
  if (!STATE) return conf;
  for (const line of readFileSync(`${STATE}/qstream.conf`, 'utf8').split('\n')) {
    const m = /^\s*([a-z_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) conf[m[1]] = m[2];
  }
  return conf;
}

const conf = stackConfig();
const ALERT_INTERVAL_S = Number(conf.alert_interval_s ?? 15);
const ALERT_IDLE_S = Number(conf.alert_idle_s ?? 120);
/** An alert becomes true after the idle time and reaches the screen within one run of the job. */
const ALERT_TIMEOUT_MS = (ALERT_IDLE_S + 2 * ALERT_INTERVAL_S) * 1000 + TIMEOUT_MS;

/* ---- helpers ---- */

function newPage(viewport = VIEWPORT) {
  return newRecordingPage(browser, viewport, pageErrors);
}

/**
 * A real IANA zone where it is early afternoon now, so that the test's morning
 * (08:00 until now) lies inside today's service day whenever the test runs.
 */
function afternoonZone(now = new Date()) {
  const zones = [
    'Pacific/Kiritimati', 'Pacific/Tongatapu', 'Pacific/Fiji', 'Pacific/Noumea', 'Australia/Brisbane',
    'Asia/Tokyo', 'Asia/Shanghai', 'Asia/Bangkok', 'Asia/Dhaka', 'Asia/Kolkata', 'Asia/Karachi', 'Asia/Dubai',
    'Europe/Moscow', 'Europe/Athens', 'Europe/Berlin', 'Europe/London', 'Atlantic/Azores', 'America/Noronha',
    'America/Sao_Paulo', 'America/Halifax', 'America/New_York', 'America/Chicago', 'America/Denver',
    'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu', 'Pacific/Pago_Pago',
  ];
  const localMinutes = (zone) => {
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(now);
    const get = (type) => Number(parts.find((p) => p.type === type).value);
    return get('hour') * 60 + get('minute');
  };
  const target = 13 * 60 + 30;
  let best = null;
  for (const zone of zones) {
    const m = localMinutes(zone);
    if (!best || Math.abs(m - target) < Math.abs(best.minutes - target)) best = { zone, minutes: m };
  }
  return best;
}

async function takeTicket(serviceId, token) {
  // With a staff token: the per-address limit of public tickets does not apply.
  const t = await ok(await api('POST', '/tickets', { token, body: { service_id: serviceId } }), 'POST /tickets', 201);
  tickets.set(t.ticket_number, t.public_id);
  return t;
}

async function ticketId(publicId) {
  return Number(sql(`SELECT id FROM tickets WHERE public_id = '${publicId}'`));
}

async function act(token, id, action, body) {
  return ok(await api('POST', `/tickets/${id}/${action}`, { token, body }), `POST /tickets/${id}/${action}`);
}

/** A figure tile's number (data-value; null for a figure that cannot be computed). */
async function kpi(page, id) {
  const value = await page.getByTestId(`kpi-${id}`).getAttribute('data-value');
  return value === '' || value === null ? null : Number(value);
}

async function untilKpi(page, id, expected, what) {
  let last;
  try {
    await until(async () => (last = await kpi(page, id)) === expected, TIMEOUT_MS, what);
  } catch (err) {
    err.message += `: the page shows ${last}, expected ${expected}`;
    throw err;
  }
}

function summaryOf(token) {
  return api('GET', `/dashboard/summary?department_id=${dept.id}`, { token });
}

/** RFC 4180: rows of fields (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/* ---- the department and its morning ---- */

/**
 * The morning: tickets in three services from 08:00 local until a few minutes
 * ago, most served by one of the two staff members, a no-show and a
 * cancellation, ratings and a complaint; four people still wait. Everything
 * goes through the API; then the times are moved back over the morning.
 */
async function makeMorning(localMinutesNow) {
  const [s1, s2] = dept.staff;
  const [registration, consultation, pharmacy] = dept.services;
  const start = 8 * 60 + 5;
  const end = localMinutesNow - 30;
  // [service, wait min, service min, outcome, rating]; spaced evenly over the morning
  const plan = [
    [registration, 2, 3, 'completed', 5], [consultation, 4, 7, 'completed', 5], [registration, 3, 2, 'completed', null],
    [pharmacy, 1, 4, 'completed', 4], [consultation, 6, 9, 'completed', 5], [registration, 8, 3, 'completed', null],
    [consultation, 12, 8, 'completed', 4], [registration, 9, 2, 'no_show', null], [pharmacy, 5, 5, 'completed', 5],
    [consultation, 17, 6, 'completed', 3], [registration, 14, 3, 'completed', null], [consultation, 21, 7, 'completed', 4],
    [pharmacy, 11, 4, 'completed', null], [registration, 7, 2, 'cancelled', null], [consultation, 13, 8, 'completed', 5],
    [registration, 6, 3, 'completed', 5], [pharmacy, 4, 3, 'completed', null], [consultation, 9, 6, 'completed', 4],
    [registration, 3, 2, 'completed', 5], [consultation, 5, 7, 'completed', null],
  ];
  const step = Math.max(1, (end - start) / plan.length);
  const times = [];
  for (let i = 0; i < plan.length; i++) {
    const [service, wait, serve, outcome, rating] = plan[i];
    const staff = dept.staff[i % 2];
    const counter = dept.counters[i % 2];
    const t = await takeTicket(service.id, s1.token);
    const id = await ticketId(t.public_id);
    const createdAgo = Math.round((localMinutesNow - (start + i * step)) * 60);
    if (outcome === 'cancelled') {
      await act(staff.token, id, 'cancel');
      times.push({ id, created: createdAgo, called: null, serving: null, completed: null });
      continue;
    }
    await act(staff.token, id, 'call', { counter_id: counter });
    if (outcome === 'no_show') {
      await act(staff.token, id, 'no-show');
      times.push({ id, created: createdAgo, called: createdAgo - wait * 60, serving: null, completed: null });
      continue;
    }
    await act(staff.token, id, 'start');
    await act(staff.token, id, 'complete', {});
    const called = createdAgo - wait * 60;
    const serving = called - 45;
    times.push({ id, created: createdAgo, called, serving, completed: serving - serve * 60 });
    if (rating !== null) {
      await ok(await api('POST', `/tickets/track/${t.public_id}/rating`, { body: { rating } }), 'rating');
    }
    if (i === 9) {
      await ok(
        await api('POST', `/tickets/track/${t.public_id}/complaints`, {
          body: { category: 'wait_time', message: 'Waited a long time for my appointment.' },
        }),
        'complaint',
        201,
      );
    }
  }
  // Four people wait now, one of them for longer than the target.
  for (const [service, ago] of [[consultation, SLA_MINUTES + 4], [registration, 9], [pharmacy, 6], [consultation, 2]]) {
    const t = await takeTicket(service.id, s2.token);
    times.push({ id: await ticketId(t.public_id), created: ago * 60, called: null, serving: null, completed: null });
  }

  const ago = (s) => (s === null ? 'NULL::timestamptz' : `now() - interval '${Math.max(0, s)} seconds'`);
  const values = times
    .map((t) => `(${t.id}, ${ago(t.created)}, ${ago(t.called)}, ${ago(t.serving)}, ${ago(t.completed)})`)
    .join(',\n');
  sql(`UPDATE tickets t
          SET created_at = v.created, queued_at = v.created,
              called_at = coalesce(v.called, t.called_at), serving_at = coalesce(v.serving, t.serving_at),
              completed_at = coalesce(v.completed, t.completed_at)
         FROM (VALUES ${values}) AS v(id, created, called, serving, completed)
        WHERE t.id = v.id`);
  // Both counters close for lunch: the queue builds up.
  for (const [i, s] of dept.staff.entries()) {
    await ok(await api('POST', `/counters/${dept.counters[i]}/close`, { token: s.token }), 'close counter');
  }
}

before(async () => {
  const { zone, minutes } = afternoonZone();
  await makeDepartment(dept, {
    name: 'City Health Centre',
    timezone: zone,
    slaWaitMinutes: SLA_MINUTES,
    services: [['Registration', 'R', 3], ['Consultation', 'C', 8], ['Pharmacy', 'P', 4]],
    counters: ['Counter 1', 'Counter 2'],
    manager: 'Morgan Manager',
    staff: ['Alex Front', 'Robin Desk'],
    userPrefix: 'dash',
    tag,
    password: PASSWORD,
  });
  for (const [i, s] of dept.staff.entries()) {
    await ok(await api('POST', `/counters/${dept.counters[i]}/open`, { token: s.token }), 'open counter');
  }
  await makeMorning(minutes);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  try {
    // Leave nothing called or open, and take the department out of the admin's lists.
    const [s1] = dept.staff ?? [];
    if (s1) {
      const active = await api('GET', `/tickets?department_id=${dept.id}&status=called,serving&limit=200`, { token: s1.token });
      for (const t of active.json?.items ?? []) {
        await api('POST', `/tickets/${t.id}/${t.status === 'called' ? 'no-show' : 'complete'}`, { token: s1.token, body: t.status === 'serving' ? {} : undefined });
      }
      await api('POST', `/counters/${dept.counters[0]}/close`, { token: s1.token });
    }
    if (dept.id) await api('DELETE', `/departments/${dept.id}`, { token: dept.adminToken });
  } catch (err) {
    console.error(`cleanup: ${err.message}`);
  }
});

describe('the manager’s live overview', () => {
  test('(1) the waiting and served figures follow a ticket served at another desk, without a reload', async () => {
    const initial = await ok(await summaryOf(dept.manager.token), 'summary');
    assert.equal(initial.department_id, dept.id);
    assert.ok(initial.served >= 15, `the morning's tickets are served: ${initial.served}`);
    assert.equal(initial.waiting_now, 4);

    overview = await newPage();
    await signInAs(overview, dept.manager.username, PASSWORD, '/manager', TIMEOUT_MS);
    await overview.locator(`[data-testid="dashboard"][data-department-id="${dept.id}"]`).waitFor({ timeout: TIMEOUT_MS });
    await overview.locator('[data-testid="live-badge"][data-state="live"]').waitFor({ timeout: TIMEOUT_MS });
    await untilKpi(overview, 'served', initial.served, 'the served figure of the REST summary');
    assert.equal(await kpi(overview, 'waiting-now'), initial.waiting_now);
    assert.equal(await kpi(overview, 'arrivals'), initial.arrivals);
    assert.equal(await kpi(overview, 'sla'), initial.sla_met_pct);
    assert.equal((await overview.getByTestId('page-title').innerText()).trim(), dept.name);
    assert.match(await overview.getByTestId('department-overview').innerText(), new RegExp(`${SLA_MINUTES} min`));
    notReloaded = await markPage(overview);

    // The by-hour chart, the waits by service and the staff table are drawn from the same day.
    await overview.locator('[data-testid="hourly-chart"] .recharts-bar-rectangle').first().waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await overview.getByTestId('service-row').count(), 3);
    const staffRows = overview.getByTestId('staff-row');
    await staffRows.first().waitFor({ timeout: TIMEOUT_MS });
    const perf = await ok(
      await api('GET', `/dashboard/staff-performance?department_id=${dept.id}`, { token: dept.manager.token }),
      'staff-performance',
    );
    for (const row of perf.items) {
      const el = overview.locator(`[data-testid="staff-row"][data-user-id="${row.user_id}"]`);
      assert.equal(Number(await el.getAttribute('data-served')), row.served, `served by ${row.full_name}`);
    }

    // At another desk: a counter opens, a ticket is taken, called, started and completed.
    const [s1] = dept.staff;
    await ok(await api('POST', `/counters/${dept.counters[0]}/open`, { token: s1.token }), 'open counter');
    await untilKpi(overview, 'open-counters', 1, 'the open counter');
    const t = await takeTicket(dept.services[0].id, s1.token);
    await untilKpi(overview, 'waiting-now', initial.waiting_now + 1, 'the new ticket waiting');
    await untilKpi(overview, 'arrivals', initial.arrivals + 1, 'the new ticket as an arrival');
    const id = await ticketId(t.public_id);
    await act(s1.token, id, 'call', { counter_id: dept.counters[0] });
    await untilKpi(overview, 'waiting-now', initial.waiting_now, 'the called ticket no longer waiting');
    await untilKpi(overview, 'serving-now', 1, 'the called ticket at the counter');
    await act(s1.token, id, 'start');
    // While Counter 1 serves, it is not idle: no such alert.
    await overview
      .locator(`[data-testid="alert"][data-type="counter_idle"][data-counter-id="${dept.counters[0]}"]`)
      .waitFor({ state: 'detached', timeout: TIMEOUT_MS });
    await act(s1.token, id, 'complete', {});
    await untilKpi(overview, 'served', initial.served + 1, 'the completed ticket as served');
    await untilKpi(overview, 'serving-now', 0, 'nobody at the counter any more');
    const staffRow = overview.locator(`[data-testid="staff-row"][data-user-id="${s1.id}"]`);
    const servedBefore = perf.items.find((r) => r.user_id === s1.id)?.served ?? 0;
    await until(async () => Number(await staffRow.getAttribute('data-served')) === servedBefore + 1, TIMEOUT_MS, 'the staff table');
    await notReloaded();

    const final = await ok(await summaryOf(dept.manager.token), 'summary');
    assert.equal(final.served, initial.served + 1);
    assert.equal(final.waiting_now, initial.waiting_now);

    await overview.evaluate(() => window.scrollTo(0, 0));
    await overview.waitForTimeout(300); // the charts settle after their last data
    await screenshot(overview, 'manager-overview');
    await screenshot(overview, 'manager-overview-full', { fullPage: true });

    // On a phone the same screen stacks up without spilling sideways.
    await overview.setViewportSize({ width: 390, height: 844 });
    await overview.waitForTimeout(300);
    await screenshot(overview, 'manager-overview-phone', { fullPage: true });
    await assertNoSidewaysSpill(overview);
    await overview.setViewportSize(VIEWPORT);
  });

  test('(2) an idle counter while people wait raises an alert by itself, and calling clears it', { timeout: ALERT_TIMEOUT_MS * 2 + 60_000 }, async () => {
    assert.ok(overview, 'test (1) opened the overview');
    const [s1] = dept.staff;
    // Counter 1 is open, its staff member has no ticket, four people wait: after
    // alert_idle_s the alert job says so, and the screen shows it without a reload.
    const idle = overview.locator(`[data-testid="alert"][data-type="counter_idle"][data-counter-id="${dept.counters[0]}"]`);
    // Nothing happens in the department meanwhile, so the screen asks the API
    // only for the alerts, once an `alerts_updated` event says they changed
    // (the event carries a count, never the alerts: public sockets get it too;
    // the last refetch of test (1) may still be on its way, a second later).
    await overview.waitForTimeout(1_500);
    const asked = [];
    const onRequest = (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/v1/dashboard/')) asked.push(new URL(r.url()).pathname);
    };
    overview.on('request', onRequest);
    await idle.waitFor({ timeout: ALERT_TIMEOUT_MS });
    overview.off('request', onRequest);
    // (the alert may already have come in by then: what matters is that the
    // screen fetches nothing but the alerts, and never polls)
    assert.deepEqual(asked.filter((p) => p !== '/api/v1/dashboard/alerts'), [],
      'an alerts_updated event makes the screen fetch the alerts and nothing else');
    assert.match(await idle.getAttribute('data-severity'), /^(warning|critical)$/);
    assert.match(await idle.getByTestId('alert-message').innerText(), /\S/);
    const listed = await ok(
      await api('GET', `/dashboard/alerts?department_id=${dept.id}`, { token: dept.manager.token }),
      'alerts',
    );
    assert.ok(
      listed.items.some((a) => a.type === 'counter_idle' && a.counter_id === dept.counters[0]),
      `GET /dashboard/alerts agrees: ${JSON.stringify(listed.items.map((a) => a.key))}`,
    );
    await screenshot(overview, 'manager-overview-idle-alert');

    // They call the next ticket: the counter is busy, the alert goes.
    await ok(await api('POST', '/tickets/call-next', { token: s1.token, body: { counter_id: dept.counters[0] } }), 'call-next');
    await idle.waitFor({ state: 'detached', timeout: ALERT_TIMEOUT_MS });
    await notReloaded();
  });

  test('(3) Export CSV downloads the range’s tickets, with a header row', async () => {
    assert.ok(overview, 'test (1) opened the overview');
    const button = overview.getByTestId('export-csv');
    await button.scrollIntoViewIfNeeded();
    const [download] = await Promise.all([overview.waitForEvent('download', { timeout: TIMEOUT_MS }), button.click()]);
    assert.match(download.suggestedFilename(), /\.csv$/i);
    assert.equal(await download.failure(), null);
    const text = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const rows = parseCsv(text).filter((r) => r.length > 1 || r[0] !== '');
    const header = rows[0];
    assert.ok(header.includes('ticket_number'), `a header row: ${header.join(',')}`);
    const numbers = new Set(rows.slice(1).map((r) => r[header.indexOf('ticket_number')]));
    for (const number of tickets.keys()) assert.ok(numbers.has(number), `${number} is in the CSV`);
    assert.equal(rows.length - 1, tickets.size, 'one row per ticket of the department');
    await notReloaded();
  });

  test('(4) the admin sees the department among all of them and opens its view', async () => {
    const page = await newPage();
    await signInAs(page, 'admin', DEMO_PASSWORD, '/admin', TIMEOUT_MS);
    await page.getByTestId('main-nav').getByRole('link', { name: 'Dashboard' }).click();
    await page.locator('[data-testid="dashboard"][data-department-id="all"]').waitFor({ timeout: TIMEOUT_MS });
    const row = page.locator(`[data-testid="department-row"][data-department-id="${dept.id}"]`);
    await row.waitFor({ timeout: TIMEOUT_MS });
    await row.getByRole('link', { name: dept.name }).click();
    await page.locator(`[data-testid="dashboard"][data-department-id="${dept.id}"]`).waitFor({ timeout: TIMEOUT_MS });
    const summary = await ok(await summaryOf(dept.adminToken), 'summary');
    await untilKpi(page, 'served', summary.served, 'the department’s served figure');
    await page.locator('[data-testid="live-badge"][data-state="live"]').waitFor({ timeout: TIMEOUT_MS });
    await page.context().close();
  });

  test('(5) a staff member sees their own day on their console', async () => {
    const [s1] = dept.staff;
    const summary = await ok(await summaryOf(s1.token), 'summary as staff');
    assert.ok(summary.me, 'the staff member’s own figures');
    const page = await newPage();
    await signInAs(page, s1.username, PASSWORD, '/staff', TIMEOUT_MS);
    const day = page.getByTestId('my-day');
    await day.waitFor({ timeout: TIMEOUT_MS });
    assert.equal(Number(await day.getAttribute('data-served')), summary.me.served);
    await page.context().close();
  });

  test('no uncaught errors in the pages', async () => {
    await overview?.context().close();
    assert.deepEqual(pageErrors, []);
  });
});
