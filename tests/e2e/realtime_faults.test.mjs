// Browser test (issue 5): the display board stays correct across a bridge
// restart and a Redis restart, without a reload, and says "reconnecting"
// when the bridge goes down, then "polling" while it stays down.
//
//   QSTREAM_URL=... QSTREAM_STATE_DIR=... QSTREAM_REDIS_PORT=... node --test tests/e2e/realtime_faults.test.mjs
//
// scripts/dev test exports all of these. The test stops and restarts the
// stack's qstream-wsbridge and Redis, so it must not share a stack with other
// tests that need them at the same time (run the browser tests with
// --test-concurrency=1).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { BASE, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { api, findPublicDepartment, stack, until, STATE, WsClient } from '../api/lib.mjs';

if (!STATE) throw new Error('QSTREAM_STATE_DIR is not set: run the tests with scripts/dev test');

const LIVE_TIMEOUT_MS = 15_000;
const DOWN_TIMEOUT_MS = 15_000;
const BRIDGE_RECOVERY_MS = 20_000;
const REDIS_RECOVERY_MS = 30_000;
const UPDATE_TIMEOUT_MS = 10_000;

let browser;
let board;
let department; // the first open department with a service, as display_live picks it
let service; // one the other browser tests do not use: not the first, not the last
const pageErrors = [];

function pidAlive(file) {
  if (!existsSync(file)) return false;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
const bridgeRunning = () => pidAlive(`${STATE}/run/wsbridge.pid`);
const redisRunning = () => pidAlive(stack.redisPidFile());

async function bridgeAcceptsSockets() {
  const c = new WsClient();
  try {
    await c.opened;
    await c.close();
    return true;
  } catch {
    return false;
  }
}

async function snapshot() {
  const r = await api('GET', `/display/${department.id}`);
  assert.equal(r.status, 200, `GET /display/${department.id}: ${r.status} ${r.text.slice(0, 300)}`);
  return r.json;
}

async function restCount() {
  const w = (await snapshot()).waiting.find((x) => x.service_id === service.id);
  assert.ok(w, `service ${service.id} missing from the display snapshot`);
  return w.count;
}

async function takeTicket() {
  const r = await api('POST', '/tickets', { body: { service_id: service.id } });
  assert.equal(r.status, 201, `POST /tickets answered ${r.status}: ${r.text.slice(0, 300)}`);
  return r.json;
}

/** The board's state and waiting count for our service, as the page shows them. */
function boardView() {
  return board.evaluate((serviceId) => {
    const state = document.querySelector('[data-testid="connection-status"]')?.getAttribute('data-state') ?? null;
    const el = document.querySelector(`[data-testid="waiting-count"][data-service-id="${serviceId}"]`);
    return { state, count: el ? Number(el.textContent.trim()) : null };
  }, service.id);
}

/** Wait until the board is live and shows the REST snapshot's count; returns that count. */
async function boardMatchesRest(timeoutMs, what) {
  let last = {};
  try {
    await until(async () => {
      const view = await boardView();
      const rest = await restCount();
      last = { ...view, rest };
      return view.state === 'live' && view.count === rest;
    }, timeoutMs, what);
  } catch (err) {
    err.message += `: board ${JSON.stringify(last)}`;
    throw err;
  }
  return last.count;
}

async function assertNotReloaded(marker, origin) {
  const [originNow, markerNow] = await board.evaluate(() => [performance.timeOrigin, window.__qsE2eMarker]);
  assert.equal(originNow, origin, 'the board page was reloaded');
  assert.equal(markerNow, marker, 'the board page was reloaded');
}

before(async () => {
  department = await findPublicDepartment((d) => d.open_now && d.services.length > 0);
  assert.ok(department, 'no open department with an active service');
  const { services } = department;
  service = services.length >= 3 ? services[1] : services[0];
  browser = await launchBrowser();
});

after(async () => {
  // Leave the stack as we found it, whatever failed.
  if (!redisRunning() && stack.redisArgv) await stack.redisStart().catch((e) => console.error('# redis start:', e));
  if (!bridgeRunning()) stack.daemonStart('wsbridge');
  await until(bridgeAcceptsSockets, 15_000, 'the bridge to accept sockets').catch((e) => console.error('#', e.message));
  await until(async () => (await api('GET', '/health')).json?.status === 'ok', 15_000, 'health ok')
    .catch((e) => console.error('#', e.message));
  await browser?.close();
});

describe('display board through faults', () => {
  let marker;
  let origin;

  test('the board is live', async () => {
    board = await newPage(browser, { width: 1920, height: 1080 }, pageErrors);
    await board.goto(`${BASE}/display/${department.id}`);
    await board.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    await board
      .locator(`[data-testid="waiting-count"][data-service-id="${service.id}"]`)
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    await boardMatchesRest(LIVE_TIMEOUT_MS, 'the board to match the REST snapshot');
    marker = `e2e-faults-${Date.now()}-${Math.random()}`;
    origin = await board.evaluate((m) => {
      window.__qsE2eMarker = m;
      return performance.timeOrigin;
    }, marker);
  });

  test('bridge restart: "reconnecting", then "polling" while down, then live and correct without a reload', async () => {
    assert.ok(marker, 'the board did not come up');
    // every state the indicator shows, in order: "reconnecting" may last only
    // until the third failed attempt, faster than a test can sample it
    await board.evaluate(() => {
      const el = document.querySelector('[data-testid="connection-status"]');
      window.__qsStates = [el.getAttribute('data-state')];
      new MutationObserver(() => {
        const st = document.querySelector('[data-testid="connection-status"]')?.getAttribute('data-state');
        if (st && st !== window.__qsStates.at(-1)) window.__qsStates.push(st);
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-state'], childList: true });
    });
    await stack.daemonStop('wsbridge');
    let before;
    try {
      // Still down after a few failed attempts: the board says it polls (the REST snapshot every 10 s).
      await board.locator('[data-testid="connection-status"][data-state="polling"]').waitFor({ timeout: DOWN_TIMEOUT_MS });
      assert.equal((await board.getByTestId('connection-status').innerText()).trim().toLowerCase(), 'polling');
      const states = await board.evaluate(() => window.__qsStates);
      assert.deepEqual(states.slice(0, 3), ['live', 'reconnecting', 'polling'], `the indicator's states: ${states}`);
      await screenshot(board, 'faults-bridge-down');

      before = await restCount();
      await takeTicket();
      await takeTicket();
      assert.equal(await restCount(), before + 2, 'the REST snapshot has both tickets');
    } finally {
      stack.daemonStart('wsbridge');
    }
    await until(bridgeAcceptsSockets, 15_000, 'the bridge to accept sockets again');
    const count = await boardMatchesRest(BRIDGE_RECOVERY_MS, 'the board to be live and match REST after the bridge restart');
    assert.ok(count >= before + 2, `board count ${count}, expected at least ${before + 2}`);
    await assertNotReloaded(marker, origin);
    await screenshot(board, 'faults-bridge-back');
  });

  test('Redis restart: the lost event is made good by a resync, then events flow live again', async () => {
    assert.ok(marker, 'the board did not come up');
    const before = await restCount();
    await stack.redisStop();
    try {
      // The API still takes tickets; the event is lost.
      await takeTicket();
      assert.equal(await restCount(), before + 1, 'the REST snapshot has the ticket');
    } finally {
      await stack.redisStart();
    }
    const count = await boardMatchesRest(REDIS_RECOVERY_MS, 'the board to be live and match REST after the Redis restart');
    assert.ok(count >= before + 1, `board count ${count}, expected at least ${before + 1}`);
    await assertNotReloaded(marker, origin);

    // And the live path works again: one more ticket shows up within seconds.
    const base = (await boardView()).count;
    await takeTicket();
    await board.waitForFunction(
      ({ serviceId, expected }) =>
        Number(
          document.querySelector(`[data-testid="waiting-count"][data-service-id="${serviceId}"]`)?.textContent.trim(),
        ) >= expected,
      { serviceId: service.id, expected: base + 1 },
      { timeout: UPDATE_TIMEOUT_MS, polling: 100 },
    );
    await boardMatchesRest(UPDATE_TIMEOUT_MS, 'the board to match REST after a live ticket');
    await assertNotReloaded(marker, origin);
    await screenshot(board, 'faults-redis-back');
    assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
    await board.context().close();
  });
});
