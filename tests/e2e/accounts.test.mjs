// Browser test: signing in, role homes, a manager creating a staff account, and
// a staff member taking a counter.
//
//   QSTREAM_URL=http://127.0.0.1:8080 node --test tests/e2e/
//
// Needs a running stack with the demo data (every demo user's password is
// `qstream-demo`), serving the built SPA (www/dist) and /api/ at QSTREAM_URL,
// and Debian's Chromium at /usr/bin/chromium. Screenshots go to
// tests/e2e/artifacts/ (gitignored).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, launchBrowser, newPage as newRecordingPage, screenshot } from './support/browser.mjs';

const DEMO_PASSWORD = 'qstream-demo';
const TIMEOUT_MS = 15_000;
const VIEWPORT = { width: 1280, height: 900 };

/** Each demo role, where it lands, and what its navigation must and must not offer. */
const ROLES = [
  {
    username: 'admin',
    home: '/admin',
    nav: ['Departments', 'Services', 'Counters', 'Users', 'Settings'],
    notInNav: ['Staff'],
  },
  {
    username: 'manager.clinic',
    home: '/manager',
    nav: ['Services', 'Counters', 'Staff'],
    notInNav: ['Departments', 'Users', 'Settings'],
  },
  {
    username: 'staff.clinic1',
    home: '/staff',
    nav: ['Counters', 'Services'],
    notInNav: ['Departments', 'Users', 'Staff', 'Settings'],
  },
];

let browser;
const pageErrors = [];
const run = randomBytes(4).toString('hex');
/** The staff account that test (c) creates and (d) uses; removed afterwards. */
const trainee = {
  username: `trainee.${run}`,
  fullName: `Trainee ${run}`,
  password: `Tr4in-Station-${randomBytes(6).toString('hex')}`,
  id: null,
};
let openedCounterId = null;

function newPage() {
  return newRecordingPage(browser, VIEWPORT, pageErrors);
}

async function api(method, path, { token, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function apiLogin(username, password) {
  const res = await api('POST', '/auth/login', { body: { username, password } });
  assert.equal(res.status, 200, `API login of ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

function pathOf(page) {
  return new URL(page.url()).pathname;
}

async function waitForPath(page, path) {
  await page.waitForURL((url) => url.pathname === path, { timeout: TIMEOUT_MS });
}

/** Fill in and send the login form (the page must be on /login). */
async function submitLogin(page, username, password) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function navLabels(page) {
  const nav = page.getByTestId('main-nav');
  await nav.waitFor({ timeout: TIMEOUT_MS });
  return (await nav.getByRole('link').allInnerTexts()).map((t) => t.trim());
}

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  // Leave the demo department as it was: the counter closed, the trainee deactivated.
  try {
    if (openedCounterId !== null) {
      const { access_token } = await apiLogin(trainee.username, trainee.password);
      await api('POST', `/counters/${openedCounterId}/close`, { token: access_token });
    }
    if (trainee.id !== null) {
      const { access_token } = await apiLogin('manager.clinic', DEMO_PASSWORD);
      await api('DELETE', `/users/${trainee.id}`, { token: access_token });
    }
  } catch (err) {
    console.error(`cleanup: ${err.message}`);
  }
});

describe('accounts and roles in the SPA', () => {
  for (const role of ROLES) {
    test(`(a) ${role.username} signs in and lands on ${role.home}`, async () => {
      const page = await newPage();
      await page.goto(`${BASE}/login`);
      await submitLogin(page, role.username, DEMO_PASSWORD);
      await waitForPath(page, role.home);

      const labels = await navLabels(page);
      for (const label of role.nav) assert.ok(labels.includes(label), `${role.username} nav lacks ${label}: ${labels}`);
      for (const label of role.notInNav) {
        assert.ok(!labels.includes(label), `${role.username} nav offers ${label}: ${labels}`);
      }
      await screenshot(page, `home-${role.username}`, { fullPage: true });

      // The refresh token is kept, the access token is not; a reload restores the session.
      const stored = await page.evaluate(() => ({
        refresh: localStorage.getItem('qstream.refresh'),
        keys: Object.keys(localStorage),
      }));
      assert.ok(stored.refresh, 'no refresh token in localStorage under qstream.refresh');
      const [refreshRequest] = await Promise.all([
        page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/auth/refresh'),
        page.reload(),
      ]);
      assert.deepEqual(JSON.parse(refreshRequest.postData() ?? 'null'), { refresh_token: stored.refresh });
      await page.getByTestId('main-nav').waitFor({ timeout: TIMEOUT_MS });
      assert.equal(pathOf(page), role.home, 'the reload did not keep the session');
      const rotated = await page.evaluate(() => localStorage.getItem('qstream.refresh'));
      assert.ok(rotated && rotated !== stored.refresh, 'the rotated refresh token was not stored');

      // Another role's area sends the person back to their own home.
      const foreign = role.home === '/admin' ? '/staff' : '/admin';
      await page.goto(`${BASE}${foreign}`);
      await waitForPath(page, role.home);

      // Sign out ends the session: a reload stays signed out.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await waitForPath(page, '/login');
      assert.equal(await page.evaluate(() => localStorage.getItem('qstream.refresh')), null);
      await page.goto(`${BASE}${role.home}`);
      await waitForPath(page, '/login');
      await page.context().close();
    });
  }

  test('(b) a wrong password shows the error in place, without a reload', async () => {
    const page = await newPage();
    await page.goto(`${BASE}/login`);
    await page.getByLabel('Username').waitFor({ timeout: TIMEOUT_MS });
    const marker = `e2e-${run}`;
    const originBefore = await page.evaluate((m) => {
      window.__qsE2eMarker = m;
      return performance.timeOrigin;
    }, marker);

    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/auth/login'),
      submitLogin(page, 'staff.clinic2', `not-the-password-${run}`),
    ]);
    assert.equal(response.status(), 401);
    const alert = page.getByTestId('login-error');
    await alert.waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await alert.getAttribute('data-error-code'), 'invalid_credentials');
    assert.match(await alert.innerText(), /Wrong username or password/);
    assert.equal(await alert.getAttribute('role'), 'alert');

    const [originAfter, markerAfter] = await page.evaluate(() => [performance.timeOrigin, window.__qsE2eMarker]);
    assert.equal(markerAfter, marker, 'the login page was reloaded');
    assert.equal(originAfter, originBefore, 'the login page was reloaded');
    assert.equal(pathOf(page), '/login');
    assert.equal(await page.getByLabel('Username').inputValue(), 'staff.clinic2', 'the form was cleared');
    await screenshot(page, 'login-wrong-password');
    await page.context().close();
  });

  test('(c) manager.clinic creates a staff user, who then signs in and lands on /staff', async () => {
    const manager = await apiLogin('manager.clinic', DEMO_PASSWORD);
    const page = await newPage();
    await page.goto(`${BASE}/login`);
    await submitLogin(page, 'manager.clinic', DEMO_PASSWORD);
    await waitForPath(page, '/manager');

    await page.getByTestId('main-nav').getByRole('link', { name: 'Staff' }).click();
    await waitForPath(page, '/manager/users');
    await page.getByRole('button', { name: 'New staff user' }).click();
    const form = page.getByTestId('user-form');
    await form.waitFor({ timeout: TIMEOUT_MS });
    // A manager is not offered other roles or departments.
    assert.equal(await form.getByLabel('Role').count(), 0, 'the manager form offers a role choice');
    assert.equal(await form.getByLabel('Department').count(), 0, 'the manager form offers a department choice');

    await form.getByLabel('Username').fill(trainee.username);
    await form.getByLabel('Full name').fill(trainee.fullName);
    await form.getByLabel('Password').fill(trainee.password);
    await screenshot(page, 'manager-new-staff-form', { fullPage: true });
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/users'),
      form.getByRole('button', { name: 'Create staff user' }).click(),
    ]);
    assert.deepEqual(JSON.parse(request.postData() ?? 'null'), {
      username: trainee.username,
      full_name: trainee.fullName,
      password: trainee.password,
      role: 'staff',
      department_id: manager.user.department_id,
    });
    assert.match(request.headers().authorization ?? '', /^Bearer \S+$/);
    const response = await request.response();
    const created = await response?.json().catch(() => null);
    assert.equal(response?.status(), 201, `POST /users answered ${response?.status()}: ${JSON.stringify(created)}`);
    trainee.id = created.id;

    const createdNote = page.getByTestId('user-created');
    await createdNote.waitFor({ timeout: TIMEOUT_MS });
    assert.equal(Number(await createdNote.getAttribute('data-user-id')), trainee.id);
    assert.match(await createdNote.innerText(), new RegExp(trainee.username.replace('.', '\\.')));
    // The list moves to the page the new account is on.
    const row = page.locator(`[data-testid="user-row"][data-username="${trainee.username}"]`);
    await row.waitFor({ timeout: TIMEOUT_MS });
    assert.match(await row.innerText(), new RegExp(trainee.fullName));
    await screenshot(page, 'manager-staff-list');
    await page.context().close();

    const staffPage = await newPage();
    await staffPage.goto(`${BASE}/login`);
    await submitLogin(staffPage, trainee.username, trainee.password);
    await waitForPath(staffPage, '/staff');
    assert.match(await staffPage.getByTestId('signed-in-as').innerText(), new RegExp(trainee.fullName));
    await staffPage.context().close();
  });

  test('(d) the new staff member opens a counter and sees it as theirs', async () => {
    assert.ok(trainee.id !== null, 'needs the staff user created by (c)');
    const page = await newPage();
    await page.goto(`${BASE}/login`);
    await submitLogin(page, trainee.username, trainee.password);
    await waitForPath(page, '/staff');

    const cards = page.getByTestId('desk-counter');
    await cards.first().waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await page.locator('[data-testid="desk-counter"][data-mine="true"]').count(), 0);
    const free = page.locator('[data-testid="desk-counter"][data-state="closed"]').first();
    const states = await cards.evaluateAll((els) => els.map((e) => `${e.dataset.counterId}:${e.dataset.state}`));
    assert.ok((await free.count()) > 0, `no closed counter to open: ${states.join(', ')}`);
    const counterId = Number(await free.getAttribute('data-counter-id'));

    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/v1/counters/${counterId}/open`,
      ),
      free.getByRole('button', { name: /^Open/ }).click(),
    ]);
    assert.equal(response.status(), 200, `POST /counters/${counterId}/open answered ${response.status()}`);
    openedCounterId = counterId;

    const mine = page.locator(`[data-testid="desk-counter"][data-counter-id="${counterId}"]`);
    await page
      .locator(`[data-testid="desk-counter"][data-counter-id="${counterId}"][data-mine="true"][data-state="open"]`)
      .waitFor({ timeout: TIMEOUT_MS });
    assert.equal((await mine.getByTestId('counter-holder').innerText()).trim(), 'You');
    assert.equal(await page.locator('[data-testid="desk-counter"][data-mine="true"]').count(), 1);
    await page.getByTestId('my-counter').waitFor({ timeout: TIMEOUT_MS });
    await screenshot(page, 'staff-counter-open');

    // A second counter is refused (409 conflict) and the message shows on that counter.
    const other = page.locator('[data-testid="desk-counter"][data-state="closed"]').first();
    if ((await other.count()) > 0) {
      const otherId = await other.getAttribute('data-counter-id');
      const [refused] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/counters/${otherId}/open`),
        other.getByRole('button', { name: /^Open/ }).click(),
      ]);
      assert.equal(refused.status(), 409);
      const card = page.locator(`[data-testid="desk-counter"][data-counter-id="${otherId}"]`);
      const notice = card.getByTestId('error-notice');
      await notice.waitFor({ timeout: TIMEOUT_MS });
      assert.equal(await notice.getAttribute('data-error-code'), 'conflict');
      // the reason the API names, in its own words (the card once said only "That is not possible right now.")
      assert.equal(await notice.getAttribute('data-error-reason'), 'other_counter_open');
      assert.match(await notice.innerText(), /You already have another counter open\./);
      await screenshot(page, 'staff-second-counter-refused');
      await notice.getByRole('button', { name: 'OK' }).click();
      await notice.waitFor({ state: 'detached', timeout: TIMEOUT_MS });
      assert.equal(await card.getAttribute('data-mine'), 'false');
    }

    // Pause and close it again (and leave the counter free for the next run).
    await mine.getByRole('button', { name: 'Pause' }).click();
    await page.locator(`[data-testid="desk-counter"][data-counter-id="${counterId}"][data-state="paused"]`).waitFor({ timeout: TIMEOUT_MS });
    await mine.getByRole('button', { name: 'Close' }).click();
    await page.locator(`[data-testid="desk-counter"][data-counter-id="${counterId}"][data-state="closed"]`).waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await page.locator('[data-testid="desk-counter"][data-mine="true"]').count(), 0);
    openedCounterId = null;
    await page.context().close();
  });

  test('(e) requests refused at the same time share one refresh, then succeed', async () => {
    const page = await newPage();
    await page.goto(`${BASE}/login`);
    const [loginResponse] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/auth/login'),
      submitLogin(page, 'manager.clinic', DEMO_PASSWORD),
    ]);
    const firstToken = (await loginResponse.json()).access_token;
    await waitForPath(page, '/manager');
    await page.getByTestId('department-overview').waitFor({ timeout: TIMEOUT_MS });

    // From now on the server sees a broken token wherever the page sends the first one, and
    // answers 401 invalid_token for real; the page must refresh once and retry each request.
    const refused = [];
    let refreshes = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/auth/refresh') refreshes += 1;
    });
    await page.route('**/api/v1/**', async (route) => {
      const headers = route.request().headers();
      if (headers.authorization === `Bearer ${firstToken}`) {
        refused.push(new URL(route.request().url()).pathname);
        await route.continue({ headers: { ...headers, authorization: 'Bearer not.a-valid.token' } });
      } else {
        await route.continue();
      }
    });

    await page.getByTestId('main-nav').getByRole('link', { name: 'Counters' }).click();
    await waitForPath(page, '/manager/counters');
    await page.getByTestId('counter-table').waitFor({ timeout: TIMEOUT_MS });
    await page.waitForLoadState('networkidle');
    assert.ok(refused.length >= 2, `expected parallel requests with the old token, saw: ${refused.join(', ')}`);
    assert.equal(refreshes, 1, `${refreshes} refreshes for ${refused.length} refused requests`);
    assert.equal(await page.getByTestId('error-notice').count(), 0, 'a refused request was not retried');

    // The rotated refresh token was stored and never used twice: a reload still signs in.
    await page.unrouteAll({ behavior: 'wait' });
    await page.reload();
    await page.getByTestId('counter-table').waitFor({ timeout: TIMEOUT_MS });
    assert.equal(pathOf(page), '/manager/counters');
    await screenshot(page, 'manager-counters');
    await page.context().close();
  });

  test('(f) a session ended elsewhere leads to /login with a note, and back after signing in', async () => {
    const page = await newPage();
    await page.goto(`${BASE}/login`);
    const [loginResponse] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/auth/login'),
      submitLogin(page, 'staff.clinic2', DEMO_PASSWORD),
    ]);
    const { access_token: token } = await loginResponse.json();
    await waitForPath(page, '/staff');
    await page.getByTestId('main-nav').waitFor({ timeout: TIMEOUT_MS });
    await page.getByTestId('desk-counters').waitFor({ timeout: TIMEOUT_MS });
    // Wait on a quiet page: the staff desk itself refetches on live queue events, so it would
    // notice the ended session by itself, before any navigation.
    await page.getByTestId('main-nav').getByRole('link', { name: 'Services' }).click();
    await waitForPath(page, '/staff/services');
    await page.getByTestId('service-table').waitFor({ timeout: TIMEOUT_MS });

    const out = await api('POST', '/auth/logout', { token });
    assert.equal(out.status, 204, `POST /auth/logout answered ${out.status}`);

    // The page notices on its next request: let the cached lists go stale (5 s), then navigate.
    await page.waitForTimeout(5_500);
    await page.getByTestId('main-nav').getByRole('link', { name: 'Counters' }).click();
    await waitForPath(page, '/login');
    const notice = page.getByTestId('session-notice');
    await notice.waitFor({ timeout: TIMEOUT_MS });
    assert.match(await notice.innerText(), /session ended/i);
    assert.equal(await page.evaluate(() => localStorage.getItem('qstream.refresh')), null);
    await screenshot(page, 'login-session-ended');

    await submitLogin(page, 'staff.clinic2', DEMO_PASSWORD);
    await waitForPath(page, '/staff');
    await page.getByTestId('desk-counters').waitFor({ timeout: TIMEOUT_MS });
    await page.context().close();
  });

  test('(g) a form shows the API\'s field errors next to the inputs', async () => {
    const page = await newPage();
    await page.goto(`${BASE}/login`);
    await submitLogin(page, 'manager.clinic', DEMO_PASSWORD);
    await waitForPath(page, '/manager');
    await page.getByTestId('main-nav').getByRole('link', { name: 'Services' }).click();
    await waitForPath(page, '/manager/services');
    await page.getByRole('button', { name: 'New service' }).click();
    const form = page.getByTestId('service-form');
    await form.waitFor({ timeout: TIMEOUT_MS });

    await form.getByLabel('Name').fill(`Rejected ${run}`);
    await form.getByLabel('Ticket prefix').fill('9');
    await form.getByLabel('Average service time (minutes)').fill('5');
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && /\/api\/v1\/departments\/\d+\/services$/.test(new URL(r.url()).pathname)),
      form.getByRole('button', { name: 'Create service' }).click(),
    ]);
    // Only the contract's fields are sent (a blank description is left out).
    assert.deepEqual(Object.keys(JSON.parse(request.postData() ?? '{}')).sort(), ['avg_service_minutes', 'name', 'prefix']);
    const response = await request.response();
    assert.equal(response?.status(), 400);
    const reply = await response.json();
    assert.equal(reply.error.code, 'validation_failed');
    assert.ok(reply.error.details.some((d) => d.field === 'prefix'), JSON.stringify(reply));

    const issue = form.locator('[data-testid="field-error"][data-field="prefix"]');
    await issue.waitFor({ timeout: TIMEOUT_MS });
    assert.ok((await issue.innerText()).trim().length > 0);
    assert.equal(await form.getByLabel('Ticket prefix').getAttribute('aria-invalid'), 'true');
    assert.equal(await form.getByLabel('Name').getAttribute('aria-invalid'), null);
    await screenshot(page, 'manager-service-field-error');
    await page.context().close();
  });

  test('(h) admin sees the system settings; an out-of-range value is refused at its field', async () => {
    const admin = await apiLogin('admin', DEMO_PASSWORD);
    const current = await api('GET', '/settings', { token: admin.access_token });
    assert.equal(current.status, 200);
    assert.ok(current.body && typeof current.body === 'object', 'GET /settings answered 200 without a JSON body');

    const page = await newPage();
    await page.goto(`${BASE}/login`);
    await submitLogin(page, 'admin', DEMO_PASSWORD);
    await waitForPath(page, '/admin');
    await page.getByTestId('main-nav').getByRole('link', { name: 'Settings' }).click();
    await waitForPath(page, '/admin/settings');
    const form = page.getByTestId('settings-form');
    await form.waitFor({ timeout: TIMEOUT_MS });
    const recalls = form.getByLabel('Recalls before a no-show');
    assert.equal(await recalls.inputValue(), String(current.body.max_recalls));
    assert.equal(await form.getByLabel('Announcement language').inputValue(), current.body.announcement_language);

    await recalls.fill('9999');
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'PATCH' && new URL(r.url()).pathname === '/api/v1/settings'),
      form.getByRole('button', { name: 'Save settings' }).click(),
    ]);
    assert.deepEqual(JSON.parse(request.postData() ?? 'null'), { max_recalls: 9999 }, 'only the changed key is sent');
    assert.equal((await request.response())?.status(), 400);
    await form.locator('[data-testid="field-error"][data-field="max_recalls"]').waitFor({ timeout: TIMEOUT_MS });
    await screenshot(page, 'admin-settings-field-error');
    await page.context().close();
  });

  test('no uncaught errors in the pages', () => {
    assert.deepEqual(pageErrors, []);
  });
});
