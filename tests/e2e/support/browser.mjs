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

/** Sign in through the login form (the page must be on /login). */
export async function signIn(page, username, password) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Record every WebSocket the page opens (not the ones a `routeWebSocket`
 * handler mocks): the JSON messages it sends and receives, in order, and
 * whether it closed. Call before the page navigates.
 */
export function recordSockets(page) {
  const sockets = [];
  const parse = (payload) => {
    try {
      return JSON.parse(typeof payload === 'string' ? payload : payload.toString());
    } catch {
      return { type: '(not json)' };
    }
  };
  page.on('websocket', (ws) => {
    const entry = { url: ws.url(), sent: [], received: [], closed: false };
    sockets.push(entry);
    ws.on('framesent', (frame) => entry.sent.push(parse(frame.payload)));
    ws.on('framereceived', (frame) => entry.received.push(parse(frame.payload)));
    ws.on('close', () => {
      entry.closed = true;
    });
  });
  return {
    sockets,
    /** Every message sent on any socket of the page, with the socket's index. */
    sent: () => sockets.flatMap((s, i) => s.sent.map((m) => ({ ...m, socket: i }))),
    received: () => sockets.flatMap((s, i) => s.received.map((m) => ({ ...m, socket: i }))),
  };
}
