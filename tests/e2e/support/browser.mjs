// Shared pieces of the browser tests: the stack's URL, Debian's headless
// Chromium through playwright-core, pages that record uncaught errors, and
// screenshots in tests/e2e/artifacts/ (gitignored).
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE = (process.env.QSTREAM_URL ?? '').replace(/\/+$/, '');
if (!BASE) {
  throw new Error(
    'QSTREAM_URL is not set: point it at a running QStream stack, e.g. QSTREAM_URL=http://127.0.0.1:8080',
  );
}

export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium, with the artifacts directory ready. */
export async function launchBrowser() {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A page in a fresh context (own storage); uncaught errors go to `pageErrors`. */
export async function newPage(browser, viewport, pageErrors) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  return page;
}

export async function screenshot(page, name, { fullPage = false } = {}) {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage });
}

export function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
