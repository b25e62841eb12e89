// Browser test (issue 5): the SPA's shared realtime layer, on a department of
// its own (made in the database, always open, two staff members each at an
// open counter).
//
//   (a) the staff console sends `auth` before its joins and gets the staff
//       view of its department's events; the public board does not, nor does a
//       public screen opened in a signed-in tab; signing out closes the socket;
//   (b) the socket authenticates again, on the same socket, when the session
//       renews its access token, and when the server says `token_expired`;
//   (c) a seq gap, from Redis or from a frame lost on the way, or a heartbeat
//       ahead of the page, makes the screen refetch and show the REST truth;
//   (d) with the WebSocket blocked, or not constructible at all, the screen
//       says "polling" and follows REST, then is live again once it works;
//   (e) events carrying the whole object (the staff view of a ticket, a
//       counter) go into the query caches: the screens follow them even with
//       their REST lists held back.
//
//   QSTREAM_URL=... QSTREAM_DB_URL=... QSTREAM_REDIS_PORT=... node --test tests/e2e/realtime_client.test.mjs
//
// scripts/dev test exports all of these. Waits are generous; nothing is timed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, launchBrowser, newPage as newRecordingPage, recordSockets, screenshot, signIn } from './support/browser.mjs';
import { api, decodeToken, DEMO_PASSWORD, execRedis, findPublicDepartment, makeDepartment, makeUser, sql, until } from '../api/lib.mjs';

const TIMEOUT_MS = 15_000;
/** Longer than the 10 s poll of a screen that is not live. */
const POLL_TIMEOUT_MS = 25_000;
/** Longer than the bridge's 25 s heartbeat; shorter than the board's 60 s safety refresh. */
const HEARTBEAT_TIMEOUT_MS = 45_000;

let browser;
let dept; // { id, services: [id, id], staff: [{ id, username, counter, token }, ...] }
const pageErrors = [];
/** Everything public pages sent on their sockets: never an `auth`. */
const publicSent = [];
const tag = randomBytes(3).toString('hex');

function newPage(viewport = { width: 1280, height: 900 }) {
  return newRecordingPage(browser, viewport, pageErrors);
}

/** A public page whose sockets are recorded (and checked for `auth` at the end). */
async function newPublicPage(viewport) {
  const page = await newPage(viewport);
  const rec = recordSockets(page);
  publicSent.push(() => rec.sent());
  return { page, rec };
}

async function takeTicket(serviceId, body = {}) {
  const r = await api('POST', '/tickets', { body: { service_id: serviceId, ...body } });
  assert.equal(r.status, 201, `POST /tickets: ${r.status} ${r.text.slice(0, 300)}`);
  return r.json;
}

async function restWaiting(serviceId) {
  const service = (await findPublicDepartment(dept.id))?.services.find((s) => s.id === serviceId);
  assert.ok(service, `service ${serviceId} not in /public/departments`);
  return service.waiting;
}

async function boardCount(page, serviceId) {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="waiting-count"][data-service-id="${id}"]`);
    return el ? Number(el.textContent.trim()) : null;
  }, serviceId);
}

async function kioskCount(page, serviceId) {
  const text = await page
    .locator(`[data-testid="service-button"][data-service-id="${serviceId}"] [data-testid="service-waiting"]`)
    .innerText();
  return Number(text.trim().split(' ')[0]);
}

/** Wait until the page shows what REST says; the message names both on failure. */
async function untilMatchesRest(read, serviceId, timeoutMs, what) {
  let last = {};
  try {
    await until(async () => {
      last = { page: await read(), rest: await restWaiting(serviceId) };
      return last.page === last.rest;
    }, timeoutMs, what);
  } catch (err) {
    err.message += `: ${JSON.stringify(last)}`;
    throw err;
  }
  return last.rest;
}

/**
 * Publish an event straight into Redis, as the API would, with the department's
 * next seq after skipping `skip` (taken in the database too, so that the API's
 * own next event does not repeat it). `schedule_updated` carries nothing the
 * kiosk or the board shows: only a refetch can change them.
 */
function publishRaw(skip) {
  const seq = Number(sql(`UPDATE departments SET event_seq = event_seq + ${skip + 1} WHERE id = ${dept.id} RETURNING event_seq`));
  const view = {
    type: 'schedule_updated',
    department_id: dept.id,
    seq,
    ts: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    ticket: null,
    counter: null,
    waiting: null,
  };
  // both views in one message, as fcgi/events.c publishes every event
  const event = { staff: view, public: view };
  // as the API's publish does (fcgi/events.c): the versions its cached
  // public answers are checked against, then the event
  execRedis('SET', `qstream:seq:${dept.id}`, String(seq));
  execRedis('INCR', 'qstream:seq:all');
  execRedis('PUBLISH', `qstream:dept:${dept.id}`, JSON.stringify(event));
  return seq;
}

/**
 * Route the page's sockets through the test: every frame is forwarded and
 * recorded, except that `dropNext(pred)` swallows the next server frame that
 * matches, and `inject(msg)` hands the page a frame the server never sent.
 */
async function relaySockets(page, { signedIn = false } = {}) {
  const relay = { toPage: [], toServer: [], drop: null, dropped: [], pageSide: null };
  await page.routeWebSocket(/\/ws$/, (ws) => {
    const server = ws.connectToServer();
    relay.pageSide = ws;
    ws.onMessage((m) => {
      relay.toServer.push(JSON.parse(String(m)));
      server.send(m);
    });
    server.onMessage((m) => {
      const msg = JSON.parse(String(m));
      if (relay.drop?.(msg)) {
        relay.drop = null;
        relay.dropped.push(msg);
        return;
      }
      relay.toPage.push(msg);
      ws.send(m);
    });
  });
  if (!signedIn) publicSent.push(() => relay.toServer);
  return {
    relay,
    dropNext: (pred) => {
      relay.drop = pred;
    },
    inject: (msg) => relay.pageSide.send(JSON.stringify(msg)),
  };
}

/** Count the page's successful GETs of one API path (call before the page loads). */
function countFetches(page, path) {
  const counter = { count: 0 };
  page.on('response', (r) => {
    if (r.request().method() === 'GET' && new URL(r.url()).pathname === `/api/v1${path}` && r.ok()) counter.count += 1;
  });
  return counter;
}

/**
 * A kiosk, live and settled: besides its first fetch, a screen refetches once
 * (0 to 1 s) after its first join, for what happened in between. A test that
 * wants a refetch to prove something must not mistake that one for it.
 */
async function openSettledKiosk(kiosk) {
  const fetches = countFetches(kiosk, '/public/departments');
  await kiosk.goto(`${BASE}/kiosk/${dept.id}`);
  await kiosk.locator('[data-testid="live-badge"][data-state="live"]').waitFor({ timeout: TIMEOUT_MS });
  await until(() => fetches.count >= 2, TIMEOUT_MS, 'the kiosk’s fetch after joining');
  return fetches;
}

async function signInAsStaff(page, staff) {
  await page.goto(`${BASE}/login`);
  await signIn(page, staff.username, DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname === '/staff', { timeout: TIMEOUT_MS });
  await page.locator(`[data-testid="console"][data-counter-id="${staff.counter}"]`).waitFor({ timeout: TIMEOUT_MS });
  await page.locator('[data-testid="live-badge"][data-state="live"]').waitFor({ timeout: TIMEOUT_MS });
}

/** The event frames of one ticket that a recorded socket received. */
function ticketFrames(messages, publicId, type) {
  return messages.filter((m) => m.type === type && m.ticket?.public_id === publicId);
}

before(async () => {
  dept = await makeDepartment({ prefixes: ['R', 'S'], staff: 2 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  // Out of the public lists, so that other tests never pick it.
  try {
    sql(`UPDATE departments SET active = false WHERE id = ${dept.id}`);
  } catch (err) {
    console.error(`cleanup: ${err.message}`);
  }
});

describe('the realtime layer in the browser', () => {
  test('(a) the staff console authenticates and sees the staff view; the public board and a public screen in a signed-in tab do not', async () => {
    const staff = dept.staff[0];
    const desk = await newPage({ width: 1440, height: 1000 });
    const deskWs = recordSockets(desk);
    await signInAsStaff(desk, staff);

    const { page: board, rec: boardWs } = await newPublicPage({ width: 1920, height: 1080 });
    await board.goto(`${BASE}/display/${dept.id}`);
    await board.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: TIMEOUT_MS });

    // The desk: `auth` with the session's token, then the joins, on the same socket.
    const channel = `department:${dept.id}`;
    const deskSocket = deskWs.sockets.find((s) => s.sent.some((m) => m.type === 'join' && m.channel === channel));
    assert.ok(deskSocket, `the desk joined ${channel}: ${JSON.stringify(deskWs.sent())}`);
    const authAt = deskSocket.sent.findIndex((m) => m.type === 'auth');
    const joinAt = deskSocket.sent.findIndex((m) => m.type === 'join');
    assert.ok(authAt >= 0, 'the desk sent auth');
    assert.ok(authAt < joinAt, `auth before the joins: ${JSON.stringify(deskSocket.sent)}`);
    const claims = decodeToken(deskSocket.sent[authAt].token);
    assert.equal(Number(claims.sub), staff.id, 'the token is the signed-in person’s');
    assert.equal(claims.typ, 'access');
    const authenticated = deskSocket.received.find((m) => m.type === 'authenticated');
    assert.ok(authenticated, 'the server answered authenticated');
    assert.equal(authenticated.role, 'staff');
    assert.equal(authenticated.department_id, dept.id);
    assert.ok(!boardWs.sent().some((m) => m.type === 'auth'), 'the public board sent no auth');

    // One ticket with a customer's name: the desk's frame has it (and the integer id), the board's not.
    const name = `Ada ${tag}`;
    const ticket = await takeTicket(dept.services[0], { customer_name: name });
    await until(
      () =>
        ticketFrames(deskSocket.received, ticket.public_id, 'ticket_created').length > 0 &&
        ticketFrames(boardWs.received(), ticket.public_id, 'ticket_created').length > 0,
      TIMEOUT_MS,
      'ticket_created on both pages',
    );
    const [staffView] = ticketFrames(deskSocket.received, ticket.public_id, 'ticket_created');
    const [publicView] = ticketFrames(boardWs.received(), ticket.public_id, 'ticket_created');
    assert.equal(staffView.seq, publicView.seq, 'the same event');
    assert.equal(staffView.ticket.customer_name, name, 'the staff view names the customer');
    assert.equal(typeof staffView.ticket.id, 'number', 'the staff view has the integer id');
    assert.ok(!('customer_name' in publicView.ticket), 'the public view has no customer name');
    assert.ok(!('id' in publicView.ticket), 'the public view has no integer id');

    // The console follows: the ticket is in its waiting list, then, called from elsewhere, its current ticket.
    const row = desk.locator(`[data-testid="waiting-row"][data-ticket-number="${ticket.ticket_number}"]`);
    await row.waitFor({ timeout: TIMEOUT_MS });
    assert.match(await row.innerText(), new RegExp(name));
    const call = await api('POST', `/tickets/${staffView.ticket.id}/call`, {
      token: staff.token,
      body: { counter_id: staff.counter },
    });
    assert.equal(call.status, 200, `call: ${call.status} ${call.text.slice(0, 300)}`);
    await desk
      .locator(`[data-testid="current-ticket"][data-status="called"][data-ticket-number="${ticket.ticket_number}"]`)
      .waitFor({ timeout: TIMEOUT_MS });
    await screenshot(desk, 'realtime-client-desk');

    // The same tab goes to the public board (no reload, the session still open): a socket without auth.
    await desk.evaluate((path) => {
      window.history.pushState(null, '', path);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, `/display/${dept.id}`);
    await desk.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: TIMEOUT_MS });
    await until(() => deskSocket.closed, TIMEOUT_MS, 'the authenticated socket to close');
    const publicSocket = deskWs.sockets.at(-1);
    assert.notEqual(publicSocket, deskSocket);
    assert.ok(publicSocket.sent.some((m) => m.type === 'join' && m.channel === channel), 'the board joined');
    assert.ok(!publicSocket.sent.some((m) => m.type === 'auth'), 'a public screen sends no auth, signed in or not');
    const second = await takeTicket(dept.services[0], { customer_name: `Bea ${tag}` });
    await until(
      () => ticketFrames(publicSocket.received, second.public_id, 'ticket_created').length > 0,
      TIMEOUT_MS,
      'the event on the public socket',
    );
    const [secondView] = ticketFrames(publicSocket.received, second.public_id, 'ticket_created');
    assert.ok(!('customer_name' in secondView.ticket), 'the public view on a signed-in tab’s public screen');

    await desk.context().close();
    await board.context().close();
  });

  test('(a) signing out closes the authenticated socket, without renewing the session on its way out', async () => {
    const staff = dept.staff[0];
    const desk = await newPage({ width: 1440, height: 1000 });
    const deskWs = recordSockets(desk);
    await signInAsStaff(desk, staff);
    const socket = deskWs.sockets.find((s) => s.sent.some((m) => m.type === 'auth'));
    assert.ok(socket, 'the desk authenticated its socket');
    const refreshes = [];
    desk.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/auth/refresh') refreshes.push(r.url());
    });

    await desk.getByRole('button', { name: 'Sign out' }).click();
    await desk.waitForURL((url) => url.pathname === '/login', { timeout: TIMEOUT_MS });
    await until(() => socket.closed, TIMEOUT_MS, 'the authenticated socket to close');
    // The bridge may tell the socket `token_expired` (the session ended) before it closes: no reason to renew.
    assert.deepEqual(refreshes, [], 'no refresh while signing out');
    assert.ok(
      deskWs.sockets.every((s) => s.closed || !s.sent.some((m) => m.type === 'auth')),
      'no socket keeps a token after signing out',
    );
    await desk.context().close();
  });

  test('(b) a renewed access token is sent again on the same socket', async () => {
    const staff = dept.staff[1];
    const desk = await newPage({ width: 1440, height: 1000 });
    const deskWs = recordSockets(desk);
    // The session believes its token lives 65 s: it renews it 60 s early, i.e. 5 s after signing in.
    await desk.route('**/api/v1/auth/login', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), expires_in: 65 } });
    });
    const refreshed = desk.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/auth/refresh',
      { timeout: 30_000 },
    );
    await signInAsStaff(desk, staff);
    const reply = await refreshed;
    assert.equal(reply.status(), 200);
    const renewed = (await reply.json()).access_token;

    const socket = deskWs.sockets.find((s) => s.sent.some((m) => m.type === 'auth'));
    assert.ok(socket, 'the desk authenticated its socket');
    await until(() => socket.sent.some((m) => m.type === 'auth' && m.token === renewed), TIMEOUT_MS, 'auth with the renewed token');
    await until(() => socket.received.filter((m) => m.type === 'authenticated').length >= 2, TIMEOUT_MS, 'authenticated again');
    assert.equal(socket.closed, false, 'the socket was kept');
    assert.deepEqual(
      deskWs.sockets.filter((s) => s.sent.some((m) => m.type === 'join')).length,
      1,
      'no reconnect was needed',
    );
    const auths = socket.sent.filter((m) => m.type === 'auth').map((m) => m.token);
    assert.equal(auths.length, 2, `one auth per token: ${auths.length}`);
    assert.notEqual(auths[0], auths[1]);

    // Still the staff view.
    const ticket = await takeTicket(dept.services[1], { customer_name: `Cy ${tag}` });
    await until(
      () => ticketFrames(socket.received, ticket.public_id, 'ticket_created').length > 0,
      TIMEOUT_MS,
      'the event after the renewal',
    );
    assert.equal(ticketFrames(socket.received, ticket.public_id, 'ticket_created')[0].ticket.customer_name, `Cy ${tag}`);
    await desk.context().close();
  });

  test('(b) the server’s token_expired makes the page renew its session and authenticate again', async () => {
    const staff = dept.staff[1];
    const desk = await newPage({ width: 1440, height: 1000 });
    const { relay, inject } = await relaySockets(desk, { signedIn: true });
    await signInAsStaff(desk, staff);
    const first = relay.toServer.find((m) => m.type === 'auth');
    assert.ok(first, 'the desk authenticated');

    const refreshed = desk.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/auth/refresh',
      { timeout: TIMEOUT_MS },
    );
    inject({ type: 'error', code: 'token_expired', message: 'the token has expired' });
    const reply = await refreshed;
    assert.equal(reply.status(), 200);
    const renewed = (await reply.json()).access_token;
    await until(() => relay.toServer.some((m) => m.type === 'auth' && m.token === renewed), TIMEOUT_MS, 'auth with the new token');
    await until(() => relay.toPage.filter((m) => m.type === 'authenticated').length >= 2, TIMEOUT_MS, 'authenticated again');
    await desk.locator('[data-testid="live-badge"][data-state="live"]').waitFor({ timeout: TIMEOUT_MS });
    await desk.context().close();
  });

  test('(c) an event published with a skipped seq makes the kiosk refetch and show REST', async () => {
    const service = dept.services[1];
    const { page: kiosk } = await newPublicPage({ width: 1280, height: 1024 });
    const fetches = await openSettledKiosk(kiosk);
    const ticket = await takeTicket(service);
    await untilMatchesRest(() => kioskCount(kiosk, service), service, TIMEOUT_MS, 'the kiosk to count the new ticket');
    // The event's counts show at once; the estimates follow with a refetch: let it happen first.
    await until(() => fetches.count >= 3, TIMEOUT_MS, 'the kiosk’s refetch after the event');

    // A change whose event is lost: cancelled in the database, its seq taken, never published.
    // Then the next event, which the kiosk ignores by itself (a schedule change).
    const before = await restWaiting(service);
    sql(`UPDATE tickets SET status = 'cancelled', completed_at = now() WHERE public_id = '${ticket.public_id}'`);
    // no event announced it: REST's cached list shows it within its 2 s (fcgi/svc_public.c)
    await until(async () => (await restWaiting(service)) === before - 1, TIMEOUT_MS, 'REST to have the change');
    publishRaw(1);
    // Within the kiosk's 30 s refresh, only the gap can bring this.
    await untilMatchesRest(() => kioskCount(kiosk, service), service, TIMEOUT_MS, 'the kiosk to refetch after the gap');
    assert.equal(await kiosk.getByTestId('live-badge').getAttribute('data-state'), 'live');
    await kiosk.context().close();
  });

  test('(c) an event lost on the way (the server saw no gap) is noticed by the page itself', async () => {
    const service = dept.services[1];
    const kiosk = await newPage({ width: 1280, height: 1024 });
    const { relay, dropNext } = await relaySockets(kiosk);
    await openSettledKiosk(kiosk);
    await untilMatchesRest(() => kioskCount(kiosk, service), service, TIMEOUT_MS, 'the kiosk to match REST');

    dropNext((m) => m.type === 'ticket_created');
    const ticket = await takeTicket(service);
    await until(() => relay.dropped.length === 1, TIMEOUT_MS, 'the ticket’s event to be dropped');
    assert.equal(relay.dropped[0].ticket.public_id, ticket.public_id);
    const sentAt = relay.toPage.length;
    // The next event follows in order for the bridge; the page misses the one before it.
    const seq = publishRaw(0);
    assert.equal(seq, relay.dropped[0].seq + 1);
    await untilMatchesRest(() => kioskCount(kiosk, service), service, TIMEOUT_MS, 'the kiosk to refetch after the missed seq');
    const since = relay.toPage.slice(sentAt);
    assert.ok(since.some((m) => m.seq === seq), 'the page got the next event');
    assert.ok(!since.some((m) => m.type === 'resync'), 'the server sent no resync: the page found the gap itself');
    await kiosk.context().close();
  });

  test('(c) a heartbeat announcing a seq the page never got makes the board refetch', async () => {
    const service = dept.services[0];
    const board = await newPage({ width: 1920, height: 1080 });
    const { relay, dropNext } = await relaySockets(board);
    await board.goto(`${BASE}/display/${dept.id}`);
    await board.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: TIMEOUT_MS });
    await untilMatchesRest(() => boardCount(board, service), service, TIMEOUT_MS, 'the board to match REST');

    dropNext((m) => m.type === 'ticket_created');
    await takeTicket(service);
    await until(() => relay.dropped.length === 1, TIMEOUT_MS, 'the ticket’s event to be dropped');
    const lost = relay.dropped[0].seq;
    const sentAt = relay.toPage.length;
    // Nothing else happens in the department: only the server's ping (every 25 s) tells.
    await untilMatchesRest(() => boardCount(board, service), service, HEARTBEAT_TIMEOUT_MS, 'the board to refetch after the ping');
    const since = relay.toPage.slice(sentAt);
    assert.ok(
      since.some((m) => m.type === 'ping' && m.seqs?.[`department:${dept.id}`] >= lost),
      `a ping announced seq ${lost}: ${JSON.stringify(since).slice(0, 400)}`,
    );
    assert.ok(!since.some((m) => m.type === 'resync'), 'no resync from the server');
    await board.context().close();
  });

  test('(d) with the socket blocked the board polls REST, then is live again when the socket works', async () => {
    const service = dept.services[0];
    const board = await newPage({ width: 1920, height: 1080 });
    let blocked = true;
    const toServer = [];
    publicSent.push(() => toServer);
    await board.routeWebSocket(/\/ws$/, (ws) => {
      if (blocked) {
        ws.close({ code: 1011, reason: 'blocked by the test' });
        return;
      }
      const server = ws.connectToServer();
      ws.onMessage((m) => {
        toServer.push(JSON.parse(String(m)));
        server.send(m);
      });
      server.onMessage((m) => {
        if (joinedAt === null && JSON.parse(String(m)).type === 'joined') joinedAt = Date.now();
        ws.send(m);
      });
    });
    /** When the page got its first `joined` once the socket worked again. */
    let joinedAt = null;
    const snapshotRequests = [];
    board.on('request', (r) => {
      if (new URL(r.url()).pathname === `/api/v1/display/${dept.id}`) snapshotRequests.push(Date.now());
    });
    await board.goto(`${BASE}/display/${dept.id}`);
    const indicator = board.getByTestId('connection-status');
    await board.locator('[data-testid="connection-status"][data-state="polling"]').waitFor({ timeout: POLL_TIMEOUT_MS });
    assert.equal((await indicator.innerText()).trim().toLowerCase(), 'polling');
    await untilMatchesRest(() => boardCount(board, service), service, TIMEOUT_MS, 'the board to show REST');

    await takeTicket(service);
    await untilMatchesRest(() => boardCount(board, service), service, POLL_TIMEOUT_MS, 'the polling board to show the new ticket');
    assert.equal(await indicator.getAttribute('data-state'), 'polling', 'still polling: REST brought it');
    await screenshot(board, 'realtime-client-polling');

    blocked = false;
    await board.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: POLL_TIMEOUT_MS });
    assert.ok(joinedAt !== null, 'the page joined through the working socket');
    // Back live: one refetch for what happened in between (asked for after the join, so not a poll).
    await until(() => snapshotRequests.some((t) => t >= joinedAt), TIMEOUT_MS, 'a refetch once live');
    await takeTicket(service);
    await untilMatchesRest(() => boardCount(board, service), service, TIMEOUT_MS, 'the live board to show the next ticket');
    assert.equal(await indicator.getAttribute('data-state'), 'live');
    await board.context().close();
  });

  test('(d) where no WebSocket can be made at all, the tracking page polls at once, then goes live', async () => {
    const ticket = await takeTicket(dept.services[1]);
    const { page: phone } = await newPublicPage({ width: 390, height: 844 });
    await phone.addInitScript(() => {
      const Native = window.WebSocket;
      window.__qsBlockWebSocket = true;
      function GuardedWebSocket(url, protocols) {
        if (window.__qsBlockWebSocket) throw new DOMException('WebSocket blocked by the test', 'SecurityError');
        return protocols === undefined ? new Native(url) : new Native(url, protocols);
      }
      GuardedWebSocket.prototype = Native.prototype;
      for (const key of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) GuardedWebSocket[key] = Native[key];
      window.WebSocket = GuardedWebSocket;
    });
    await phone.goto(`${BASE}/t/${ticket.public_id}`);
    await phone.locator('[data-testid="track-status"][data-status="waiting"]').waitFor({ timeout: TIMEOUT_MS });
    await phone.locator('[data-testid="live-badge"][data-state="polling"]').waitFor({ timeout: TIMEOUT_MS });

    // Staff call it: the phone learns it from REST.
    const staff = dept.staff[1];
    const found = await api('GET', `/tickets?department_id=${dept.id}&status=waiting&q=${ticket.ticket_number}`, { token: staff.token });
    assert.equal(found.status, 200);
    const id = found.json.items.find((t) => t.public_id === ticket.public_id)?.id;
    assert.ok(id, 'the staff list has the ticket');
    const call = await api('POST', `/tickets/${id}/call`, { token: staff.token, body: { counter_id: staff.counter } });
    assert.equal(call.status, 200, `call: ${call.status} ${call.text.slice(0, 300)}`);
    await phone.locator('[data-testid="track-status"][data-status="called"]').waitFor({ timeout: POLL_TIMEOUT_MS });
    assert.equal(await phone.getByTestId('live-badge').getAttribute('data-state'), 'polling');

    // WebSockets work again: the page goes live by itself, then follows events.
    await phone.evaluate(() => {
      window.__qsBlockWebSocket = false;
    });
    await phone.locator('[data-testid="live-badge"][data-state="live"]').waitFor({ timeout: POLL_TIMEOUT_MS });
    const start = await api('POST', `/tickets/${id}/start`, { token: staff.token });
    assert.equal(start.status, 200);
    await phone.locator('[data-testid="track-status"][data-status="serving"]').waitFor({ timeout: TIMEOUT_MS });
    const complete = await api('POST', `/tickets/${id}/complete`, { token: staff.token, body: {} });
    assert.equal(complete.status, 200);
    await phone.locator('[data-testid="track-status"][data-status="completed"]').waitFor({ timeout: TIMEOUT_MS });
    await phone.context().close();
  });

  test('(e) the console takes its current ticket from the event’s staff view, with its REST list held back', async () => {
    const staff = dept.staff[1];
    const desk = await newPage({ width: 1440, height: 1000 });
    await signInAsStaff(desk, staff);
    await desk.locator('[data-testid="current-ticket"][data-status="none"]').waitFor({ timeout: TIMEOUT_MS });
    // From now on GET /tickets?status=called,serving fails: only the event can show the call.
    const activeList = (url) => url.pathname === '/api/v1/tickets' && url.searchParams.get('status') === 'called,serving';
    await desk.route(activeList, (route) => route.abort());

    const ticket = await takeTicket(dept.services[0]);
    const found = await api('GET', `/tickets?department_id=${dept.id}&status=waiting&q=${ticket.ticket_number}`, { token: staff.token });
    const id = found.json.items.find((t) => t.public_id === ticket.public_id)?.id;
    assert.ok(id, 'the staff list has the ticket');
    const call = await api('POST', `/tickets/${id}/call`, { token: staff.token, body: { counter_id: staff.counter } });
    assert.equal(call.status, 200, `call: ${call.status} ${call.text.slice(0, 300)}`);
    await desk
      .locator(`[data-testid="current-ticket"][data-status="called"][data-ticket-number="${ticket.ticket_number}"]`)
      .waitFor({ timeout: TIMEOUT_MS });
    const done = await api('POST', `/tickets/${id}/no-show`, { token: staff.token });
    assert.equal(done.status, 200);
    await desk.locator('[data-testid="current-ticket"][data-status="none"]').waitFor({ timeout: TIMEOUT_MS });
    await desk.context().close();
  });

  test('(e) the counters screen takes a colleague’s counter change from the event, with its REST list held back', async () => {
    const manager = makeUser('manager', dept.id);
    const page = await newPage();
    await page.goto(`${BASE}/login`);
    await signIn(page, manager.username, DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/manager', { timeout: TIMEOUT_MS });
    await page.goto(`${BASE}/manager/counters`);
    const staff = dept.staff[0];
    const row = page.locator(`[data-testid="counter-row"][data-counter-id="${staff.counter}"]`);
    await row.waitFor({ timeout: TIMEOUT_MS });
    await page.locator('[data-testid="live-badge"][data-state="live"]').waitFor({ timeout: TIMEOUT_MS });
    const before = await row.getAttribute('data-state');
    await page.route((url) => url.pathname === `/api/v1/departments/${dept.id}/counters`, (route) => route.abort());

    const action = before === 'paused' ? 'open' : 'pause';
    const r = await api('POST', `/counters/${staff.counter}/${action}`, { token: staff.token });
    assert.equal(r.status, 200, `${action}: ${r.status} ${r.text.slice(0, 300)}`);
    const after = action === 'pause' ? 'paused' : 'open';
    await page.locator(`[data-testid="counter-row"][data-counter-id="${staff.counter}"][data-state="${after}"]`).waitFor({ timeout: TIMEOUT_MS });
    if (action === 'pause') await api('POST', `/counters/${staff.counter}/open`, { token: staff.token });
    await page.context().close();
  });

  test('public screens never sent auth; no uncaught errors', () => {
    const auths = publicSent.flatMap((sent) => sent()).filter((m) => m.type === 'auth');
    assert.deepEqual(auths, []);
    assert.deepEqual(pageErrors, []);
  });
});
