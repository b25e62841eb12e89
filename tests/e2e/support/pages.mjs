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

/**
 * The page does not scroll sideways at its current size: nothing reaches past
 * the window's right edge, but for what sits in a box that scrolls sideways
 * itself (a wide table) or only screen readers get.
 */
export async function assertNoSidewaysSpill(page) {
  const spill = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 1 && !e.closest('.overflow-x-auto, .sr-only'))
      .slice(0, 5)
      .map((e) => `${e.tagName}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`.slice(0, 120));
    return { px: document.documentElement.scrollWidth - width, wide };
  });
  assert.ok(spill.px <= 0, `the page is ${spill.px} px wider than the window: ${spill.wide.join(' | ')}`);
}
