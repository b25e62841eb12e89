// How nginx serves the built SPA (conf/nginx-qstream.conf, which the stack's
// nginx runs but for its TLS lines): the precompressed .gz that the build
// writes, one Cache-Control per answer (a year and immutable for the hashed
// assets, no-cache for index.html and the app's routes, the API's own for the
// API), and no source map or build manifest to a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { BASE } from './lib.mjs';

const DIST = new URL('../../www/dist/', import.meta.url);
const YEAR_IMMUTABLE = 'public, max-age=31536000, immutable';

/** GET through nginx with node:http, which decompresses nothing and keeps repeated headers apart. */
function get(path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request(`${BASE}${path}`, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, raw: res.rawHeaders, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every value of a header, in order (node joins or drops repeats in res.headers). */
function values(r, name) {
  const out = [];
  for (let i = 0; i < r.raw.length; i += 2) if (r.raw[i].toLowerCase() === name) out.push(r.raw[i + 1]);
  return out;
}

/** The entry's script and style sheet, as index.html names them. */
async function entryAssets() {
  const html = (await get('/')).body.toString();
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  assert.ok(assets.some((a) => a.endsWith('.js')), `index.html names a script: ${html}`);
  return assets;
}

test('a hashed asset comes precompressed, with one Cache-Control: a year, immutable', async () => {
  for (const asset of await entryAssets()) {
    const gz = await get(asset, { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(gz.status, 200, asset);
    assert.equal(gz.headers['content-encoding'], 'gzip', `${asset} is sent gzipped`);
    assert.deepEqual(values(gz, 'cache-control'), [YEAR_IMMUTABLE], `${asset}: one Cache-Control`);
    assert.deepEqual(values(gz, 'expires'), [], `${asset}: no Expires beside it`);
    assert.match(gz.headers.vary ?? '', /Accept-Encoding/i);
    // the .gz nginx sends is exactly the file, and it is the one the build wrote
    const plain = await get(asset);
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-encoding'], undefined, `${asset} plain to a client without gzip`);
    assert.deepEqual(values(plain, 'cache-control'), [YEAR_IMMUTABLE]);
    assert.ok(gunzipSync(gz.body).equals(plain.body), `${asset}: the .gz holds the same bytes`);
    assert.ok(gz.body.length < plain.body.length / 2, `${asset}: ${gz.body.length} of ${plain.body.length} bytes`);
    const onDisk = new URL(`.${asset}.gz`, DIST);
    if (existsSync(onDisk)) assert.ok(readFileSync(onDisk).equals(gz.body), `${asset}: the precompressed file`);
    // the security headers stay on assets too (no add_header in their location)
    assert.equal(gz.headers['x-content-type-options'], 'nosniff');
  }
});

test('index.html and the app routes: one Cache-Control, no-cache', async () => {
  for (const path of ['/', '/index.html', '/docs', '/kiosk/1', '/manager/schedule']) {
    const r = await get(path, { 'Accept-Encoding': 'gzip' });
    assert.equal(r.status, 200, path);
    assert.match(r.headers['content-type'], /^text\/html/, path);
    assert.deepEqual(values(r, 'cache-control'), ['no-cache'], `${path}: one Cache-Control`);
    assert.ok(r.headers['content-security-policy'], `${path}: CSP`);
  }
});

test('the API keeps its own Cache-Control, one of it', async () => {
  const r = await get('/api/v1/health');
  assert.equal(r.status, 200);
  assert.equal(values(r, 'cache-control').length, 1, `one Cache-Control: ${values(r, 'cache-control')}`);
  assert.notEqual(values(r, 'cache-control')[0], YEAR_IMMUTABLE);
});

test('no source map, build manifest or missing asset reaches a browser', async () => {
  const [script] = (await entryAssets()).filter((a) => a.endsWith('.js'));
  const body = (await get(script)).body.toString();
  assert.doesNotMatch(body, /sourceMappingURL/, 'the bundle names no map');
  const map = `${script}.map`;
  // built (the maps stay in www/dist and the release tarball), so the 404 below is nginx's refusal
  if (existsSync(DIST)) assert.ok(existsSync(new URL(`.${map}`, DIST)), `${map} is in www/dist`);
  for (const path of [map, '/.vite/manifest.json', '/assets/index-00000000.js']) {
    const r = await get(path, { 'Accept-Encoding': 'gzip' });
    assert.equal(r.status, 404, path);
    assert.notEqual(r.headers['content-type'], 'application/json', `${path}: not the API's`);
    assert.ok(!values(r, 'cache-control').includes(YEAR_IMMUTABLE), `${path}: a 404 is never cached for a year`);
  }
});
