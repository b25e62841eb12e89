// Browser test (issue 10): shifts and schedules, on a department of its own
// made through the API as an admin would (services, three counters, a manager
// and four staff members, three shifts), with eight weeks of plausible ticket
// history behind it (sql/demo_history.sql), so that the coverage chart has a
// real load to compare the schedule with.
//
//   (1) the manager fills next week in the grid (the add dialog, once with the
//       keyboard alone), and shifts scheduled at another desk (the API) appear
//       without a reload; the grid agrees with GET /schedules;
//   (2) a night shift 22:00-07:00 and an early shift 06:30-14:30 the next
//       morning overlap: the conflict shows on the cell that caused it with
//       the API's message, and the night shift is marked; a move that the API
//       refuses puts the shift back where it was; a move and a removal work;
//   (3) the week's coverage: a day's header chooses the day, the chart shows
//       scheduled against recommended staff per hour, understaffed hours in
//       words too; the same screen on a phone does not spill sideways;
//   (4) "Copy last week" copies the week into the next one in one request
//       (and says so when there is nothing left to copy); when one item would
//       overlap, nothing at all is copied and the first bad item is named;
//   (5) a staff member with "My schedule" open sees a shift the manager adds
//       (and one they remove) without a reload, and downloads the .ics, which
//       ical.js parses: every shift, in the department's TZID, at the right
//       local times (a night shift ends the next morning);
//   (6) an admin chooses the department and sees the same week;
//   (7) the shift editor: a new shift, new times and retiring refused (with
//       the API's message) while schedules are to come, a rename that the
//       grid follows, an unused shift retired and no longer offered.
// It saves the week grid with its coverage chart at 1280x800 as
// tests/e2e/artifacts/schedule-week.png (the README's
// docs/screenshots/schedule-week.png is a copy of it).
//
//   QSTREAM_URL=... QSTREAM_DB_URL=... node --test tests/e2e/schedule.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { launchBrowser, newPage as newRecordingPage, screenshot } from './support/browser.mjs';
import { makeDepartment, ok } from './support/department.mjs';
import { assertNoSidewaysSpill, markPage, signInAs } from './support/pages.mjs';
import { api, DEMO_PASSWORD, sql, until } from '../api/lib.mjs';

const TIMEOUT_MS = 15_000;
const VIEWPORT = { width: 1280, height: 800 };
const ZONE = 'Europe/Berlin';
const tag = randomBytes(3).toString('hex');
const PASSWORD = `Plan-${randomBytes(6).toString('hex')}-week`;

let browser;
const pageErrors = [];
/** What before() made. */
const dept = {};
/** The manager's schedule screen, open from test (1) on. */
let planner = null;
let notReloaded = null;

/* ---- dates (local dates of the department, as YYYY-MM-DD) ---- */

function todayIn(zone, now = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function addDays(date, days) {
  const t = Date.parse(`${date}T12:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

function mondayAfter(date) {
  const weekday = (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  return addDays(date, 7 - weekday);
}

/* ---- helpers ---- */

function newPage(viewport = VIEWPORT) {
  return newRecordingPage(browser, viewport, pageErrors);
}

/** Every schedule of the department in from..to, by the API. */
async function schedulesOf(from, to) {
  const r = await ok(
    await api('GET', `/schedules?department_id=${dept.id}&from=${from}&to=${to}&limit=200`, { token: dept.manager.token }),
    'GET /schedules',
  );
  assert.ok(r.total <= 200, 'one page is enough here');
  return r.items;
}

const cell = (page, userId, date) =>
  page.locator(`[data-testid="schedule-cell"][data-user-id="${userId}"][data-date="${date}"]`);
const itemsIn = (page, userId, date, shiftId) =>
  cell(page, userId, date).locator(
    shiftId ? `[data-testid="schedule-item"][data-shift-id="${shiftId}"]` : '[data-testid="schedule-item"]',
  );

/** Add a shift through the cell's "Add" button and the dialog; wait for it in the cell. */
async function addInGrid(page, person, date, shift, counterId = null) {
  const before = await itemsIn(page, person.id, date, shift.id).count();
  await cell(page, person.id, date).getByTestId('add-assignment').click();
  const dialog = page.getByTestId('assignment-dialog');
  await dialog.waitFor({ timeout: TIMEOUT_MS });
  await dialog.getByLabel('Shift').selectOption(String(shift.id));
  await dialog.getByLabel('Counter (optional)').selectOption(counterId ? String(counterId) : '');
  await dialog.getByRole('button', { name: 'Add shift' }).click();
  await dialog.waitFor({ state: 'detached', timeout: TIMEOUT_MS });
  return before;
}

async function untilCount(locator, n, what) {
  let last;
  try {
    await until(async () => (last = await locator.count()) === n, TIMEOUT_MS, what);
  } catch (err) {
    err.message += `: ${last}, expected ${n}`;
    throw err;
  }
}

/** The grid's schedules as "user|date|shift|counter" strings, sorted. */
async function gridContents(page) {
  return (
    await page.locator('[data-testid="schedule-cell"]').evaluateAll((cells) =>
      cells.flatMap((c) =>
        [...c.querySelectorAll('[data-testid="schedule-item"]')].map(
          (i) => `${c.dataset.userId}|${c.dataset.date}|${i.dataset.shiftId}|${i.dataset.counterId ?? ''}`,
        ),
      ),
    )
  ).sort();
}

const apiContents = (items) => items.map((s) => `${s.user_id}|${s.date}|${s.shift_id}|${s.counter_id ?? ''}`).sort();

/* ---- the department ---- */

before(async () => {
  await makeDepartment(dept, {
    name: `Riverside Health Centre ${tag}`,
    timezone: ZONE,
    slaWaitMinutes: 15,
    services: [['Registration', 'R', 3], ['Consultation', 'C', 8], ['Pharmacy', 'P', 4]],
    counters: ['Counter 1', 'Counter 2', 'Counter 3'],
    manager: 'Morgan Planner',
    staff: ['Alex Front', 'Jamie Chen', 'Priya Shah', 'Robin Walsh'],
    userPrefix: 'plan',
    tag,
    password: PASSWORD,
  });
  const [alex, jamie, priya, robin] = dept.staff;
  Object.assign(dept, { alex, jamie, priya, robin });

  const shift = async (name, start_time, end_time) =>
    ok(
      await api('POST', '/shifts', { token: dept.manager.token, body: { department_id: dept.id, name, start_time, end_time } }),
      `POST /shifts ${name}`,
      201,
    );
  dept.early = await shift('Early', '06:30', '14:30');
  dept.day = await shift('Day', '08:00', '16:30');
  dept.late = await shift('Late', '12:00', '20:00');
  dept.night = await shift('Night', '22:00', '07:00');
  assert.equal(dept.night.crosses_midnight, true);

  // Eight weeks of tickets before today: the load the coverage compares with.
  dept.today = todayIn(ZONE);
  const made = Number(sql(`SELECT qs_generate_history(${dept.id}, '${addDays(dept.today, -56)}', '${addDays(dept.today, -1)}', 110, 42)`));
  assert.ok(made > 1000, `history made: ${made} tickets`);

  dept.week = mondayAfter(dept.today); // next week: in the future whatever day the test runs
  dept.days = Array.from({ length: 7 }, (_, i) => addDays(dept.week, i));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  try {
    if (dept.id) await api('DELETE', `/departments/${dept.id}`, { token: dept.adminToken });
  } catch (err) {
    console.error(`cleanup: ${err.message}`);
  }
});

describe('planning the week', () => {
  test('(1) the manager fills next week in the grid; shifts made elsewhere appear live', async () => {
    const { alex, jamie, priya, robin, early, day, late } = dept;
    const [mon, tue, wed, thu, fri] = dept.days;
    planner = await newPage();
    await signInAs(planner, dept.manager.username, PASSWORD, '/manager', TIMEOUT_MS);
    await planner.getByTestId('main-nav').getByRole('link', { name: 'Schedule' }).click();
    await planner.locator(`[data-testid="schedule-planner"][data-department-id="${dept.id}"]`).waitFor({ timeout: TIMEOUT_MS });
    await planner.locator('[data-testid="live-badge"][data-state="live"]').waitFor({ timeout: TIMEOUT_MS });
    // This week first; then next week.
    assert.equal(await planner.getByTestId('week-this').isDisabled(), true);
    await planner.getByTestId('week-next').click();
    await planner.locator(`[data-testid="schedule-grid"][data-week="${dept.week}"]`).waitFor({ timeout: TIMEOUT_MS });
    notReloaded = await markPage(planner);

    // The grid is a table: a row per active staff member, a column per day.
    const grid = planner.getByRole('table', { name: /Schedule of the week/ });
    for (const person of dept.staff) {
      await grid.getByRole('rowheader', { name: person.fullName }).waitFor({ timeout: TIMEOUT_MS });
    }
    assert.equal(await planner.getByTestId('schedule-row').count(), dept.staff.length);
    assert.equal(await planner.getByTestId('day-header').count(), 7);
    assert.equal(await planner.getByTestId('day-header').first().getAttribute('data-date'), mon);

    // Through the dialog, with a counter or without.
    await addInGrid(planner, alex, mon, early, dept.counters[0]);
    await itemsIn(planner, alex.id, mon, early.id).waitFor({ timeout: TIMEOUT_MS });
    await addInGrid(planner, robin, mon, late, dept.counters[1]);
    await addInGrid(planner, priya, mon, day, dept.counters[2]);
    await addInGrid(planner, alex, tue, early, dept.counters[0]);
    await addInGrid(planner, robin, tue, late);
    await addInGrid(planner, priya, wed, day, dept.counters[2]);
    await addInGrid(planner, robin, wed, late, dept.counters[1]);

    // With the keyboard alone: the cell's button, the dialog (the shift list
    // has focus, the earliest shift chosen), Tab to "Add shift", Enter.
    await cell(planner, alex.id, wed).getByRole('button', { name: new RegExp(`^Add a shift for ${alex.fullName} on `) }).focus();
    await planner.keyboard.press('Enter');
    const dialog = planner.getByTestId('assignment-dialog');
    await dialog.waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await planner.evaluate(() => document.activeElement?.getAttribute('name')), 'shift_id');
    await planner.keyboard.press('Tab'); // the counter
    await planner.keyboard.press('Tab'); // "Add shift"
    await planner.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: TIMEOUT_MS });
    await itemsIn(planner, alex.id, wed, early.id).waitFor({ timeout: TIMEOUT_MS });

    // At another desk, the rest of the week goes in through the API: it shows
    // up by itself (a schedule_updated event), with no reload.
    const rest = [
      [alex, thu, early, dept.counters[0]], [alex, fri, early, dept.counters[0]],
      [priya, thu, day, dept.counters[2]], [priya, fri, day, dept.counters[2]],
      [robin, thu, late, dept.counters[1]], [robin, fri, late, null],
      [jamie, thu, late, null], [jamie, fri, day, dept.counters[1]],
      [priya, dept.days[5], day, dept.counters[0]],
    ].map(([p, date, s, counter]) => ({ user_id: p.id, shift_id: s.id, date, ...(counter ? { counter_id: counter } : {}) }));
    await ok(await api('POST', '/schedules/bulk', { token: dept.manager.token, body: { items: rest } }), 'POST /schedules/bulk', 201);
    await itemsIn(planner, jamie.id, fri, day.id).waitFor({ timeout: TIMEOUT_MS });

    const expected = apiContents(await schedulesOf(mon, dept.days[6]));
    assert.equal(expected.length, 8 + rest.length);
    await until(async () => JSON.stringify(await gridContents(planner)) === JSON.stringify(expected), TIMEOUT_MS, 'the grid to match GET /schedules');
    // The counter shows in the cell.
    assert.match(await itemsIn(planner, alex.id, mon, early.id).innerText(), /Counter 1/);
    assert.match(await itemsIn(planner, alex.id, mon, early.id).innerText(), /06:30–14:30/);
    await notReloaded();
  });

  test('(2) a conflict shows on the cell that caused it; a refused move puts the shift back', async () => {
    assert.ok(planner, 'test (1) opened the screen');
    const { alex, jamie, robin, early, late, night } = dept;
    const [mon, tue, wed, thu] = dept.days;

    // Jamie works Monday night (22:00 until 07:00 on Tuesday) ...
    await addInGrid(planner, jamie, mon, night);
    const nightItem = itemsIn(planner, jamie.id, mon, night.id);
    await nightItem.waitFor({ timeout: TIMEOUT_MS });
    assert.match(await nightItem.innerText(), /22:00–07:00/);
    assert.match(await nightItem.innerText(), /22:00 to 07:00 the next day/);
    const nightId = Number(await nightItem.getAttribute('data-schedule-id'));

    // ... so Tuesday's early shift (from 06:30) overlaps it: refused, on Tuesday's cell.
    await addInGrid(planner, jamie, tue, early);
    const tueCell = cell(planner, jamie.id, tue);
    const error = tueCell.getByTestId('cell-error');
    await error.waitFor({ timeout: TIMEOUT_MS });
    const direct = await api('POST', '/schedules', { token: dept.manager.token, body: { user_id: jamie.id, shift_id: early.id, date: tue } });
    assert.equal(direct.status, 409);
    assert.equal(direct.json.error.code, 'schedule_conflict');
    const message = await error.getByTestId('cell-error-message').innerText();
    assert.ok(
      message.toLowerCase().includes(direct.json.error.message.toLowerCase()),
      `the cell shows the API's message: "${message}" / "${direct.json.error.message}"`,
    );
    assert.match(message, new RegExp(`schedule ${nightId}\\b`));
    assert.equal(await itemsIn(planner, jamie.id, tue).count(), 0, 'nothing was scheduled');
    assert.equal(await cell(planner, jamie.id, mon).getAttribute('data-problem'), null, 'Monday itself has no error');
    // The night shift in the way is marked, in words as well as colour.
    assert.equal(await nightItem.getAttribute('data-in-the-way'), 'true');
    assert.match(await nightItem.innerText(), /in the way/);
    await error.getByRole('button', { name: 'Dismiss' }).click();
    await error.waitFor({ state: 'detached', timeout: TIMEOUT_MS });

    // Adjacent is fine: Tuesday's late shift (12:00) does not touch the night.
    await addInGrid(planner, jamie, tue, late);
    await itemsIn(planner, jamie.id, tue, late.id).waitFor({ timeout: TIMEOUT_MS });

    // A move the API refuses: Alex's Tuesday early shift onto Monday, where Alex already works it.
    const alexTue = itemsIn(planner, alex.id, tue, early.id);
    const alexTueId = Number(await alexTue.getAttribute('data-schedule-id'));
    await alexTue.getByRole('button', { name: /^Move Early/ }).click();
    let dialog = planner.getByTestId('assignment-dialog');
    await dialog.waitFor({ timeout: TIMEOUT_MS });
    await dialog.getByLabel('Day').fill(mon);
    await dialog.getByRole('button', { name: 'Move' }).click();
    await dialog.waitFor({ state: 'detached', timeout: TIMEOUT_MS });
    const moveError = cell(planner, alex.id, mon).getByTestId('cell-error');
    await moveError.waitFor({ timeout: TIMEOUT_MS });
    assert.match(await moveError.innerText(), /Not moved.*overlaps schedule \d+.*stays where it was/s);
    // Put back: Tuesday has its early shift again (a new schedule), Monday still one.
    await until(async () => {
      const id = Number(await itemsIn(planner, alex.id, tue, early.id).getAttribute('data-schedule-id').catch(() => 0));
      return id > 0 && id !== alexTueId;
    }, TIMEOUT_MS, 'the refused move to be undone');
    assert.equal(await itemsIn(planner, alex.id, mon, early.id).count(), 1);
    const tueAfter = (await schedulesOf(tue, tue)).filter((s) => s.user_id === alex.id);
    assert.deepEqual(tueAfter.map((s) => [s.shift_id, s.counter_id]), [[early.id, dept.counters[0]]], 'restored with its counter');
    await moveError.getByRole('button', { name: 'Dismiss' }).click();

    // A move that works: Robin's Wednesday late shift to Jamie (the counter goes with it).
    const robinWed = itemsIn(planner, robin.id, wed, late.id);
    await robinWed.getByRole('button', { name: /^Move Late/ }).click();
    dialog = planner.getByTestId('assignment-dialog');
    await dialog.waitFor({ timeout: TIMEOUT_MS });
    await dialog.getByLabel('Person').selectOption(String(jamie.id));
    await dialog.getByRole('button', { name: 'Move' }).click();
    await itemsIn(planner, jamie.id, wed, late.id).waitFor({ timeout: TIMEOUT_MS });
    await untilCount(itemsIn(planner, robin.id, wed), 0, 'Robin’s Wednesday to be empty');
    const moved = (await schedulesOf(wed, wed)).find((s) => s.user_id === jamie.id);
    assert.equal(moved?.counter_id, dept.counters[1], 'the counter moved with it');

    // And a removal: Robin's Thursday goes, then comes back for the rest of the test.
    const robinThu = itemsIn(planner, robin.id, thu, late.id);
    await robinThu.getByRole('button', { name: /^Remove Late/ }).click();
    await untilCount(itemsIn(planner, robin.id, thu), 0, 'Robin’s Thursday to be empty');
    await addInGrid(planner, robin, thu, late, dept.counters[1]);
    await itemsIn(planner, robin.id, thu, late.id).waitFor({ timeout: TIMEOUT_MS });

    // Nothing but errors dismissed remains; the grid equals the API.
    const expected = apiContents(await schedulesOf(mon, dept.days[6]));
    await until(async () => JSON.stringify(await gridContents(planner)) === JSON.stringify(expected), TIMEOUT_MS, 'the grid to match GET /schedules');
    await notReloaded();
  });

  test('(3) the chosen day’s coverage: scheduled against recommended staff, understaffed hours marked', async () => {
    assert.ok(planner, 'test (1) opened the screen');
    await planner.locator('[data-testid="cell-error"]').first().waitFor({ state: 'detached', timeout: TIMEOUT_MS });
    const tue = dept.days[1];
    const header = planner.locator(`[data-testid="day-header"][data-date="${tue}"]`);
    await header.click();
    await planner.locator(`[data-testid="day-header"][data-date="${tue}"][aria-pressed="true"]`).waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await planner.locator('[data-testid="day-header"][aria-pressed="true"]').count(), 1);
    const chart = planner.locator(`[data-testid="coverage-chart"][data-date="${tue}"]`);
    await chart.waitFor({ timeout: TIMEOUT_MS });
    await chart.locator('.recharts-bar-rectangle').first().waitFor({ timeout: TIMEOUT_MS });

    const coverage = await ok(
      await api('GET', `/schedules/coverage?department_id=${dept.id}&date=${tue}`, { token: dept.manager.token }),
      'GET /schedules/coverage',
    );
    assert.equal(coverage.hours.length, 24);
    assert.ok(coverage.hours.some((h) => h.recommended_staff > 0), 'the history gives a load to cover');
    assert.equal(Number(await chart.getAttribute('data-understaffed-hours')), coverage.understaffed_hours);
    // Each hour drawn agrees with the API (the table behind the chart).
    const rows = await chart.getByTestId('coverage-hour').evaluateAll((trs) =>
      trs.map((tr) => ({ start: tr.dataset.start, scheduled: Number(tr.dataset.scheduled), recommended: Number(tr.dataset.recommended), understaffed: tr.dataset.understaffed === 'true' })),
    );
    assert.ok(rows.length >= 8, `the working hours are drawn: ${rows.length}`);
    for (const r of rows) {
      const h = coverage.hours.find((x) => x.start === r.start);
      assert.ok(h, `hour ${r.start} is in the API's answer`);
      assert.deepEqual(r, { start: h.start, scheduled: h.scheduled_staff, recommended: h.recommended_staff, understaffed: h.understaffed });
    }
    // Tuesday: Alex early, Robin and Jamie late, Priya not: the API counts them per hour.
    const at = (hour) => coverage.hours.find((h) => h.hour === hour);
    assert.equal(at(9).scheduled_staff, 1);
    assert.equal(at(13).scheduled_staff, 3);
    // Understaffed hours are said in words too, not by colour alone.
    const summary = planner.getByTestId('coverage-summary');
    if (coverage.understaffed_hours > 0) assert.match(await summary.innerText(), /understaffed hour/);
    else assert.match(await summary.innerText(), /Enough staff/);

    // The README's picture: the week with its coverage chart, at 1280x800.
    await planner.evaluate(() => window.scrollTo(0, 0));
    const top = await planner.getByRole('heading', { level: 1, name: 'Schedule' }).evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    await planner.evaluate((y) => window.scrollTo(0, y), Math.max(0, top - 12));
    await planner.waitForTimeout(300); // the chart settles after its last data
    await screenshot(planner, 'schedule-week');
    await screenshot(planner, 'schedule-week-full', { fullPage: true });

    // On a phone: no page-wide sideways scrolling (the grid scrolls in its own box).
    await planner.setViewportSize({ width: 390, height: 844 });
    await planner.waitForTimeout(300);
    await screenshot(planner, 'schedule-week-phone', { fullPage: true });
    await assertNoSidewaysSpill(planner);
    await planner.setViewportSize(VIEWPORT);
    await notReloaded();
  });

  test('(4) "Copy last week" copies the week in one request, all or nothing', async () => {
    assert.ok(planner, 'test (1) opened the screen');
    const source = await schedulesOf(dept.days[0], dept.days[6]);
    const next = addDays(dept.week, 7);
    await planner.getByTestId('week-next').click();
    await planner.locator(`[data-testid="schedule-grid"][data-week="${next}"]`).waitFor({ timeout: TIMEOUT_MS });
    await untilCount(planner.getByTestId('schedule-item'), 0, 'an empty week');

    const bulk = [];
    const onRequest = (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/v1/schedules') && r.method() === 'POST') bulk.push(new URL(r.url()).pathname);
    };
    planner.on('request', onRequest);
    await planner.getByTestId('copy-last-week').click();
    const outcome = planner.locator('[data-testid="copy-outcome"][data-kind="done"]');
    await outcome.waitFor({ timeout: TIMEOUT_MS });
    planner.off('request', onRequest);
    assert.deepEqual(bulk, ['/api/v1/schedules/bulk'], 'one bulk request');
    assert.match(await outcome.innerText(), new RegExp(`Copied ${source.length} shifts`));

    const copied = await schedulesOf(next, addDays(next, 6));
    const shifted = source.map((s) => ({ ...s, date: addDays(s.date, 7) }));
    assert.deepEqual(apiContents(copied), apiContents(shifted), 'the same people, shifts and counters, a week later');
    await until(async () => JSON.stringify(await gridContents(planner)) === JSON.stringify(apiContents(copied)), TIMEOUT_MS, 'the copied week in the grid');

    // Again: nothing left to copy, and nothing made.
    await planner.getByTestId('copy-last-week').click();
    await planner.locator('[data-testid="copy-outcome"][data-kind="nothing"]').waitFor({ timeout: TIMEOUT_MS });
    assert.equal((await schedulesOf(next, addDays(next, 6))).length, copied.length);

    // All or nothing: a night shift on the Sunday before ends at 07:00 on Monday,
    // where the copy would put Alex's early shift (06:30): the copy makes nothing
    // and names the first bad item.
    const after2 = addDays(next, 7);
    const sunday = addDays(next, 6);
    const blocker = await ok(
      await api('POST', '/schedules', { token: dept.manager.token, body: { user_id: dept.alex.id, shift_id: dept.night.id, date: sunday } }),
      'POST /schedules',
      201,
    );
    await planner.getByTestId('week-next').click();
    await planner.locator(`[data-testid="schedule-grid"][data-week="${after2}"]`).waitFor({ timeout: TIMEOUT_MS });
    await planner.getByTestId('copy-last-week').click();
    const failed = planner.locator('[data-testid="copy-outcome"][data-kind="failed"]');
    await failed.waitFor({ timeout: TIMEOUT_MS });
    const text = await failed.innerText();
    assert.match(text, /Nothing was copied/);
    assert.match(text, new RegExp(`${dept.alex.fullName}, Early on .*overlaps schedule ${blocker.id}\\b`));
    assert.equal((await schedulesOf(after2, addDays(after2, 6))).length, 0, 'nothing was made');
    // The cell it would have gone to says why.
    const monCell = cell(planner, dept.alex.id, after2);
    await monCell.getByTestId('cell-error').waitFor({ timeout: TIMEOUT_MS });
    await ok(await api('DELETE', `/schedules/${blocker.id}`, { token: dept.manager.token }), 'DELETE /schedules', 204);

    await planner.getByTestId('week-prev').click();
    await planner.getByTestId('week-prev').click();
    await planner.locator(`[data-testid="schedule-grid"][data-week="${dept.week}"]`).waitFor({ timeout: TIMEOUT_MS });
    await notReloaded();
  });

  test('(5) “My schedule” follows the manager live, and the calendar file has every shift', async () => {
    const { alex } = dept;
    const page = await newPage({ width: 390, height: 844 });
    await signInAs(page, alex.username, PASSWORD, '/staff', TIMEOUT_MS);
    await page.getByTestId('main-nav').getByRole('link', { name: 'My schedule' }).click();
    const screen = page.getByTestId('my-schedule');
    await screen.waitFor({ timeout: TIMEOUT_MS });
    await page.locator('[data-testid="live-badge"][data-state="live"]').waitFor({ timeout: TIMEOUT_MS });

    const me = await ok(await api('GET', `/schedules/me?from=${dept.today}&to=${addDays(dept.today, 27)}&limit=200`, { token: alex.token }), 'GET /schedules/me');
    assert.ok(me.total >= 10, `Alex's two weeks: ${me.total}`);
    await untilCount(page.getByTestId('my-shift'), me.total, 'Alex’s shifts');
    const isMine = await page.getByTestId('my-shift').evaluateAll((els) => els.map((e) => Number(e.dataset.scheduleId)));
    assert.deepEqual(isMine.sort((a, b) => a - b), me.items.map((s) => s.id).sort((a, b) => a - b));
    const unchanged = await markPage(page);

    // The manager gives Alex the Saturday night (through the API): it appears.
    const saturday = dept.days[5];
    const added = await ok(
      await api('POST', '/schedules', { token: dept.manager.token, body: { user_id: alex.id, shift_id: dept.night.id, date: saturday, counter_id: dept.counters[2] } }),
      'POST /schedules',
      201,
    );
    const shown = page.locator(`[data-testid="my-shift"][data-schedule-id="${added.id}"]`);
    await shown.waitFor({ timeout: TIMEOUT_MS });
    assert.match(await shown.innerText(), /Night/);
    assert.match(await shown.innerText(), /22:00–07:00/);
    assert.match(await shown.innerText(), /Counter 3/);
    // One of Alex's shifts removed: it goes.
    const gone = me.items.find((s) => s.date === dept.days[4]);
    await ok(await api('DELETE', `/schedules/${gone.id}`, { token: dept.manager.token }), 'DELETE /schedules', 204);
    await page.locator(`[data-testid="my-shift"][data-schedule-id="${gone.id}"]`).waitFor({ state: 'detached', timeout: TIMEOUT_MS });
    await untilCount(page.getByTestId('my-shift'), me.total, 'one more, one less');
    await unchanged();
    await screenshot(page, 'my-schedule-phone', { fullPage: true });

    // The calendar file: fetched with the bearer token, handed over as a download.
    const button = page.getByTestId('download-ics');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT_MS }), button.click()]);
    assert.match(download.suggestedFilename(), /\.ics$/i);
    assert.equal(await download.failure(), null);
    const text = readFileSync(await download.path(), 'utf8');
    const zones = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vtimezone');
    assert.deepEqual(zones.map((z) => z.getFirstPropertyValue('tzid')), [ZONE], 'the department’s zone');
    // The file's own VTIMEZONE, not a zone database: the instants must follow from the file alone.
    ICAL.TimezoneService.register(zones[0]);
    const calendar = new ICAL.Component(ICAL.parse(text));
    assert.equal(calendar.name, 'vcalendar');
    assert.equal(calendar.getFirstPropertyValue('version'), '2.0');
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const now = await ok(await api('GET', `/schedules/me?from=${dept.today}&to=${addDays(dept.today, 27)}&limit=200`, { token: alex.token }), 'GET /schedules/me');
    assert.equal(events.length, now.total, 'one event per shift');
    for (const s of now.items) {
      const ev = events.find((e) => e.uid.startsWith(`schedule-${s.id}@`));
      assert.ok(ev, `an event for schedule ${s.id}`);
      const dtstart = ev.component.getFirstProperty('dtstart');
      assert.equal(dtstart.getParameter('tzid'), ZONE);
      assert.equal(ev.component.getFirstProperty('dtend').getParameter('tzid'), ZONE);
      // Local wall-clock times, and the same instants as the API's UTC span.
      assert.equal(ev.startDate.toString().slice(0, 16), `${s.date}T${s.start_time}`);
      const endDate = s.end_time <= s.start_time ? addDays(s.date, 1) : s.date;
      assert.equal(ev.endDate.toString().slice(0, 16), `${endDate}T${s.end_time}`);
      assert.equal(ev.startDate.zone.tzid, ZONE);
      assert.equal(ev.startDate.toJSDate().toISOString().replace('.000', ''), s.starts_at);
      assert.equal(ev.endDate.toJSDate().toISOString().replace('.000', ''), s.ends_at);
      assert.match(ev.summary, new RegExp(s.shift_name));
    }
    const night = events.find((e) => e.uid.startsWith(`schedule-${added.id}@`));
    assert.equal(night.endDate.toString().slice(0, 10), addDays(saturday, 1), 'the night shift ends on Sunday morning');
    assert.ok(!events.some((e) => e.uid.startsWith(`schedule-${gone.id}@`)), 'the removed shift is not in the file');
    await page.context().close();
  });

  test('(6) an admin chooses the department and sees the same week', async () => {
    const page = await newPage();
    await signInAs(page, 'admin', DEMO_PASSWORD, '/admin', TIMEOUT_MS);
    await page.getByTestId('main-nav').getByRole('link', { name: 'Schedule' }).click();
    await page.getByTestId('schedule-planner').waitFor({ timeout: TIMEOUT_MS });
    await page.getByTestId('department-scope').getByLabel('Department').selectOption(String(dept.id));
    await page.locator(`[data-testid="schedule-planner"][data-department-id="${dept.id}"]`).waitFor({ timeout: TIMEOUT_MS });
    await page.getByTestId('week-next').click();
    await page.locator(`[data-testid="schedule-grid"][data-week="${dept.week}"]`).waitFor({ timeout: TIMEOUT_MS });
    const expected = apiContents(await schedulesOf(dept.days[0], dept.days[6]));
    await until(async () => JSON.stringify(await gridContents(page)) === JSON.stringify(expected), TIMEOUT_MS, 'the admin’s grid to match GET /schedules');
    await page.getByTestId('shift-editor').getByRole('rowheader', { name: 'Night' }).waitFor({ timeout: TIMEOUT_MS });
    await page.context().close();
  });

  test('(7) the shift editor: create, rename, new times and retiring refused under future schedules', async () => {
    assert.ok(planner, 'test (1) opened the screen');
    const editor = planner.getByTestId('shift-editor');
    await editor.scrollIntoViewIfNeeded();

    // A new shift.
    await editor.getByTestId('new-shift').click();
    let form = editor.getByTestId('shift-form');
    await form.getByLabel('Name').fill('Evening');
    await form.getByLabel('Starts').fill('16:00');
    await form.getByLabel('Ends').fill('22:00');
    await form.getByRole('button', { name: 'Create shift' }).click();
    await form.waitFor({ state: 'detached', timeout: TIMEOUT_MS });
    const shifts = await ok(await api('GET', `/shifts?department_id=${dept.id}`, { token: dept.manager.token }), 'GET /shifts');
    const evening = shifts.items.find((s) => s.name === 'Evening');
    assert.deepEqual([evening?.start_time, evening?.end_time, evening?.active], ['16:00', '22:00', true]);
    await editor.locator(`[data-testid="shift-row"][data-shift-id="${evening.id}"][data-active="true"]`).waitFor({ timeout: TIMEOUT_MS });

    // New times for the night shift: refused while it has schedules to come, with the API's words.
    const nightRow = editor.locator(`[data-testid="shift-row"][data-shift-id="${dept.night.id}"]`);
    await nightRow.getByRole('button', { name: 'Edit Night' }).click();
    form = editor.getByTestId('shift-form');
    await form.getByLabel('Ends').fill('06:00');
    await form.getByRole('button', { name: 'Save shift' }).click();
    const refused = form.getByTestId('error-notice');
    await refused.waitFor({ timeout: TIMEOUT_MS });
    const direct = await api('PATCH', `/shifts/${dept.night.id}`, { token: dept.manager.token, body: { end_time: '06:00' } });
    assert.equal(direct.status, 409);
    assert.ok(
      (await refused.innerText()).toLowerCase().includes(direct.json.error.message.toLowerCase()),
      `the form shows the API's message: ${direct.json.error.message}`,
    );
    // A new name is always fine, and the grid follows it.
    await form.getByLabel('Ends').fill('07:00');
    await form.getByLabel('Name').fill('Night cover');
    await form.getByRole('button', { name: 'Save shift' }).click();
    await form.waitFor({ state: 'detached', timeout: TIMEOUT_MS });
    await nightRow.getByRole('rowheader', { name: 'Night cover' }).waitFor({ timeout: TIMEOUT_MS });
    await until(async () => /Night cover/.test(await itemsIn(planner, dept.jamie.id, dept.days[0], dept.night.id).innerText()), TIMEOUT_MS, 'the grid to show the new name');

    // Retiring it is refused too; retiring the unused one works.
    await nightRow.getByRole('button', { name: 'Retire' }).click();
    await nightRow.getByRole('group', { name: 'Retire Night cover?' }).getByRole('button', { name: 'Retire' }).click();
    const retireError = nightRow.getByTestId('shift-error');
    await retireError.waitFor({ timeout: TIMEOUT_MS });
    assert.match(await retireError.innerText(), /Not retired: .*schedules/);
    const eveningRow = editor.locator(`[data-testid="shift-row"][data-shift-id="${evening.id}"]`);
    await eveningRow.getByRole('button', { name: 'Retire' }).click();
    await eveningRow.getByRole('group', { name: 'Retire Evening?' }).getByRole('button', { name: 'Retire' }).click();
    await editor.locator(`[data-testid="shift-row"][data-shift-id="${evening.id}"][data-active="false"]`).waitFor({ state: 'attached', timeout: TIMEOUT_MS });
    // A retired shift is no longer offered in the grid.
    await cell(planner, dept.priya.id, dept.days[6]).getByTestId('add-assignment').click();
    const dialog = planner.getByTestId('assignment-dialog');
    await dialog.waitFor({ timeout: TIMEOUT_MS });
    const offered = await dialog.getByLabel('Shift').locator('option').allInnerTexts();
    assert.ok(offered.some((o) => o.startsWith('Night cover')), offered.join(', '));
    assert.ok(!offered.some((o) => o.startsWith('Evening')), offered.join(', '));
    await planner.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: TIMEOUT_MS });
    await notReloaded();
  });

  test('no uncaught errors in the pages', async () => {
    await planner?.context().close();
    assert.deepEqual(pageErrors, []);
  });
});
