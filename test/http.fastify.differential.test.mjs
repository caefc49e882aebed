// arenajson/fastify against Fastify's own JSON parser (Fastify 4 and 5): the
// same requests to a server with the default parser and to one with the
// plugin, in every body mode and under every onProtoPoisoning /
// onConstructorPoisoning setting, give the same status, headers that matter,
// and the same body or error (statusCode, code, error, message).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUtf8 } from 'node:buffer';
import fastify5 from 'fastify';
import fastify4 from 'fastify4';
import arenajson from 'arenajson/fastify';
import { stringify } from '../dist/index.mjs';
import { bodyCases } from './support/http.mjs';

const majors = [['Fastify 5', fastify5], ['Fastify 4', fastify4]];
const actions = ['error', 'remove', 'ignore'];

function echo(request, reply) {
  reply.type('application/json').send(request.body === undefined ? '<undefined>' : stringify(request.body));
}

async function server(make, serverOptions, pluginOptions) {
  const app = make({ bodyLimit: 4096, ...serverOptions });
  if (pluginOptions !== undefined) await app.register(arenajson, pluginOptions);
  app.post('/', echo);
  await app.ready();
  return app;
}

async function answer(app, [, headers, body]) {
  const res = await app.inject({ method: 'POST', url: '/', headers, payload: body });
  return { status: res.statusCode, type: res.headers['content-type'], connection: res.headers.connection, text: res.body };
}

for (const [name, make] of majors) {
  for (const protoAction of actions) {
    for (const constructorAction of actions) {
      const serverOptions = { onProtoPoisoning: protoAction, onConstructorPoisoning: constructorAction };
      const modes = protoAction === constructorAction ? ['value', 'lazy', 'doc'] : ['value'];
      test(`${name}, onProtoPoisoning ${protoAction}, onConstructorPoisoning ${constructorAction}: ${modes.join(', ')} bodies answer as the default parser`, async () => {
        const reference = await server(make, serverOptions);
        for (const body of modes) {
          const ours = await server(make, serverOptions, { body, contentType: 'application/json' });
          for (const entry of bodyCases) {
            // Fastify 4's own parser reads the body as a string and then
            // compares its re-encoded length with Content-Length: a body that
            // is not UTF-8 (a compressed one too) gets
            // FST_ERR_CTP_INVALID_CONTENT_LENGTH there, and what Fastify 5
            // answers with the plugin.
            if (make === fastify4 && Buffer.isBuffer(entry[2]) && !isUtf8(entry[2])) continue;
            const expected = await answer(reference, entry);
            const actual = await answer(ours, entry);
            assert.deepEqual(actual, expected, `${body} body, ${entry[0]}`);
          }
          await ours.close();
        }
        await reference.close();
      });
    }
  }

  test(`${name}: 'lazy' and 'doc' bodies refuse two different poisoning actions`, async () => {
    for (const body of ['lazy', 'doc']) {
      const app = make({ onProtoPoisoning: 'error', onConstructorPoisoning: 'ignore' });
      await app.register(arenajson, { body });
      assert.throws(() => app.post('/', echo), { code: 'ERR_INVALID_ARG' });
      await app.close();
    }
  });

  test(`${name}: plugin options override the server's poisoning options`, async () => {
    const app = await server(make, {}, { onProtoPoisoning: 'ignore', onConstructorPoisoning: 'ignore', body: 'doc' });
    const res = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: '{"__proto__":{"x":1}}' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, '{"__proto__":{"x":1}}');
    await app.close();
  });

  test(`${name}: application/*+json bodies are parsed by default (Fastify's own parser answers 415)`, async () => {
    for (const body of ['value', 'lazy', 'doc']) {
      const app = await server(make, {}, { body });
      for (const type of ['application/vnd.api+json', 'application/ld+json; charset=utf-8']) {
        const res = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': type }, payload: '{"a":[1,2]}' });
        assert.equal(res.statusCode, 200, `${body} ${type}`);
        assert.equal(res.body, '{"a":[1,2]}');
      }
      // Fastify 5 matches the media type exactly (Fastify 4 by prefix, for its own parser too).
      const other = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/jsonx' }, payload: '{}' });
      if (make === fastify5) assert.equal(other.statusCode, 415);
      await app.close();
    }
  });

  test(`${name}: a route's bodyLimit applies to the plugin's parser`, async () => {
    const app = make();
    await app.register(arenajson, { body: 'doc' });
    app.post('/', { bodyLimit: 10 }, echo);
    const res = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: '{"a":"more than ten bytes"}' });
    assert.equal(res.statusCode, 413);
    assert.equal(JSON.parse(res.body).code, 'FST_ERR_CTP_BODY_TOO_LARGE');
    await app.close();
  });
}
