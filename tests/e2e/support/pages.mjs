// Page helpers of the browser tests: signing in on a page, and noticing a reload.
import assert from 'node:assert/strict';
import { BASE, signIn } from './browser.mjs';

/** Sign in on `page` through the login form and wait for the role's home (`/manager`, `/staff`, `/admin`). */
export async function signInAs(page, username, password, home, timeout = 15_000) {
  await page.goto(`${BASE}/login`);
  await signIn(page, username, password);
  await page.waitForURL((url) => url.pathname === home, { timeout });
}

/** Mark a page so that a reload would show (the marker would be gone); resolves to the check. */
export async function markPage(page) {
  const marker = `e2e-${Math.random()}`;
  await page.evaluate((m) => {
    window.__qsE2eMarker = m;
  }, marker);
  return async () => {
    assert.equal(await page.evaluate(() => window.__qsE2eMarker), marker, `${page.url()} was reloaded`);
  };
}
