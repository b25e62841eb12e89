// The public department list pages (at most 200 a page): a department past
// the first page is still on the home page, and its kiosk still finds its
// services and takes a ticket.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { api, findPublicDepartment, makeDepartment, sql, until } from '../api/lib.mjs';

const TIMEOUT_MS = 15_000;
const tag = `Paging filler ${Date.now()}`;
let browser;
let dept;
const pageErrors = [];

before(async () => {
  // more than one page of 200 before the department of the test
  const active = Number(sql('SELECT count(*) FROM departments WHERE active'));
  const filler = Math.max(0, 205 - active);
  sql(`INSERT INTO departments (name, timezone)
       SELECT '${tag} ' || i, 'UTC' FROM generate_series(1, ${filler}) i`);
  dept = await makeDepartment({ timezone: 'UTC', prefixes: ['PG'], staff: 0 });
  // made in SQL: the cached pages show it within their 2 s
  await until(async () => (await findPublicDepartment(dept.id))?.services.length === 1, 10_000,
    'the new department in the public list');
  const first = await api('GET', '/public/departments?limit=200');
  assert.ok(first.json.total > 200, `total ${first.json.total}`);
  assert.ok(!first.json.items.some((d) => d.id === dept.id), 'the department is past the first page');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  sql(`UPDATE departments SET active = false WHERE name LIKE '${tag} %' OR id = ${dept?.id ?? 0}`);
  assert.deepEqual(pageErrors, []);
});

test('the home page lists a department past the first page', async () => {
  const page = await newPage(browser, { width: 1280, height: 900 }, pageErrors);
  await page.goto(`${BASE}/`);
  const card = page.locator(`[data-testid="department-card"][data-department-id="${dept.id}"]`);
  await card.waitFor({ timeout: TIMEOUT_MS });
  assert.equal(await page.locator('[data-testid="department-card"]').count(),
    Number(sql('SELECT count(*) FROM departments WHERE active')));
  await page.context().close();
});

test('the kiosk of a department past the first page shows its service and takes a ticket', async () => {
  const page = await newPage(browser, { width: 1280, height: 900 }, pageErrors);
  await page.goto(`${BASE}/kiosk/${dept.id}`);
  const button = page.locator(`[data-testid="service-button"][data-service-id="${dept.services[0]}"]`);
  await button.waitFor({ timeout: TIMEOUT_MS });
  const [res] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/tickets' && r.request().method() === 'POST'),
    button.click(),
  ]);
  assert.equal(res.status(), 201, await res.text());
  assert.match((await res.json()).ticket_number, /^PG-\d{3,}$/);
  await screenshot(page, 'kiosk-past-first-page');
  await page.context().close();
});
