// Browser test (issue 11): the assistant panel, on a department of its own
// made through the API as an admin would (two services, one named in
// Vietnamese, two counters, a manager and a staff member), with eight weeks of
// history on the weekday like tomorrow's (24 arrivals at 10:xx, 8 at 15:xx,
// five minutes each, inserted as tests/api/assistant.test.mjs does), so that
// the staff needed tomorrow at 10 is a real Erlang C figure.
//
//   (1) a manager opens the panel from the corner button (the question box
//       has the focus), asks "how many staff do we need tomorrow at 10?" and
//       sees the answer and its facts table, whose recommended staff is what
//       GET /assistant/staffing says for hour 10; asks in Vietnamese how long
//       the wait is for a service and gets a Vietnamese answer with Vietnamese
//       labels; clicks a suggestion and sees its answer;
//   (2) Escape closes the panel and gives the focus back to the button; the
//       conversation is still there when it opens again; the busiest hours
//       come with a chart;
//   (3) a staff member opens the panel too and asks "How am I doing today?":
//       their own figures, as the dashboard counts them;
//   (4) a lost connection, and the API's limit of questions per minute, are
//       friendly lines in the chat; "Try again" asks in place; an answer
//       phrased by a model (mocked: the stack has none) says so, and shows
//       the rule-based answer on request.
// It saves the panel answering three questions at 1280x800 as
// tests/e2e/artifacts/assistant.png (the README's docs/screenshots/assistant.png
// is a copy of it).
//
//   QSTREAM_URL=... QSTREAM_DB_URL=... node --test tests/e2e/assistant.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, launchBrowser, newPage as newRecordingPage, screenshot, signIn } from './support/browser.mjs';
import { api, login, sql } from '../api/lib.mjs';

const TIMEOUT_MS = 15_000;
const VIEWPORT = { width: 1280, height: 800 };
const TIMEZONE = 'Europe/Berlin';
const BLOOD_TESTS = 'Xét nghiệm máu';
const tag = randomBytes(3).toString('hex');
const PASSWORD = `Asst-${randomBytes(6).toString('hex')}-chat`;

let browser;
const pageErrors = [];
/** What before() made: { id, name, services: [{id, name}], counters: [id], manager, staff, adminToken } */
const dept = {};
/** The manager's page, open from test (1) on. */
let managerPage = null;

function newPage(viewport = VIEWPORT) {
  return newRecordingPage(browser, viewport, pageErrors);
}

async function ok(res, what, status = 200) {
  assert.equal(res.status, status, `${what}: ${res.status} ${res.text?.slice(0, 300)}`);
  return res.json;
}

/** The department's tomorrow (its own zone), as the assistant reads "tomorrow". */
function tomorrow() {
  return sql(`SELECT (qs_service_day('${TIMEZONE}', now()) + 1)::text`);
}

/* ---- the panel ---- */

async function openPanel(page) {
  const launcher = page.getByRole('button', { name: 'Ask the assistant' });
  await launcher.click();
  const panel = page.getByRole('dialog', { name: 'Assistant' });
  await panel.getByTestId('assistant-input').waitFor({ timeout: TIMEOUT_MS });
  return panel;
}

/** Type a question, send it with Enter, and wait for its answer: the answer's element. */
async function ask(panel, question) {
  const answered = await panel.getByTestId('assistant-answer').count();
  const input = panel.getByTestId('assistant-input');
  await input.fill(question);
  await input.press('Enter');
  return nthAnswer(panel, answered);
}

async function nthAnswer(panel, index) {
  const answer = panel.getByTestId('assistant-answer').nth(index);
  await answer.waitFor({ timeout: TIMEOUT_MS });
  assert.equal(await panel.getByTestId('assistant-error').count(), 0, 'no question failed');
  return answer;
}

/** The column headers of a facts table, as shown. */
async function headers(table) {
  return (await table.locator('thead th').allInnerTexts()).map((t) => t.trim());
}

/* ---- the department ---- */

before(async () => {
  const admin = (await login('admin')).access_token;
  dept.adminToken = admin;
  const d = await ok(
    await api('POST', '/departments', {
      token: admin,
      body: { name: 'District 3 Clinic', timezone: TIMEZONE, sla_wait_minutes: 15 },
    }),
    'POST /departments',
    201,
  );
  dept.id = d.id;
  dept.name = d.name;
  dept.services = [];
  for (const [name, prefix, minutes] of [[BLOOD_TESTS, 'X', 5], ['Registration', 'R', 3]]) {
    const s = await ok(
      await api('POST', `/departments/${dept.id}/services`, {
        token: admin,
        body: { name, prefix, description: `${name} desk`, avg_service_minutes: minutes },
      }),
      'POST services',
      201,
    );
    dept.services.push(s);
  }
  dept.counters = [];
  for (const name of ['Counter 1', 'Counter 2']) {
    const c = await ok(
      await api('POST', `/departments/${dept.id}/counters`, { token: admin, body: { name, service_ids: [] } }),
      'POST counters',
      201,
    );
    dept.counters.push(c.id);
  }
  const user = async (role, fullName) => {
    const username = `asst.${role}.${tag}`;
    const u = await ok(
      await api('POST', '/users', {
        token: admin,
        body: { username, full_name: fullName, password: PASSWORD, role, department_id: dept.id },
      }),
      'POST /users',
      201,
    );
    return { id: u.id, username, token: (await login(username, PASSWORD)).access_token };
  };
  dept.manager = await user('manager', 'Mai Nguyen');
  dept.staff = await user('staff', 'Linh Tran');

  // History: on each of the 8 weekdays like tomorrow's before it, 24 tickets
  // at 10:xx local and 8 at 15:xx, each served in five minutes.
  const svc = dept.services[0].id;
  sql(`INSERT INTO tickets (public_id, department_id, service_id, number_service_id, service_day, number,
         ticket_number, status, created_at, queued_at, called_at, serving_at, completed_at)
       SELECT md5('e2e-asst-${dept.id}-' || w || '-' || n) || 'z', ${dept.id}, ${svc}, ${svc}, day, n, 'X-' || lpad(n::text, 3, '0'),
              'completed', at, at, at + interval '60 s', at + interval '90 s', at + interval '390 s'
         FROM generate_series(1, 8) w, generate_series(1, 32) n,
              LATERAL (SELECT qs_service_day('${TIMEZONE}', now()) + 1 - 7 * w AS day) y,
              LATERAL (SELECT ((y.day + CASE WHEN n <= 24 THEN time '10:00' ELSE time '15:00' END
                              + make_interval(secs => n * 60)) AT TIME ZONE '${TIMEZONE}') AS at) x`);

  // Today: the staff member opens a counter and serves one person; three wait
  // for the blood tests and one for registration.
  const { staff } = dept;
  await ok(await api('POST', `/counters/${dept.counters[0]}/open`, { token: staff.token }), 'open counter');
  await ok(await api('POST', '/tickets', { token: staff.token, body: { service_id: svc } }), 'POST /tickets', 201);
  const called = await ok(
    await api('POST', '/tickets/call-next', { token: staff.token, body: { counter_id: dept.counters[0] } }),
    'call-next',
  );
  await ok(await api('POST', `/tickets/${called.id}/start`, { token: staff.token }), 'start');
  await ok(await api('POST', `/tickets/${called.id}/complete`, { token: staff.token, body: {} }), 'complete');
  for (const s of [0, 0, 0, 1]) {
    await ok(await api('POST', '/tickets', { token: staff.token, body: { service_id: dept.services[s].id } }), 'POST /tickets', 201);
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  try {
    const { staff } = dept;
    if (staff) {
      const active = await api('GET', `/tickets?department_id=${dept.id}&status=called,serving&limit=200`, { token: staff.token });
      for (const t of active.json?.items ?? []) {
        await api('POST', `/tickets/${t.id}/${t.status === 'called' ? 'no-show' : 'complete'}`, {
          token: staff.token,
          body: t.status === 'serving' ? {} : undefined,
        });
      }
      await api('POST', `/counters/${dept.counters[0]}/close`, { token: staff.token });
    }
    if (dept.id) await api('DELETE', `/departments/${dept.id}`, { token: dept.adminToken });
  } catch (err) {
    console.error(`cleanup: ${err.message}`);
  }
});

describe('the assistant', () => {
  test('(1) a manager asks about staffing, in Vietnamese about the wait, and follows a suggestion', async () => {
    managerPage = await newPage();
    const page = managerPage;
    await page.goto(`${BASE}/login`);
    await signIn(page, dept.manager.username, PASSWORD);
    await page.waitForURL((url) => url.pathname === '/manager', { timeout: TIMEOUT_MS });

    const panel = await openPanel(page);
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'assistant-input',
      'the question box has the focus',
    );

    // Staff needed tomorrow at 10: the same figure as GET /assistant/staffing.
    const day = tomorrow();
    const staffing = await ok(
      await api('GET', `/assistant/staffing?department_id=${dept.id}&date=${day}`, { token: dept.manager.token }),
      'GET /assistant/staffing',
    );
    const h10 = staffing.hours.find((h) => h.hour === 10);
    assert.ok(h10, 'hour 10 in the staffing');
    assert.equal(h10.expected_arrivals, 24, 'the history: 24 arrivals at 10:xx');
    assert.ok(h10.recommended_staff >= 3, `Erlang C needs a few: ${h10.recommended_staff}`);

    const first = await ask(panel, 'how many staff do we need tomorrow at 10?');
    assert.equal(await first.getAttribute('data-intent'), 'staffing');
    assert.equal(await first.getAttribute('data-language'), 'en');
    assert.equal(Number(await first.getAttribute('data-department-id')), dept.id);
    const answerText = await first.getByTestId('assistant-answer-text').innerText();
    assert.ok(answerText.includes(`${h10.recommended_staff} staff`), `the answer states the staff: ${answerText}`);
    const table = first.getByTestId('facts-staffing');
    await table.waitFor({ timeout: TIMEOUT_MS });
    assert.deepEqual(await headers(table), ['Hour', 'Expected', 'Min each', 'Recommended', 'Scheduled']);
    const row = table.locator('[data-testid="facts-staffing-row"][data-hour="10"]');
    assert.equal(Number(await row.getAttribute('data-recommended')), h10.recommended_staff);
    assert.equal((await row.getByTestId('facts-recommended').innerText()).trim(), String(h10.recommended_staff));
    assert.match(await row.locator('th').innerText(), /^10:00$/);
    assert.equal(await table.locator('tbody tr').count(), 1, 'one hour asked, one row');

    // In Vietnamese: the wait for one service, named with its accents.
    const second = await ask(panel, `Bao lâu nữa đến lượt dịch vụ ${BLOOD_TESTS}?`);
    assert.equal(await second.getAttribute('data-intent'), 'wait_now');
    assert.equal(await second.getAttribute('data-language'), 'vi');
    assert.equal(await second.getAttribute('lang'), 'vi');
    const viText = await second.getByTestId('assistant-answer-text').innerText();
    assert.match(viText, new RegExp(`${BLOOD_TESTS}: 3 người đang chờ`));
    const waitTable = second.getByTestId('facts-wait');
    assert.deepEqual(await headers(waitTable), ['Dịch vụ', 'Đang chờ', 'Quầy mở', 'Chờ ước tính']);
    const waitRow = waitTable.getByTestId('facts-wait-row');
    assert.equal(await waitRow.count(), 1, 'only the service asked about');
    assert.equal(Number(await waitRow.getAttribute('data-waiting')), 3);
    assert.match(await waitRow.innerText(), /phút/);

    // The suggestions of the last answer are in its language; one asks the staffing again, in Vietnamese.
    const suggestion = panel.getByTestId('assistant-suggestion').filter({ hasText: 'Cần bao nhiêu nhân viên' });
    assert.equal(await suggestion.count(), 1, `suggestions: ${await panel.getByTestId('assistant-suggestion').allInnerTexts()}`);
    const asked = (await suggestion.innerText()).trim();
    await suggestion.click();
    const third = await nthAnswer(panel, 2);
    assert.equal((await panel.getByTestId('assistant-question').nth(2).innerText()).replace(/^You:\s*/, '').trim(), asked);
    assert.equal(await third.getAttribute('data-intent'), 'staffing');
    assert.equal(await third.getAttribute('data-language'), 'vi');
    const viTable = third.getByTestId('facts-staffing');
    assert.deepEqual(await headers(viTable), ['Giờ', 'Dự kiến', 'Phút/lượt', 'Khuyến nghị', 'Đã xếp lịch']);
    assert.equal(
      Number(await viTable.locator('[data-testid="facts-staffing-row"][data-hour="10"]').getAttribute('data-recommended')),
      h10.recommended_staff,
    );

    // The newest answer is at the bottom, in view.
    await page.waitForTimeout(200);
    const inView = await third.evaluate((el) => {
      const log = el.closest('[data-testid="assistant-log"]').getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return box.bottom <= log.bottom + 1 && box.top >= log.top - 1;
    });
    assert.ok(inView, 'the newest answer is scrolled into view');
    await screenshot(page, 'assistant');
  });

  test('(2) Escape closes the panel and the conversation stays; the busiest hours come with a chart', async () => {
    assert.ok(managerPage, 'test (1) opened the panel');
    const page = managerPage;
    await page.getByTestId('assistant-input').press('Escape');
    await page.getByTestId('assistant-panel').waitFor({ state: 'detached', timeout: TIMEOUT_MS });
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'assistant-launcher',
      'the focus is back on the button',
    );
    // Open it again with the keyboard: the three answers are still there.
    await page.keyboard.press('Enter');
    const panel = page.getByRole('dialog', { name: 'Assistant' });
    await panel.getByTestId('assistant-input').waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await panel.getByTestId('assistant-answer').count(), 3);

    const busiest = await ask(panel, 'What are the busiest hours?');
    assert.equal(await busiest.getAttribute('data-intent'), 'busiest');
    await busiest.locator('[data-testid="assistant-chart"][data-chart="busiest"] .recharts-bar-rectangle').first()
      .waitFor({ timeout: TIMEOUT_MS });
    const top = busiest.getByTestId('facts-busiest-hours').locator('tbody tr').first();
    assert.match(await top.innerText(), /10:00\s+24/);
    await page.context().close();
    managerPage = null;
  });

  test('(3) a staff member asks how they are doing today', async () => {
    const summary = await ok(await api('GET', '/dashboard/summary', { token: dept.staff.token }), 'summary as staff');
    assert.equal(summary.me.served, 1);
    const page = await newPage();
    await page.goto(`${BASE}/login`);
    await signIn(page, dept.staff.username, PASSWORD);
    await page.waitForURL((url) => url.pathname === '/staff', { timeout: TIMEOUT_MS });
    const panel = await openPanel(page);
    // Nothing of the manager's conversation on another page, of course.
    assert.equal(await panel.getByTestId('assistant-exchange').count(), 0);
    const answer = await ask(panel, 'How am I doing today?');
    assert.equal(await answer.getAttribute('data-intent'), 'performance');
    assert.match(await answer.getByTestId('assistant-answer-text').innerText(), /Today: 1 served/);
    const table = answer.getByTestId('facts-performance');
    const served = table.locator('[data-testid="facts-figure-row"][data-figure="served"] td');
    const [today, week] = (await served.allInnerTexts()).map((t) => Number(t.trim()));
    assert.equal(today, summary.me.served, 'today, as the dashboard counts it');
    assert.ok(week >= today, `this week (${week}) includes today`);
    assert.equal(await answer.getByTestId('facts-top-staff').count(), 0, 'no one else’s figures');
    await screenshot(page, 'assistant-staff');
    await page.context().close();
  });

  test('(4) a lost connection and the per-minute limit are friendly lines in the chat, and asking again works', async () => {
    const page = await newPage();
    await page.goto(`${BASE}/login`);
    await signIn(page, dept.manager.username, PASSWORD);
    await page.waitForURL((url) => url.pathname === '/manager', { timeout: TIMEOUT_MS });
    const panel = await openPanel(page);

    // The network goes away: a line saying so, and "Try again" asks the same question in its place.
    await page.route('**/api/v1/assistant/ask', (route) => route.abort('internetdisconnected'));
    await panel.getByTestId('assistant-input').fill('How long is the wait now?');
    await panel.getByTestId('assistant-input').press('Enter');
    const error = panel.getByTestId('assistant-error');
    await error.waitFor({ timeout: TIMEOUT_MS });
    assert.match(await error.innerText(), /can’t reach the server/);
    await page.unroute('**/api/v1/assistant/ask');
    await error.getByRole('button', { name: 'Try again' }).click();
    const answer = await nthAnswer(panel, 0);
    assert.equal(await answer.getAttribute('data-intent'), 'wait_now');
    assert.equal(await panel.getByTestId('assistant-exchange').count(), 1, 'asked again in place, not twice');

    // Too many questions in a minute (the API's own limit, 30): a line with the wait, and no retry until then.
    let limited = null;
    for (let i = 0; i < 40 && !limited; i++) {
      const r = await api('POST', '/assistant/ask', { token: dept.manager.token, body: { question: 'How long is the wait now?' } });
      if (r.status === 429) limited = r;
    }
    assert.ok(limited, 'the API limits questions per minute');
    await panel.getByTestId('assistant-input').fill('What are the busiest hours?');
    await panel.getByTestId('assistant-input').press('Enter');
    await error.waitFor({ timeout: TIMEOUT_MS });
    assert.match(await error.innerText(), /a lot of questions in one minute: please ask again in about \d+ s/);
    assert.ok(await error.getByRole('button', { name: /Try again \(\d+ s\)/ }).isDisabled(), 'no retry before Retry-After');

    // Clear starts a new conversation.
    await panel.getByRole('button', { name: 'Clear' }).click();
    assert.equal(await panel.getByTestId('assistant-exchange').count(), 0);

    // An answer phrased by a model (as a stack with one configured would send it) says so, and
    // shows the rule-based answer on request.
    const ruleAnswer = `${BLOOD_TESTS}: 3 waiting, 1 counter open; a ticket taken now waits about 17 min.`;
    await page.route('**/api/v1/assistant/ask', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          answer: `Three people are waiting for ${BLOOD_TESTS}; a new ticket waits about 17 minutes.`,
          rule_answer: ruleAnswer,
          phrased_by: 'model',
          intent: 'wait_now',
          language: 'en',
          department_id: dept.id,
          facts: { services: [{ service_id: dept.services[0].id, service: BLOOD_TESTS, waiting: 3, open_counters: 1, estimated_wait_minutes: 17 }] },
          suggestions: [],
        }),
      }),
    );
    const phrased = await ask(panel, 'How long for the blood tests?');
    assert.equal(await phrased.getAttribute('data-phrased-by'), 'model');
    const model = phrased.getByTestId('assistant-model');
    assert.equal((await model.locator('summary').innerText()).trim(), 'phrased by a model');
    assert.equal(await phrased.getByTestId('assistant-rule-answer').isVisible(), false, 'the rule answer only on request');
    await model.locator('summary').click();
    assert.equal((await phrased.getByTestId('assistant-rule-answer').innerText()).trim(), ruleAnswer);
    await page.unroute('**/api/v1/assistant/ask');
    await page.context().close();
  });

  test('no uncaught errors in the pages', async () => {
    await managerPage?.context().close();
    assert.deepEqual(pageErrors, []);
  });
});
