// arenajson/express against express.json() (Express 4 with body-parser 1,
// Express 5 with body-parser 2): the same requests to an app with
// express.json(options) and to one with arenajson(options) give the same
// status, the same req.body and the same error shape (status, statusCode,
// expose, type, body, message, name, and the limit/length fields).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createServer } from 'node:http';
import express5 from 'express';
import express4 from 'express4';
import { arenajson } from 'arenajson/express';
import { stringify } from '../dist/index.mjs';
import { bodyCases, listen, send } from './support/http.mjs';

const majors = [['Express 5', express5], ['Express 4', express4]];
const errorFields = ['name', 'message', 'status', 'statusCode', 'expose', 'type', 'body', 'charset', 'encoding', 'limit', 'length', 'expected', 'received'];

async function app(make, middleware) {
  const application = make();
  application.use(middleware);
  application.post('/', (req, res) => {
    res.type('application/json').send(req.body === undefined ? '"<undefined>"' : stringify(req.body));
  });
  application.use((err, req, res, next) => {
    const shape = {};
    for (const field of errorFields) if (err[field] !== undefined) shape[field] = Buffer.isBuffer(err[field]) ? `buffer ${err[field].toString('hex')}` : err[field];
    res.status(err.status ?? 500).json(shape);
  });
  return listen(createServer(application));
}

// The options each case runs under, and which cases a major's express.json()
// answers differently on purpose (documented in docs/api.md).
const optionSets = [
  ['defaults', {}],
  ['limit 4kb', { limit: '4kb' }],
  ['limit 4096', { limit: 4096 }],
  ['strict false', { strict: false }],
  ['inflate false', { inflate: false }],
  ['type +json', { type: ['application/json', '+json'] }],
  ['type function', { type: (req) => (req.headers['content-type'] ?? '').startsWith('text/') }],
];

function skipped(major, entry) {
  const [, headers] = entry;
  // body-parser 1 (Express 4) knows gzip and deflate only; arenajson reads br in both.
  return major === 'Express 4' && headers['content-encoding'] === 'br';
}

for (const [major, make] of majors) {
  for (const [label, options] of optionSets) {
    test(`${major}, ${label}: every mode answers as express.json()`, async () => {
      const reference = await app(make, make.json(options));
      for (const body of ['value', 'lazy', 'doc']) {
        const ours = await app(make, arenajson({ ...options, body }));
        for (const entry of bodyCases) {
          if (skipped(major, entry)) continue;
          const [name, headers, payload] = entry;
          const expected = await send(reference.port, { headers, body: payload });
          const actual = await send(ours.port, { headers, body: payload });
          assert.equal(actual.status, expected.status, `${body}, ${name}: status`);
          assert.equal(actual.headers['content-type'], expected.headers['content-type'], `${body}, ${name}: content type`);
          assert.deepEqual(JSON.parse(actual.text), JSON.parse(expected.text), `${body}, ${name}`);
        }
        await ours.close();
      }
      await reference.close();
    });
  }

  test(`${major}: verify sees the bytes and a throw answers 403 as express.json()`, async () => {
    const verify = (req, res, buf, encoding) => {
      if (buf.includes('reject')) throw Object.assign(new Error('rejected by verify'), buf.includes('typed') ? { type: 'my.type' } : {});
      if (encoding !== 'utf-8') throw new Error(`encoding ${encoding}`);
    };
    const reference = await app(make, make.json({ verify }));
    const ours = await app(make, arenajson({ verify, body: 'doc' }));
    for (const payload of ['{"ok":1}', '{"reject":1}', '{"reject":"typed"}']) {
      const headers = { 'content-type': 'application/json' };
      const expected = await send(reference.port, { headers, body: payload });
      const actual = await send(ours.port, { headers, body: payload });
      assert.equal(actual.status, expected.status, payload);
      assert.deepEqual(JSON.parse(actual.text), JSON.parse(expected.text), payload);
    }
    await reference.close();
    await ours.close();
  });

  test(`${major}: a second JSON middleware after arenajson leaves the body alone`, async () => {
    const application = make();
    application.use(arenajson({ body: 'value' }));
    application.use(make.json());
    application.post('/', (req, res) => res.json(req.body));
    const server = await listen(createServer(application));
    const res = await send(server.port, { headers: { 'content-type': 'application/json' }, body: '{"once":true}' });
    assert.equal(res.text, '{"once":true}');
    await server.close();
  });
}

test("proto 'error' answers 400 entity.parse.failed; 'remove' drops the keys", async () => {
  for (const body of ['value', 'lazy', 'doc']) {
    const strict = await app(express5, arenajson({ body, proto: 'error' }));
    const clean = await app(express5, arenajson({ body, proto: 'remove' }));
    const headers = { 'content-type': 'application/json' };
    for (const payload of ['{"a":1,"__proto__":{"x":1}}', '{"a":{"constructor":{"prototype":{}}}}']) {
      const res = await send(strict.port, { headers, body: payload });
      assert.equal(res.status, 400);
      const error = JSON.parse(res.text);
      assert.equal(error.type, 'entity.parse.failed');
      assert.equal(error.name, 'SyntaxError');
      assert.equal(error.body, payload);
      const removed = await send(clean.port, { headers, body: payload });
      assert.equal(removed.status, 200);
      assert.deepEqual(JSON.parse(removed.text), payload.includes('__proto__') ? { a: 1 } : { a: {} });
    }
    await strict.close();
    await clean.close();
  }
});

test('a UTF-16 charset, which express.json() decodes, answers 415 charset.unsupported', async () => {
  const server = await app(express5, arenajson({ body: 'doc' }));
  const res = await send(server.port, { headers: { 'content-type': 'application/json; charset=utf-16le' }, body: Buffer.from('{"a":1}', 'utf16le') });
  assert.equal(res.status, 415);
  assert.deepEqual(JSON.parse(res.text), { name: 'UnsupportedMediaTypeError', message: 'unsupported charset "UTF-16LE"', status: 415, statusCode: 415, expose: true, type: 'charset.unsupported', charset: 'utf-16le' });
  await server.close();
});

test('options are checked when the middleware is made', () => {
  assert.throws(() => arenajson({ limit: 'lots' }), { code: 'ERR_INVALID_ARG' });
  assert.throws(() => arenajson({ verify: 'yes' }), { code: 'ERR_INVALID_ARG' });
  assert.throws(() => arenajson({ body: 'tree' }), { code: 'ERR_INVALID_ARG' });
  assert.throws(() => arenajson({ proto: 'ignore' }), { code: 'ERR_INVALID_ARG' });
});
