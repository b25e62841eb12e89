// The assistant with a model: a fake OpenAI-compatible server on loopback
// (the port scripts/dev test configured as assistant_model_url). The model
// is sent the question, the intent and the facts, and nothing of another
// department or of a customer; its text is used only when every number in it
// is a fact; a slow, failing or inventive model falls back to the
// assistant's own wording, and the log says why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { api, sql, login, makeUser, makeDepartment, STATE } from './lib.mjs';

const conf = readFileSync(`${STATE}/qstream.conf`, 'utf8');
const setting = (k) => (conf.match(new RegExp(`^${k} = (.*)$`, 'm')) || [])[1];
const url = new URL(setting('assistant_model_url'));
const key = readFileSync(setting('assistant_api_key_file'), 'utf8').trim();

const seen = [];
let server, d, other, manager;

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const parsed = JSON.parse(body);
      const user = JSON.parse(parsed.messages[1].content);
      const entry = { path: req.url, auth: req.headers.authorization, body, parsed, user, answered: false };
      seen.push(entry);
      const reply = (status, content) => {
        entry.answered = true;
        if (res.destroyed) return;
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(typeof content === 'string' && status !== 200 ? content
          : JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content } }] }));
      };
      const q = user.question;
      if (q.includes('slow')) setTimeout(() => reply(200, 'Too late.'), 4000);
      else if (q.includes('fail')) reply(500, '{"error": "down"}');
      else if (q.includes('invent')) reply(200, 'There are 987654 people waiting.');
      else if (q.includes('garbage')) { entry.answered = true; res.writeHead(200); res.end('<html>'); }
      else {
        const s = user.facts.services[0];
        reply(200, `Right now ${s.waiting} people wait for ${s.service}; about ${s.estimated_wait_minutes} minutes.`);
      }
    });
  });
  await new Promise((resolve) => server.listen(Number(url.port), '127.0.0.1', resolve));
  d = await makeDepartment({ prefixes: ['M'], staff: 1 });
  other = await makeDepartment({ prefixes: ['N'], staff: 1 });
  sql(`UPDATE departments SET name = 'Other Place ${other.id}' WHERE id = ${other.id}`);
  manager = (await login(makeUser('manager', d.id).username)).access_token;
  const t = await api('POST', '/tickets', { body: { service_id: d.services[0], customer_name: 'Private Person', customer_phone: '+49 30 555' } });
  assert.equal(t.status, 201);
});

after(() => new Promise((resolve) => server.close(resolve)));

const ask = (question) => api('POST', '/assistant/ask', { token: manager, body: { question } });

test('the model phrases the facts, and is sent only the question, intent and facts', async () => {
  const r = await ask(`How long is the wait? (Other Place ${other.id} too)`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.phrased_by, 'model');
  assert.equal(r.json.answer, `Right now 1 people wait for Service M; about ${r.json.facts.services[0].estimated_wait_minutes} minutes.`);
  assert.match(r.json.rule_answer, /^I can only answer about Queue .*Service M: 1 waiting/);
  const sent = seen.at(-1);
  assert.equal(sent.path, url.pathname);
  assert.equal(sent.auth, `Bearer ${key}`);
  assert.equal(sent.parsed.model, 'fake-model');
  assert.equal(sent.parsed.messages[0].role, 'system');
  assert.match(sent.parsed.messages[0].content, /using only these facts/);
  assert.deepEqual(Object.keys(sent.user).sort(), ['facts', 'intent', 'language', 'question']);
  assert.equal(sent.user.intent, 'wait_now');
  assert.deepEqual(sent.user.facts, r.json.facts);
  // nothing of the other department but what the asker typed, no customer, no token
  assert.ok(!sent.body.includes('Service N') && !sent.body.includes(`"service_id":${other.services[0]}`));
  assert.doesNotMatch(sent.body, /Private Person|555|password|access_token/);
  assert.ok(!sent.body.includes(manager));
});

test('a slow, failing, garbled or inventive model falls back to the own wording', async () => {
  for (const [question, reason] of [['wait slow', 'Timeout'], ['wait fail', 'HTTP 500'],
    ['wait garbage', 'unreadable reply'], ['wait invent', 'a number not in the facts']]) {
    const r = await ask(question);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.phrased_by, 'rules', question);
    assert.equal(r.json.rule_answer, undefined);
    assert.match(r.json.answer, /^Service M: 1 waiting/);
    const log = readFileSync(`${STATE}/log/api.log`, 'utf8');
    assert.ok(log.split('\n').some((l) => l.includes('event=assistant_model_fallback') && l.includes(reason)),
      `the log says why: ${reason}`);
  }
  // the slow model had not even answered when the assistant did
  const slow = seen.find((e) => e.user.question === 'wait slow');
  assert.equal(slow.answered, false);
});
