// Authentication: login, refresh rotation and reuse detection, logout,
// logout-all, password change, rate limits, and a corpus of forged tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { api, sql, login, makeUser, forgeToken, decodeToken, DEMO_PASSWORD } from './lib.mjs';

const REDIS_PORT = process.env.QSTREAM_REDIS_PORT;
const clinic = Number(sql(`SELECT id FROM departments WHERE name = 'Outpatient Clinic'`));

function assert401(r, code) {
  assert.equal(r.status, 401, r.text);
  assert.equal(r.json.error.code, code);
}

test('login returns a token pair and the user; /auth/me answers with it', async () => {
  const t = await login('staff.clinic1');
  assert.equal(t.token_type, 'bearer');
  assert.equal(t.expires_in, 900);
  assert.match(t.refresh_token, /^[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(Object.keys(t.user).sort(),
    ['active', 'created_at', 'department_id', 'full_name', 'id', 'role', 'username']);
  assert.equal(t.user.role, 'staff');
  assert.equal(t.user.department_id, clinic);
  const claims = decodeToken(t.access_token);
  assert.equal(claims.sub, String(t.user.id));
  assert.equal(claims.role, 'staff');
  assert.equal(claims.dept, clinic);
  assert.equal(claims.typ, 'access');
  assert.equal(claims.exp - claims.iat, 900);
  for (const k of ['ver', 'sid', 'iss', 'aud', 'jti']) assert.ok(k in claims, k);
  const me = await api('GET', '/auth/me', { token: t.access_token });
  assert.equal(me.status, 200);
  assert.deepEqual(me.json, t.user);
  // the refresh token is stored only as a hash
  assert.equal(sql(`SELECT count(*) FROM refresh_tokens WHERE token_hash::text LIKE '%${t.refresh_token}%'`), '0');
});

test('a wrong password and an unknown user get the same answer', async () => {
  const a = await api('POST', '/auth/login', { body: { username: 'staff.clinic2', password: 'wrong-password-1' } });
  const b = await api('POST', '/auth/login', { body: { username: 'nobody.here', password: 'wrong-password-1' } });
  assert401(a, 'invalid_credentials');
  assert401(b, 'invalid_credentials');
  assert.deepEqual(a.json, b.json);
  // a deactivated user is refused the same way
  const u = makeUser('staff', clinic);
  sql(`UPDATE users SET active = false WHERE id = ${u.id}`);
  const c = await api('POST', '/auth/login', { body: { username: u.username, password: DEMO_PASSWORD } });
  assert.deepEqual(c.json, a.json);
});

test('login input is validated', async () => {
  let r = await api('POST', '/auth/login', { body: { username: 'admin' } });
  assert.equal(r.status, 400);
  assert.deepEqual(r.json.error.details, [{ field: 'password', issue: 'required' }]);
  r = await api('POST', '/auth/login', { body: { username: 'admin', password: 5, role: 'admin' } });
  assert.equal(r.status, 400);
  assert.deepEqual(r.json.error.details.map((d) => `${d.field}:${d.issue}`).sort(),
    ['password:wrong_type', 'role:unknown_field']);
});

test('a username or password that no account can have is 400 with the field, not 401', async () => {
  const cases = [
    [{ username: 'a'.repeat(65), password: 'wrong-password-1' }, 'username', 'too_long'],
    [{ username: 'a'.repeat(5000), password: 'wrong-password-1' }, 'username', 'too_long'],
    [{ username: 'é'.repeat(64), password: 'wrong-password-1' }, 'username', 'invalid'],
    [{ username: 'ab', password: 'wrong-password-1' }, 'username', 'too_short'],
    [{ username: 'staff clinic2', password: 'wrong-password-1' }, 'username', 'invalid'],
    [{ username: 'admin\'--', password: 'wrong-password-1' }, 'username', 'invalid'],
    [{ username: 'admin\n', password: 'wrong-password-1' }, 'username', 'invalid'],
    [{ username: 'admin', password: 'short' }, 'password', 'too_short'],
    [{ username: 'admin', password: 'p'.repeat(129) }, 'password', 'too_long'],
    [{ username: 'admin', password: '€'.repeat(129) }, 'password', 'too_long'],
  ];
  for (const [body, field, issue] of cases) {
    const r = await api('POST', '/auth/login', { body });
    assert.equal(r.status, 400, `${JSON.stringify(body).slice(0, 80)}: ${r.text}`);
    assert.equal(r.json.error.code, 'validation_failed');
    assert.deepEqual(r.json.error.details, [{ field, issue }], JSON.stringify(body).slice(0, 80));
  }
  // the limits themselves are fine: 64 characters, 128 characters of a password, and
  // capitals (the table holds none) log in as the small letters
  assert401(await api('POST', '/auth/login', { body: { username: 'a'.repeat(64), password: 'wrong-password-1' } }),
    'invalid_credentials');
  assert401(await api('POST', '/auth/login', { body: { username: 'nobody.here', password: '€'.repeat(128) } }),
    'invalid_credentials');
  const u = makeUser('staff', clinic);
  const r = await api('POST', '/auth/login', { body: { username: u.username.toUpperCase(), password: DEMO_PASSWORD } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.user.username, u.username);
});

test('repeated failures for one username are limited with 429 and Retry-After', async () => {
  const name = `victim.${randomBytes(3).toString('hex')}`;
  for (let i = 0; i < 5; i++) {
    assert401(await api('POST', '/auth/login', { body: { username: name, password: 'guess-' + i + '-xyz' } }),
      'invalid_credentials');
  }
  const r = await api('POST', '/auth/login', { body: { username: name.toUpperCase(), password: 'guess-x-xyz' } });
  assert.equal(r.status, 429);
  assert.equal(r.json.error.code, 'rate_limited');
  assert.ok(Number(r.headers.get('retry-after')) > 0);
});

test('refresh rotates; a reused refresh token ends the whole session', async () => {
  const first = await login('staff.clinic2');
  const r1 = await api('POST', '/auth/refresh', { body: { refresh_token: first.refresh_token } });
  assert.equal(r1.status, 200);
  assert.notEqual(r1.json.refresh_token, first.refresh_token);
  assert.equal(decodeToken(r1.json.access_token).sid, decodeToken(first.access_token).sid);
  assert.equal((await api('GET', '/auth/me', { token: r1.json.access_token })).status, 200);

  // the first token again: a replay
  assert401(await api('POST', '/auth/refresh', { body: { refresh_token: first.refresh_token } }), 'invalid_token');
  // ...which revoked the session: the rotated token and its access token die too
  assert401(await api('POST', '/auth/refresh', { body: { refresh_token: r1.json.refresh_token } }), 'invalid_token');
  assert401(await api('GET', '/auth/me', { token: r1.json.access_token }), 'invalid_token');
  // other sessions of the same user live on
  const other = await login('staff.clinic2');
  assert.equal((await api('GET', '/auth/me', { token: other.access_token })).status, 200);

  assert401(await api('POST', '/auth/refresh', { body: { refresh_token: 'x'.repeat(43) } }), 'invalid_token');
});

test('refresh: a credential of the wrong shape is 401 invalid_token; a missing field or a wrong JSON type is 400', async () => {
  const t = await login('staff.clinic1');
  const wrongShape = {
    'the access token': t.access_token,
    'a long string': 'x'.repeat(5000),
    'one character': 'x',
    'the refresh token with one more character': t.refresh_token + 'A',
    'the refresh token cut short': t.refresh_token.slice(0, 42),
    'not base64url': '!'.repeat(43),
    'a space inside': t.refresh_token.slice(0, 20) + ' ' + t.refresh_token.slice(21),
    'an empty string': '',
    'non-ASCII': 'é'.repeat(43),
  };
  for (const [what, refresh_token] of Object.entries(wrongShape)) {
    const r = await api('POST', '/auth/refresh', { body: { refresh_token } });
    assert.equal(r.status, 401, `${what}: ${r.text}`);
    assert.equal(r.json.error.code, 'invalid_token', what);
  }
  for (const [what, body] of Object.entries({
    'no field': {},
    'null': { refresh_token: null },
    'a number': { refresh_token: 5 },
    'an array': { refresh_token: [t.refresh_token] },
    'an object': { refresh_token: { token: t.refresh_token } },
    'an unknown field beside': { refresh_token: t.refresh_token, extra: 1 },
  })) {
    const r = await api('POST', '/auth/refresh', { body });
    assert.equal(r.status, 400, `${what}: ${r.text}`);
    assert.equal(r.json.error.code, 'validation_failed', what);
  }
  // none of that cost the session: the real refresh token still works, once
  const r = await api('POST', '/auth/refresh', { body: { refresh_token: t.refresh_token } });
  assert.equal(r.status, 200, r.text);
});

test('logout ends this session; logout-all ends every session of the user', async () => {
  const a = await login('manager.clinic');
  const b = await login('manager.clinic');
  assert.equal((await api('POST', '/auth/logout', { token: a.access_token })).status, 204);
  assert401(await api('GET', '/auth/me', { token: a.access_token }), 'invalid_token');
  assert401(await api('POST', '/auth/refresh', { body: { refresh_token: a.refresh_token } }), 'invalid_token');
  assert.equal((await api('GET', '/auth/me', { token: b.access_token })).status, 200);

  const c = await login('manager.clinic');
  assert.equal((await api('POST', '/auth/logout-all', { token: c.access_token })).status, 204);
  for (const t of [b, c]) {
    assert401(await api('GET', '/auth/me', { token: t.access_token }), 'invalid_token');
    assert401(await api('POST', '/auth/refresh', { body: { refresh_token: t.refresh_token } }), 'invalid_token');
  }
  assert.equal((await api('GET', '/auth/me', { token: (await login('manager.clinic')).access_token })).status, 200);
});

test('password change: checks, then a new pair and every other session ends', async () => {
  const u = makeUser('staff', clinic);
  const old = await login(u.username);
  const keep = old.access_token;
  let r = await api('POST', '/auth/password', { token: keep, body: { current_password: 'not-it-at-all', new_password: 'Tr4in-Station-42' } });
  assert.equal(r.status, 400);
  assert.deepEqual(r.json.error.details, [{ field: 'current_password', issue: 'invalid' }]);
  for (const [pw, issue] of [['short', 'too_short'], ['password123', 'too_common'], [u.username, 'too_common']]) {
    r = await api('POST', '/auth/password', { token: keep, body: { current_password: DEMO_PASSWORD, new_password: pw } });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json.error.details, [{ field: 'new_password', issue }]);
  }
  r = await api('POST', '/auth/password', { token: keep, body: { current_password: DEMO_PASSWORD, new_password: 'Tr4in-Station-42' } });
  assert.equal(r.status, 200);
  assert401(await api('GET', '/auth/me', { token: keep }), 'invalid_token');
  assert401(await api('POST', '/auth/refresh', { body: { refresh_token: old.refresh_token } }), 'invalid_token');
  assert.equal((await api('GET', '/auth/me', { token: r.json.access_token })).status, 200);
  assert.equal((await api('POST', '/auth/login', { body: { username: u.username, password: DEMO_PASSWORD } })).status, 401);
  assert.equal((await api('POST', '/auth/login', { body: { username: u.username, password: 'Tr4in-Station-42' } })).status, 200);
});

test('forged, tampered and stale tokens are all 401', async () => {
  const t = await login('staff.clinic1');
  const real = decodeToken(t.access_token);
  const now = Math.floor(Date.now() / 1000);
  const hs = { alg: 'HS256', typ: 'JWT' };
  const good = { ...real, iat: now - 5, exp: now + 600 };
  // the harness can forge with the real key: the control case must pass
  assert.equal((await api('GET', '/auth/me', { token: forgeToken(hs, good) })).status, 200);

  const corpus = {
    'alg none': forgeToken({ alg: 'none', typ: 'JWT' }, good, { digest: null }),
    'alg None': forgeToken({ alg: 'None' }, good, { digest: null }),
    'alg NONE': forgeToken({ alg: 'NONE' }, good, { digest: null }),
    'alg none with a signature': forgeToken({ alg: 'none' }, good),
    'alg hs256 lower case': forgeToken({ alg: 'hs256' }, good),
    'alg HS384': forgeToken({ alg: 'HS384' }, good, { digest: 'sha384' }),
    'alg HS512': forgeToken({ alg: 'HS512' }, good, { digest: 'sha512' }),
    'alg RS256': forgeToken({ alg: 'RS256' }, good),
    'wrong key': forgeToken(hs, good, { key: 'a-key-that-is-long-enough-but-wrong!!' }),
    'tampered payload': (() => { const [h, , s] = t.access_token.split('.');
      return `${h}.${Buffer.from(JSON.stringify({ ...real, role: 'admin', dept: null })).toString('base64url')}.${s}`; })(),
    'escalated role, re-signed': forgeToken(hs, { ...good, role: 'admin', dept: null }),
    'exp as a string': forgeToken(hs, { ...good, exp: String(now + 600) }),
    'exp as a float': forgeToken(hs, { ...good, exp: now + 600.5 }),
    'iat in the future': forgeToken(hs, { ...good, iat: now + 600, exp: now + 1200 }),
    'missing jti': forgeToken(hs, (({ jti, ...rest }) => rest)(good)),
    'missing ver': forgeToken(hs, (({ ver, ...rest }) => rest)(good)),
    'sub as a number': forgeToken(hs, { ...good, sub: Number(good.sub) }),
    'typ refresh': forgeToken(hs, { ...good, typ: 'refresh' }),
    'other audience': forgeToken(hs, { ...good, aud: 'someone-else' }),
    'old token version': forgeToken(hs, { ...good, ver: good.ver - 1 }),
    'unknown session': forgeToken(hs, { ...good, sid: 999999 }),
    'the refresh token as access': t.refresh_token,
    'garbage': 'not.a.token',
    'empty': '',
  };
  for (const [what, token] of Object.entries(corpus)) {
    const r = await api('GET', '/auth/me', { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(r.status, 401, `${what}: ${r.text}`);
    assert.ok(['invalid_token', 'unauthenticated'].includes(r.json.error.code), what);
  }
  assert401(await api('GET', '/auth/me', { token: forgeToken(hs, { ...good, iat: now - 1000, exp: now - 10 }) }), 'token_expired');
  assert401(await api('GET', '/auth/me'), 'unauthenticated');
  assert401(await api('GET', '/auth/me', { headers: { Authorization: `Basic ${t.access_token}` } }), 'invalid_token');
});

test('deactivation kills a live token on the very next request', async () => {
  const u = makeUser('staff', clinic);
  const t = await login(u.username);
  assert.equal((await api('GET', '/auth/me', { token: t.access_token })).status, 200);
  sql(`UPDATE users SET active = false WHERE id = ${u.id}`);
  assert401(await api('GET', '/auth/me', { token: t.access_token }), 'invalid_token');
  assert401(await api('POST', '/auth/refresh', { body: { refresh_token: t.refresh_token } }), 'invalid_token');
});

test('repeated failures from one address are limited too', async () => {
  let limited = null;
  for (let i = 0; i < 40 && !limited; i++) {
    const r = await api('POST', '/auth/login', { body: { username: `spray.${i}.${randomBytes(2).toString('hex')}`, password: 'spray-password-1' } });
    if (r.status === 429) limited = r;
    else assert401(r, 'invalid_credentials');
  }
  assert.ok(limited, 'the address was limited within 40 failures');
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  // even the right password waits now
  assert.equal((await api('POST', '/auth/login', { body: { username: 'admin', password: DEMO_PASSWORD } })).status, 429);
  // lift the limit so that later tests from this address can log in
  execFileSync('redis-cli', ['-p', REDIS_PORT, 'DEL', 'qstream:login:addr:127.0.0.1']);
  assert.equal((await api('POST', '/auth/login', { body: { username: 'admin', password: DEMO_PASSWORD } })).status, 200);
});
