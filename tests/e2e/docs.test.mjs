// Browser test: the API reference at /docs renders the OpenAPI document that
// the workers serve (GET /api/v1/openapi.json), every route of it, with
// nothing fetched from outside the stack; the signed-in account menu links to
// it; and the kiosk never loads its chunk.
//
//   QSTREAM_URL=http://127.0.0.1:8080 node --test tests/e2e/docs.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launchBrowser, newPage as newRecordingPage, screenshot } from './support/browser.mjs';
import { signInAs } from './support/pages.mjs';

const TIMEOUT_MS = 20_000;
const VIEWPORT = { width: 1280, height: 900 };
const STACK_HOST = new URL(BASE).hostname;

let browser;
const pageErrors = [];

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  assert.deepEqual(pageErrors, [], 'uncaught errors in the pages');
});

/**
 * A page that records every request it makes (anywhere: the document, its
 * chunks, fonts, images, XHR) and every console error (a Content-Security-
 * Policy refusal is one).
 */
async function recordingPage() {
  const page = await newRecordingPage(browser, VIEWPORT, pageErrors);
  const requests = [];
  const consoleErrors = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  return { page, requests, consoleErrors };
}

/** The requests that went anywhere but the stack (data: and blob: URLs stay in the page). */
function foreign(requests) {
  return requests.filter((url) => {
    const u = new URL(url);
    return !['data:', 'blob:'].includes(u.protocol) && u.hostname !== STACK_HOST;
  });
}

/** method + path of every operation in the document, as "GET /tickets". */
function operations(spec) {
  const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    methods.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`),
  );
}

test('/docs renders every route of openapi.json, and nothing is fetched from outside the stack', async () => {
  const spec = await (await fetch(`${BASE}/api/v1/openapi.json`)).json();
  const expected = operations(spec).sort();
  assert.ok(expected.length > 20, `the document lists ${expected.length} operations`);

  const { page, requests, consoleErrors } = await recordingPage();
  await page.goto(`${BASE}/docs`);
  await page.getByRole('heading', { name: 'API reference' }).waitFor({ timeout: TIMEOUT_MS });
  // Swagger UI fetches the document itself, then draws one block per operation
  await page.locator('.opblock').first().waitFor({ timeout: TIMEOUT_MS });
  await page.waitForFunction((n) => document.querySelectorAll('.opblock').length >= n, expected.length, {
    timeout: TIMEOUT_MS,
  });
  assert.ok(requests.includes(`${BASE}/api/v1/openapi.json`), 'the page read the served document');

  const shown = await page.locator('.opblock').evaluateAll((blocks) =>
    blocks.map((b) => {
      const method = b.querySelector('.opblock-summary-method')?.textContent?.trim();
      const path = b.querySelector('.opblock-summary-path')?.getAttribute('data-path');
      return `${method} ${path}`;
    }),
  );
  assert.deepEqual([...new Set(shown)].sort(), expected, 'one block per operation of the document');

  // a few names a reader looks for, as a person sees them
  for (const name of ['/tickets', '/auth/login', '/display/{department_id}']) {
    assert.ok(
      await page.locator('.opblock-summary-path', { hasText: name }).first().isVisible(),
      `${name} is on the page`,
    );
  }
  // an operation opens with its parameters and responses
  const login = page.locator('.opblock', { has: page.locator('[data-path="/auth/login"]') }).first();
  await login.locator('.opblock-summary-control').click();
  await login.locator('.responses-wrapper').waitFor({ timeout: TIMEOUT_MS });
  assert.match(await login.locator('.responses-wrapper').innerText(), /200/);
  await screenshot(page, 'docs');

  assert.deepEqual(foreign(requests), [], 'requests that left the stack');
  assert.deepEqual(consoleErrors, [], 'console errors (a Content-Security-Policy refusal is one)');
  await page.context().close();
});

test('the account menu of a signed-in screen links to /docs', async () => {
  const { page, requests } = await recordingPage();
  await signInAs(page, 'manager.clinic', 'qstream-demo', '/manager');
  await page.getByTestId('signed-in-as').click();
  await page.getByRole('link', { name: 'API reference' }).click();
  await page.waitForURL(`${BASE}/docs`, { timeout: TIMEOUT_MS });
  await page.locator('.opblock').first().waitFor({ timeout: TIMEOUT_MS });
  assert.deepEqual(foreign(requests), [], 'requests that left the stack');
  await page.context().close();
});

test('the kiosk does not load the API reference', async () => {
  const { page, requests } = await recordingPage();
  await page.goto(`${BASE}/kiosk/1`);
  await page.locator('button').first().waitFor({ timeout: TIMEOUT_MS });
  await page.waitForLoadState('networkidle');
  const scripts = requests.filter((url) => /\.(js|css)$/.test(new URL(url).pathname));
  assert.ok(scripts.length > 0, 'the kiosk loaded its scripts');
  assert.deepEqual(
    scripts.filter((url) => /DocsRoute|swagger/i.test(url)),
    [],
    'the kiosk fetched the API reference',
  );
  await page.context().close();
});
