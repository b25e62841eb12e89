// Browser test: the display board updates live while a kiosk issues a ticket.
//
//   QSTREAM_URL=http://127.0.0.1:8080 node --test tests/e2e/
//
// Needs a running stack serving the built SPA (www/dist), /api/ and /ws at
// QSTREAM_URL, and Debian's Chromium at /usr/bin/chromium. Screenshots go to
// tests/e2e/artifacts/ (gitignored).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE,
  escapeRegExp,
  launchBrowser,
  newPage as newErrorRecordingPage,
  screenshot,
} from './support/browser.mjs';
import { findPublicDepartment } from './support/department.mjs';

const TICKET_NUMBER = /^[A-Z]{1,3}-\d{3,}$/;
const LIVE_TIMEOUT_MS = 15_000;
const UPDATE_TIMEOUT_MS = 10_000;

let browser;
let department; // the first open department with a service, from the public API
const pageErrors = [];

async function getJson(path) {
  const res = await fetch(`${BASE}${path}`, { headers: { Accept: 'application/json' } });
  const text = await res.text();
  assert.equal(res.status, 200, `GET ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

function newPage(viewport) {
  return newErrorRecordingPage(browser, viewport, pageErrors);
}

/** The board's waiting count for one service, read from its stable test id. */
function boardWaitingCount(page, serviceId) {
  return page
    .locator(`[data-testid="waiting-count"][data-service-id="${serviceId}"]`)
    .innerText()
    .then((text) => Number(text.trim()));
}

before(async () => {
  const list = await getJson('/api/v1/public/departments');
  assert.ok(Array.isArray(list.items) && list.items.length > 0, 'no department in /public/departments');
  department = await findPublicDepartment((d) => d.open_now && d.services.length > 0);
  assert.ok(
    department,
    `no open department with an active service among the first page: ${list.items
      .map((d) => `${d.id} ${d.name} open_now=${d.open_now} services=${d.services.length}`)
      .join('; ')}`,
  );
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

describe('QStream SPA', () => {
  test('home lists the departments with kiosk and display links', async () => {
    const page = await newPage({ width: 1280, height: 900 });
    await page.goto(`${BASE}/`);
    const card = page.locator(`[data-testid="department-card"][data-department-id="${department.id}"]`);
    await card.waitFor({ timeout: LIVE_TIMEOUT_MS });
    assert.match(await card.innerText(), new RegExp(escapeRegExp(department.name)));
    assert.equal(await card.getByTestId('kiosk-link').getAttribute('href'), `/kiosk/${department.id}`);
    assert.equal(await card.getByTestId('display-link').getAttribute('href'), `/display/${department.id}`);
    await screenshot(page, 'home');
    await page.context().close();
  });

  test('a kiosk ticket reaches the display board live, without a reload', async () => {
    // 1. The board, live.
    const board = await newPage({ width: 1920, height: 1080 });
    await board.goto(`${BASE}/display/${department.id}`);
    await board
      .locator('[data-testid="connection-status"][data-state="live"]')
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    assert.equal(await board.getByTestId('connection-status').innerText().then((t) => t.trim().toLowerCase()), 'live');
    // The socket may be live before the REST snapshot has filled in the title.
    await board.waitForFunction(
      (name) => document.querySelector('[data-testid="board-title"]')?.textContent.trim() === name,
      department.name,
      { timeout: LIVE_TIMEOUT_MS, polling: 100 },
    );
    assert.equal(await board.getByTestId('board-title').innerText(), department.name);
    const marker = `e2e-${Date.now()}-${Math.random()}`;
    const originBefore = await board.evaluate((m) => {
      window.__qsE2eMarker = m;
      return performance.timeOrigin;
    }, marker);
    await screenshot(board, 'display-before');

    // 2. The kiosk: one press of the first service.
    const kiosk = await newPage({ width: 1280, height: 1024 });
    await kiosk.goto(`${BASE}/kiosk/${department.id}`);
    const button = kiosk.getByTestId('service-button').first();
    await button.waitFor({ timeout: LIVE_TIMEOUT_MS });
    const serviceId = Number(await button.getAttribute('data-service-id'));
    const service = department.services.find((s) => s.id === serviceId);
    assert.ok(service, `kiosk button for service ${serviceId}, which the API did not list`);
    await screenshot(kiosk, 'kiosk');

    const countBefore = await boardWaitingCount(board, serviceId);
    assert.ok(Number.isInteger(countBefore) && countBefore >= 0, `board waiting count: ${countBefore}`);

    const [request] = await Promise.all([
      kiosk.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/tickets'),
      button.click(),
    ]);
    assert.deepEqual(JSON.parse(request.postData() ?? 'null'), { service_id: serviceId });
    assert.match(request.headers()['idempotency-key'] ?? '', /^[0-9a-f-]{36}$/i, 'Idempotency-Key header');
    const response = await request.response();
    assert.equal(response?.status(), 201, `POST /tickets answered ${response?.status()}`);

    const numberEl = kiosk.getByTestId('ticket-number');
    await numberEl.waitFor({ timeout: UPDATE_TIMEOUT_MS });
    const ticketNumber = (await numberEl.innerText()).trim();
    assert.match(ticketNumber, TICKET_NUMBER);
    assert.ok(ticketNumber.startsWith(`${service.prefix}-`), `${ticketNumber} has prefix ${service.prefix}`);
    assert.equal((await kiosk.getByTestId('ticket-service').innerText()).trim(), service.name);
    await screenshot(kiosk, 'kiosk-ticket');

    // 3. The board shows it: the number among the next ones, or (long queue) one more waiting.
    await board.waitForFunction(
      ({ serviceId, ticketNumber, countBefore }) => {
        const sel = (id) => `[data-service-id="${serviceId}"][data-testid="${id}"]`;
        const next = [...document.querySelectorAll(sel('waiting-next'))].map((el) => el.textContent.trim());
        const count = Number(document.querySelector(sel('waiting-count'))?.textContent.trim());
        return next.includes(ticketNumber) || count === countBefore + 1;
      },
      { serviceId, ticketNumber, countBefore },
      { timeout: UPDATE_TIMEOUT_MS, polling: 100 },
    );
    const countAfter = await boardWaitingCount(board, serviceId);
    const nextAfter = await board
      .locator(`[data-testid="waiting-next"][data-service-id="${serviceId}"]`)
      .allInnerTexts();
    assert.ok(
      nextAfter.map((t) => t.trim()).includes(ticketNumber) || countAfter === countBefore + 1,
      `board: next=${nextAfter.join(',')} count ${countBefore} -> ${countAfter}`,
    );

    // ... without a reload, and still live.
    const [originAfter, markerAfter] = await board.evaluate(() => [performance.timeOrigin, window.__qsE2eMarker]);
    assert.equal(originAfter, originBefore, 'the board page was reloaded');
    assert.equal(markerAfter, marker, 'the board page was reloaded');
    assert.equal(await board.getByTestId('connection-status').getAttribute('data-state'), 'live');
    await screenshot(board, 'display-after');

    // 4. The kiosk goes back to its buttons.
    await kiosk.getByTestId('ticket-done').click();
    await kiosk.getByTestId('service-button').first().waitFor({ timeout: UPDATE_TIMEOUT_MS });

    assert.deepEqual(pageErrors, [], 'uncaught errors in the pages');
    await kiosk.context().close();
    await board.context().close();
  });
});
