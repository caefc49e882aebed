// The frameworks are optional peers: loading arenajson (CommonJS or ESM)
// loads neither Fastify, fastify-plugin nor Express; the subpaths load in
// both module systems.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectClean, runChild } from './support/child.mjs';

const frameworks = /[\\/]node_modules[\\/](fastify|fastify4|fastify-plugin|express|express4|body-parser)[\\/]/;

test("require('arenajson') and import 'arenajson' load no framework", () => {
  const loaded = expectClean(runChild(`
    import { createRequire } from 'node:module';
    const require = createRequire(process.cwd() + '/');
    const cjs = require('arenajson');
    const esm = await import('arenajson');
    const files = Object.keys(require.cache);
    console.log('result:' + JSON.stringify({ files, pool: typeof cjs.ArenaPool, esmPool: typeof esm.ArenaPool }));
  `));
  assert.equal(loaded.pool, 'function');
  assert.equal(loaded.esmPool, 'function');
  const framework = loaded.files.filter((file) => frameworks.test(file));
  assert.deepEqual(framework, []);
});

test('arenajson/fastify and arenajson/express load as CommonJS and ESM', () => {
  const shapes = expectClean(runChild(`
    import { createRequire } from 'node:module';
    const require = createRequire(process.cwd() + '/');
    const fastifyCjs = require('arenajson/fastify');
    const expressCjs = require('arenajson/express');
    const fastifyEsm = await import('arenajson/fastify');
    const expressEsm = await import('arenajson/express');
    console.log('result:' + JSON.stringify({
      fastifyCjs: typeof fastifyCjs.default, fastifyEsm: typeof fastifyEsm.default, fastifySame: fastifyEsm.default === fastifyCjs.default,
      fastifyNamed: typeof fastifyEsm.arenajsonFastify, fastifyPool: typeof fastifyEsm.ArenaPool,
      expressCjs: typeof expressCjs.arenajson, expressEsm: typeof expressEsm.default, sendJson: typeof expressEsm.sendJson,
      expressLoaded: Object.keys(require.cache).some((file) => /node_modules[\\\\/]express/.test(file)),
    }));
  `));
  assert.deepEqual(shapes, {
    fastifyCjs: 'function', fastifyEsm: 'function', fastifySame: true, fastifyNamed: 'function', fastifyPool: 'function',
    expressCjs: 'function', expressEsm: 'function', sendJson: 'function',
    expressLoaded: false,
  });
});
