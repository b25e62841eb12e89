// Browser test: one ticket's whole life, live on every screen, without a reload.
//
//   QSTREAM_URL=http://127.0.0.1:8080 node --test tests/e2e/
//
// The display board of department 1 (sound on, speech recorded), the kiosk, the
// customer's tracking page on a phone, and the staff console of staff.clinic1:
// a ticket is taken, called out of order from the console's list, announced on
// the board, shown as called on the phone, started, completed and rated 5.
// Needs a running stack with the demo data (password `qstream-demo`), serving
// the built SPA (www/dist), /api/ and /ws at QSTREAM_URL, and Debian's Chromium.
// Screenshots go to tests/e2e/artifacts/ (gitignored).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, escapeRegExp, launchBrowser, newPage as newRecordingPage, screenshot } from './support/browser.mjs';
import { findPublicDepartment } from './support/department.mjs';

const DEPARTMENT_ID = 1;
const STAFF = 'staff.clinic1';
const DEMO_PASSWORD = 'qstream-demo';
const TIMEOUT_MS = 15_000;
const TICKET_NUMBER = /^[A-Z]{1,3}-\d{3,}$/;

let browser;
const pageErrors = [];
/** What the test holds, for the cleanup in `after`. */
const held = { counterId: null, ticketId: null, publicId: null };
/** The completed ticket of the first test, for the complaint test. */
let servedPublicId = null;

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

/** The department's last service (the other browser tests use the first). */
async function lastService() {
  const { services } = await findPublicDepartment(DEPARTMENT_ID);
  return services[services.length - 1];
}

async function staffToken() {
  const res = await api('POST', '/auth/login', { body: { username: STAFF, password: DEMO_PASSWORD } });
  assert.equal(res.status, 200, `API login of ${STAFF}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Finish whatever staff.clinic1 still has (a called or serving ticket, an open counter) from an earlier run. */
async function releaseStaff() {
  const { access_token: token, user } = await staffToken();
  const active = await api('GET', `/tickets?department_id=${DEPARTMENT_ID}&status=called,serving&limit=200`, { token });
  for (const t of active.body?.items ?? []) {
    if (t.served_by !== user.id) continue;
    if (t.status === 'called') await api('POST', `/tickets/${t.id}/no-show`, { token });
    else await api('POST', `/tickets/${t.id}/complete`, { token, body: {} });
  }
  const counters = await api('GET', `/departments/${DEPARTMENT_ID}/counters?limit=200`, { token });
  for (const c of counters.body?.items ?? []) {
    if (c.staff_id === user.id && c.state !== 'closed') await api('POST', `/counters/${c.id}/close`, { token });
  }
}

function newPage(viewport) {
  return newRecordingPage(browser, viewport, pageErrors);
}

/** Mark a page so that a reload would show (the marker would be gone). */
async function markPage(page) {
  const marker = `e2e-${Math.random()}`;
  await page.evaluate((m) => {
    window.__qsE2eMarker = m;
  }, marker);
  return async () => {
    assert.equal(await page.evaluate(() => window.__qsE2eMarker), marker, `${page.url()} was reloaded`);
  };
}

/** "C-004" → "C 0 0 4": how the board spells a ticket. */
function spelled(ticketNumber) {
  return ticketNumber.replace(/[^A-Za-z0-9]/g, '').split('').join(' ');
}

before(async () => {
  const department = await findPublicDepartment(DEPARTMENT_ID);
  assert.ok(department?.open_now, `department ${DEPARTMENT_ID} must exist and be open now`);
  await releaseStaff();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  try {
    const { access_token: token } = await staffToken();
    if (held.ticketId !== null) {
      const t = await api('GET', `/tickets/${held.ticketId}`, { token });
      if (t.body?.status === 'called') await api('POST', `/tickets/${held.ticketId}/no-show`, { token });
      if (t.body?.status === 'serving') await api('POST', `/tickets/${held.ticketId}/complete`, { token, body: {} });
    } else if (held.publicId !== null) {
      await api('POST', `/tickets/track/${held.publicId}/cancel`);
    }
    if (held.counterId !== null) await api('POST', `/counters/${held.counterId}/close`, { token });
  } catch (err) {
    console.error(`cleanup: ${err.message}`);
  }
});

describe('the queue, live on every screen', () => {
  test('kiosk → console → board (spoken) → phone, then start, complete and a 5-star rating', async () => {
    // 1. The board: live, sound enabled, speech recorded instead of spoken.
    const board = await newPage({ width: 1920, height: 1080 });
    await board.addInitScript(() => {
      window.__spoken = [];
      if (window.speechSynthesis) {
        window.speechSynthesis.speak = (utterance) => {
          window.__spoken.push(utterance.text);
          setTimeout(() => utterance.dispatchEvent(new Event('end')), 20);
        };
      }
    });
    await board.goto(`${BASE}/display/${DEPARTMENT_ID}`);
    await board.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: TIMEOUT_MS });
    await board.getByRole('button', { name: 'Enable sound' }).click();
    await board.locator('[data-testid="sound-toggle"][data-state="on"]').waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await board.evaluate(() => localStorage.getItem('qstream.display.sound')), 'on');
    const boardNotReloaded = await markPage(board);

    // 2. The kiosk: a ticket, with a QR code of its tracking link.
    const kiosk = await newPage({ width: 1280, height: 1024 });
    await kiosk.goto(`${BASE}/kiosk/${DEPARTMENT_ID}`);
    // The last service and the last free counter: the other browser tests run at the same time
    // and use the first ones (their waiting counts must not move because of this test).
    const button = kiosk.getByTestId('service-button').last();
    await button.waitFor({ timeout: TIMEOUT_MS });
    const [created] = await Promise.all([
      kiosk.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/tickets'),
      button.click(),
    ]);
    assert.equal(created.status(), 201, `POST /tickets answered ${created.status()}`);
    const issued = await created.json();
    held.publicId = issued.public_id;
    await kiosk.getByTestId('ticket-number').waitFor({ timeout: TIMEOUT_MS });
    const ticketNumber = (await kiosk.getByTestId('ticket-number').innerText()).trim();
    assert.match(ticketNumber, TICKET_NUMBER);
    assert.equal(ticketNumber, issued.ticket_number);
    const trackUrl = await kiosk.getByTestId('ticket-qr').getAttribute('data-track-url');
    assert.equal(trackUrl, issued.track_url, 'the QR code encodes the ticket’s track_url');
    assert.match(new URL(trackUrl).pathname, new RegExp(`^/t/${escapeRegExp(issued.public_id)}$`));
    const qrPath = await kiosk.locator('[data-testid="qr-code"] path').getAttribute('d');
    assert.ok(qrPath && qrPath.length > 200, 'the QR code has modules');
    assert.match(await kiosk.getByTestId('ticket-estimate').innerText(), /min|wait|h/);
    await screenshot(kiosk, 'queue-kiosk-ticket');

    // 3. The customer's phone follows the ticket (the link's path on this stack).
    const phone = await newPage({ width: 390, height: 844 });
    await phone.goto(`${BASE}${new URL(trackUrl).pathname}`);
    await phone.locator('[data-testid="track-status"][data-status="waiting"]').waitFor({ timeout: TIMEOUT_MS });
    assert.equal((await phone.getByTestId('track-number').innerText()).trim(), ticketNumber);
    assert.match((await phone.getByTestId('track-position').innerText()).trim(), /^\d+$/);
    await phone.locator('[data-testid="live-badge"][data-state="live"]').waitFor({ timeout: TIMEOUT_MS });
    await screenshot(phone, 'queue-track-waiting', { fullPage: true });
    const phoneNotReloaded = await markPage(phone);

    // 4. Staff sign in, open a free counter serving every service, and see the console.
    const desk = await newPage({ width: 1440, height: 1000 });
    await desk.goto(`${BASE}/login`);
    await desk.getByLabel('Username').fill(STAFF);
    await desk.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await desk.getByRole('button', { name: 'Sign in' }).click();
    await desk.waitForURL((url) => url.pathname === '/staff', { timeout: TIMEOUT_MS });
    await desk.getByTestId('desk-counter').first().waitFor({ timeout: TIMEOUT_MS });
    const free = desk
      .locator('[data-testid="desk-counter"][data-state="closed"]')
      .filter({ hasText: 'All services' })
      .last();
    assert.ok((await free.count()) > 0, 'no closed counter serving all services');
    const counterId = Number(await free.getAttribute('data-counter-id'));
    const counterName = (await free.locator('h2').innerText()).trim();
    const [opened] = await Promise.all([
      desk.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/counters/${counterId}/open`),
      free.getByRole('button', { name: /^Open/ }).click(),
    ]);
    assert.equal(opened.status(), 200, `POST /counters/${counterId}/open answered ${opened.status()}`);
    held.counterId = counterId;
    const console_ = desk.locator(`[data-testid="console"][data-counter-id="${counterId}"]`);
    await console_.waitFor({ timeout: TIMEOUT_MS });
    await desk.locator('[data-testid="current-ticket"][data-status="none"]').waitFor({ timeout: TIMEOUT_MS });
    const deskNotReloaded = await markPage(desk);

    // 5. Find the ticket in the live waiting list and call it out of order.
    await desk.getByTestId('waiting-search').fill(ticketNumber);
    const row = desk.locator(`[data-testid="waiting-row"][data-ticket-number="${ticketNumber}"]`);
    await row.waitFor({ timeout: TIMEOUT_MS });
    held.ticketId = Number(await row.getAttribute('data-ticket-id'));
    await screenshot(desk, 'queue-staff-console-list');
    const [call] = await Promise.all([
      desk.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/tickets/${held.ticketId}/call`),
      row.getByRole('button', { name: `Call ${ticketNumber}` }).click(),
    ]);
    assert.equal(call.status(), 200, `POST /tickets/${held.ticketId}/call answered ${call.status()}: ${await call.text()}`);
    const current = desk.locator(`[data-testid="current-ticket"][data-status="called"][data-ticket-number="${ticketNumber}"]`);
    await current.waitFor({ timeout: TIMEOUT_MS });
    await screenshot(desk, 'queue-staff-console');

    // 6. The board shows it under "now serving" with the counter, and says it.
    const serving = board.locator(`[data-testid="now-serving-item"][data-ticket-number="${ticketNumber}"]`);
    await serving.waitFor({ timeout: TIMEOUT_MS });
    assert.match(await serving.innerText(), new RegExp(escapeRegExp(counterName)));
    assert.match(await board.getByTestId('now-serving').innerText(), /now serving/i);
    await board.waitForFunction(
      (digits) => window.__spoken.some((text) => text.includes(digits) && /counter/i.test(text)),
      spelled(ticketNumber),
      { timeout: TIMEOUT_MS, polling: 100 },
    );
    const spoken = await board.evaluate(() => window.__spoken);
    const announcement = spoken.find((text) => text.includes(spelled(ticketNumber)));
    assert.match(announcement, new RegExp(`^Ticket ${escapeRegExp(spelled(ticketNumber))}, counter`));
    await screenshot(board, 'queue-board');

    // 7. The phone says "called" and where to go.
    await phone.locator('[data-testid="track-status"][data-status="called"]').waitFor({ timeout: TIMEOUT_MS });
    assert.match(await phone.getByTestId('called-counter').innerText(), new RegExp(escapeRegExp(counterName)));
    await screenshot(phone, 'queue-track-called', { fullPage: true });

    // 8. Staff start and complete it (with a note).
    await current.getByTestId('action-start').click();
    const servingCard = desk.locator(`[data-testid="current-ticket"][data-status="serving"][data-ticket-number="${ticketNumber}"]`);
    await servingCard.waitFor({ timeout: TIMEOUT_MS });
    await servingCard.getByLabel(/Notes/).fill('e2e: served');
    const [completed] = await Promise.all([
      desk.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/tickets/${held.ticketId}/complete`),
      servingCard.getByTestId('action-complete').click(),
    ]);
    assert.equal(completed.status(), 200);
    assert.deepEqual(JSON.parse(completed.request().postData() ?? 'null'), { notes: 'e2e: served' });
    await desk.locator('[data-testid="current-ticket"][data-status="none"]').waitFor({ timeout: TIMEOUT_MS });
    held.ticketId = null;
    held.publicId = null;

    // 9. The customer rates the visit 5 and is thanked.
    await phone.getByTestId('rating-form').waitFor({ timeout: TIMEOUT_MS });
    await phone.getByLabel('5 stars').check({ force: true });
    const [rated] = await Promise.all([
      phone.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/rating')),
      phone.getByTestId('rating-submit').click(),
    ]);
    assert.equal(rated.status(), 200);
    assert.equal(JSON.parse(rated.request().postData() ?? 'null').rating, 5);
    await phone.getByTestId('rating-thanks').waitFor({ timeout: TIMEOUT_MS });
    assert.match(await phone.getByTestId('rating-thanks').innerText(), /thank you/i);
    await screenshot(phone, 'queue-track-rated', { fullPage: true });
    servedPublicId = issued.public_id;

    // 10. The counter is closed again; nothing was reloaded.
    await desk.getByTestId('close-my-counter').click();
    await console_.waitFor({ state: 'detached', timeout: TIMEOUT_MS });
    held.counterId = null;
    await boardNotReloaded();
    await phoneNotReloaded();
    await deskNotReloaded();
    assert.deepEqual(pageErrors, [], 'uncaught errors in the pages');
    for (const page of [board, kiosk, phone, desk]) await page.context().close();
  });

  test('a waiting customer runs late twice, then leaves the queue after confirming', async () => {
    const res = await api('POST', '/tickets', { body: { service_id: (await lastService()).id } });
    assert.equal(res.status, 201, `POST /tickets: ${res.status} ${JSON.stringify(res.body)}`);
    held.publicId = res.body.public_id;
    const phone = await newPage({ width: 390, height: 844 });
    await phone.goto(`${BASE}/t/${res.body.public_id}`);
    await phone.locator('[data-testid="track-status"][data-status="waiting"]').waitFor({ timeout: TIMEOUT_MS });
    assert.match(await phone.getByTestId('delays-left').innerText(), /2 delays left/);

    for (const left of ['1 delay left', 'used both delays']) {
      const [delayed] = await Promise.all([
        phone.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/delay')),
        phone.getByTestId('delay-button').click(),
      ]);
      assert.equal(delayed.status(), 200);
      await phone.getByTestId('delays-left').filter({ hasText: left }).waitFor({ timeout: TIMEOUT_MS });
    }
    assert.equal(await phone.getByTestId('delay-button').isDisabled(), true, 'a third delay is not offered');

    await phone.getByTestId('cancel-button').click();
    const [cancelled] = await Promise.all([
      phone.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/cancel')),
      phone.getByTestId('cancel-confirm').click(),
    ]);
    assert.equal(cancelled.status(), 200);
    await phone.locator('[data-testid="track-status"][data-status="cancelled"]').waitFor({ timeout: TIMEOUT_MS });
    held.publicId = null;
    await screenshot(phone, 'queue-track-cancelled', { fullPage: true });

    await phone.goto(`${BASE}/t/no-such-ticket-0000`);
    await phone.getByTestId('track-not-found').waitFor({ timeout: TIMEOUT_MS });
    await phone.context().close();
  });

  test('the customer complains; the manager sees it and resolves it', async () => {
    assert.ok(servedPublicId, 'needs the ticket completed by the first test');
    const phone = await newPage({ width: 390, height: 844 });
    await phone.goto(`${BASE}/t/${servedPublicId}`);
    await phone.getByTestId('rating-thanks').waitFor({ timeout: TIMEOUT_MS });
    await phone.getByTestId('complaint-open').click();
    const form = phone.getByTestId('complaint-form');
    await form.getByLabel('What is it about?').selectOption('facility');
    const message = `e2e ${Date.now()}: the waiting room was cold`;
    await form.getByLabel('Your message').fill(message);
    const [sent] = await Promise.all([
      phone.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/complaints')),
      form.getByTestId('complaint-submit').click(),
    ]);
    assert.equal(sent.status(), 201);
    const complaintId = (await sent.json()).id;
    await phone.getByTestId('complaint-thanks').waitFor({ timeout: TIMEOUT_MS });
    assert.match(await phone.getByTestId('complaint-thanks').innerText(), new RegExp(`#${complaintId}`));
    await phone.context().close();

    const page = await newPage({ width: 1280, height: 900 });
    await page.goto(`${BASE}/login`);
    await page.getByLabel('Username').fill('manager.clinic');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/manager', { timeout: TIMEOUT_MS });
    await page.getByTestId('main-nav').getByRole('link', { name: 'Complaints' }).click();
    const card = page.locator(`[data-testid="complaint"][data-complaint-id="${complaintId}"]`);
    await card.waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await card.getAttribute('data-status'), 'open');
    assert.match(await card.innerText(), new RegExp(escapeRegExp(message)));
    await card.getByTestId('complaint-resolve-open').click();
    await card.getByLabel('What was done about it?').fill('Heating fixed.');
    await screenshot(page, 'queue-manager-complaint');
    const [patched] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === `/api/v1/complaints/${complaintId}`),
      card.getByRole('button', { name: 'Mark resolved' }).click(),
    ]);
    assert.equal(patched.status(), 200);
    assert.deepEqual(JSON.parse(patched.request().postData() ?? 'null'), { status: 'resolved', resolution: 'Heating fixed.' });
    await card.waitFor({ state: 'detached', timeout: TIMEOUT_MS }); // gone from the open ones
    await page.getByTestId('complaint-filter').getByRole('button', { name: 'Resolved' }).click();
    const resolved = page.locator(`[data-testid="complaint"][data-complaint-id="${complaintId}"][data-status="resolved"]`);
    await resolved.waitFor({ timeout: TIMEOUT_MS });
    assert.match(await resolved.getByTestId('complaint-resolution').innerText(), /Heating fixed\./);
    await page.context().close();
  });

  test('no uncaught errors in the pages', () => {
    assert.deepEqual(pageErrors, []);
  });
});
