// arenajson/fastify's arenas: reset after the response, after an abort and
// on errors; a body kept past that throws ERR_ARENA_STALE; the pool is flat
// after 1,000 sequential and 50 concurrent requests; arena values in replies
// are written natively; schemas are enforced to 'value' bodies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect } from 'node:net';
import { once } from 'node:events';
import fastify5 from 'fastify';
import fastify4 from 'fastify4';
import arenajson, { ArenaPool } from 'arenajson/fastify';
import { materialize } from '../dist/index.mjs';
import { send, until, wait } from './support/http.mjs';

const majors = [['Fastify 5', fastify5], ['Fastify 4', fastify4]];
const json = { 'content-type': 'application/json' };
const payload = JSON.stringify({ user: { id: 7, name: 'Ada' }, items: Array.from({ length: 500 }, (_, i) => ({ i, tag: `t${i}` })) });

for (const [name, make] of majors) {
  test(`${name}: a body kept past the response throws ERR_ARENA_STALE (doc and lazy)`, async () => {
    for (const body of ['doc', 'lazy']) {
      const pool = new ArenaPool();
      const app = make();
      await app.register(arenajson, { body, pool });
      let kept;
      let arena;
      app.post('/', (request, reply) => {
        kept = request.body;
        arena = request.arena;
        reply.send({ id: body === 'doc' ? kept.get('user.id') : kept.user.id, copy: body === 'doc' ? kept.query('user').toJS() : materialize(kept.user) });
      });
      const res = await app.inject({ method: 'POST', url: '/', headers: json, payload });
      assert.deepEqual(JSON.parse(res.body), { id: 7, copy: { id: 7, name: 'Ada' } });
      assert.ok(arena !== null && arena !== undefined, 'request.arena is the body arena');
      if (body === 'doc') assert.throws(() => kept.get('user.id'), { code: 'ERR_ARENA_STALE' });
      else assert.throws(() => kept.user, { code: 'ERR_ARENA_STALE' });
      assert.equal(pool.stats.inUse, 0);
      await app.close();
    }
  });

  test(`${name}: 1,000 sequential and 50 concurrent requests leave the pool flat`, async () => {
    for (const body of ['doc', 'lazy', 'value']) {
      const pool = new ArenaPool();
      const app = make();
      await app.register(arenajson, { body, pool });
      app.post('/', (request, reply) => {
        const b = request.body;
        reply.send({ id: body === 'doc' ? b.get('user.id') : b.user.id });
      });
      const one = () => app.inject({ method: 'POST', url: '/', headers: json, payload });
      for (let i = 0; i < 10; i++) await one();
      const warm = pool.stats;
      for (let i = 0; i < 1000; i++) assert.equal((await one()).statusCode, 200);
      const after = pool.stats;
      assert.equal(after.inUse, 0, body);
      assert.equal(after.created, warm.created, `${body}: no new arenas`);
      assert.equal(after.idle, warm.idle);
      assert.equal(after.retainedBytes, warm.retainedBytes);
      // A 'value' body is a plain value parsed with no arena; the others hold one each.
      assert.equal(after.acquired - warm.acquired, body === 'value' ? 0 : 1000);
      const answers = await Promise.all(Array.from({ length: 50 }, one));
      assert.ok(answers.every((res) => res.statusCode === 200 && res.body === '{"id":7}'));
      const concurrent = pool.stats;
      assert.equal(concurrent.inUse, 0);
      assert.ok(concurrent.idle <= pool.maxIdle);
      assert.equal(concurrent.acquired - concurrent.released, 0);
      // And flat again after the burst.
      for (let i = 0; i < 100; i++) await one();
      assert.equal(pool.stats.created, concurrent.created);
      await app.close();
    }
  });

  test(`${name}: a handler that throws, or a failing body, gives the arena back`, async () => {
    const pool = new ArenaPool();
    const app = make();
    await app.register(arenajson, { body: 'doc', pool });
    app.post('/throw', (request) => {
      request.body.get('user');
      throw new Error('handler failed');
    });
    app.post('/async', async () => {
      throw Object.assign(new Error('nope'), { statusCode: 409 });
    });
    assert.equal((await app.inject({ method: 'POST', url: '/throw', headers: json, payload })).statusCode, 500);
    assert.equal((await app.inject({ method: 'POST', url: '/async', headers: json, payload })).statusCode, 409);
    assert.equal((await app.inject({ method: 'POST', url: '/throw', headers: json, payload: '{"a":' })).statusCode, 400);
    assert.equal((await app.inject({ method: 'POST', url: '/throw', headers: json, payload: '{"__proto__":1}' })).statusCode, 400);
    assert.equal(pool.stats.inUse, 0);
    assert.equal(pool.stats.acquired, pool.stats.released);
    await app.close();
  });

  test(`${name}: an arena over its maxSize answers 413 FST_ERR_CTP_BODY_TOO_LARGE`, async () => {
    const app = make({ bodyLimit: 8 << 20 });
    await app.register(arenajson, { body: 'doc', pool: { arena: { maxSize: 128 * 1024 } } });
    app.post('/', (request, reply) => reply.send({ ok: true }));
    const res = await app.inject({ method: 'POST', url: '/', headers: json, payload: JSON.stringify({ s: 'x'.repeat(1 << 20) }) });
    assert.equal(res.statusCode, 413);
    assert.equal(JSON.parse(res.body).code, 'FST_ERR_CTP_BODY_TOO_LARGE');
    await app.close();
  });

  test(`${name}: reply.send of a Doc, Value, built object or lazy view writes it natively as JSON`, async () => {
    const app = make();
    await app.register(arenajson, { body: 'doc' });
    const source = { b: [1, 'two', { c: null }], a: 'é\u{1F600}', 2: 'two', 1: 'one' };
    app.post('/doc', (request, reply) => reply.send(request.body));
    app.post('/value', (request, reply) => reply.send(request.body.query('b')));
    app.post('/built', (request, reply) => reply.send(request.arena.object().set('first', request.body.query('b.0')).set('a', request.body.query('a')).set('n', 3)));
    app.post('/lazy', (request, reply) => reply.send(request.body.lazy().b));
    app.post('/status', (request, reply) => reply.code(201).send(request.body));
    app.post('/async', async (request) => request.body.query('b'));
    const expected = {
      '/doc': JSON.stringify(JSON.parse(JSON.stringify(source))),
      '/value': JSON.stringify(source.b),
      '/built': JSON.stringify({ first: 1, a: source.a, n: 3 }),
      '/lazy': JSON.stringify(source.b),
      '/status': JSON.stringify(JSON.parse(JSON.stringify(source))),
      '/async': JSON.stringify(source.b),
    };
    for (const [url, text] of Object.entries(expected)) {
      const res = await app.inject({ method: 'POST', url, headers: json, payload: JSON.stringify(source) });
      assert.equal(res.statusCode, url === '/status' ? 201 : 200, url);
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8', url);
      assert.equal(res.body, text, url);
    }
    await app.close();
  });

  test(`${name}: a body schema is refused on 'lazy'/'doc' routes; a 'value' route validates`, async () => {
    const schema = { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } };
    for (const body of ['lazy', 'doc']) {
      const app = make();
      await app.register(arenajson, { body });
      assert.throws(() => app.post('/', { schema }, () => 'x'), { code: 'ERR_INVALID_ARG', message: /body schema/ });
      app.post('/valid', { schema, config: { arenajson: { body: 'value' } } }, (request) => ({ name: request.body.name }));
      app.post('/raw', (request) => ({ isDoc: typeof request.body.get === 'function' || typeof request.body.name === 'string' }));
      const good = await app.inject({ method: 'POST', url: '/valid', headers: json, payload: '{"name":"Ada"}' });
      assert.equal(good.statusCode, 200);
      assert.equal(good.body, '{"name":"Ada"}');
      const bad = await app.inject({ method: 'POST', url: '/valid', headers: json, payload: '{"nom":"Ada"}' });
      assert.equal(bad.statusCode, 400);
      assert.equal(JSON.parse(bad.body).code, 'FST_ERR_VALIDATION');
      assert.equal((await app.inject({ method: 'POST', url: '/raw', headers: json, payload: '{"name":"Ada"}' })).body, '{"isDoc":true}');
      await app.close();
    }
    const app = make();
    await app.register(arenajson, { body: 'value' });
    app.post('/', { schema }, (request) => ({ name: request.body.name }));
    assert.equal((await app.inject({ method: 'POST', url: '/', headers: json, payload: '{"nom":1}' })).statusCode, 400);
    assert.equal((await app.inject({ method: 'POST', url: '/', headers: json, payload: '{"name":"x"}' })).statusCode, 200);
    await app.close();
  });

  test(`${name}: an aborted request mid-body and a client gone before the reply leave nothing acquired`, async () => {
    const pool = new ArenaPool();
    const app = make();
    await app.register(arenajson, { body: 'doc', pool });
    let staleCode;
    let release;
    const handlerDone = new Promise((resolve) => { release = resolve; });
    app.post('/slow', async (request) => {
      const body = request.body;
      await until(() => pool.stats.inUse === 0, 'the client leaving to release the arena');
      try {
        body.get('user.id');
      } catch (error) {
        staleCode = error.code;
      }
      release();
      return { late: true };
    });
    app.post('/', (request) => ({ id: request.body.get('user.id') }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = app.server.address().port;

    // Mid-body: the headers promise more bytes than come.
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\n\r\n${payload.slice(0, 100)}`);
    await wait(50);
    socket.destroy();

    // Whole body, then the client leaves while the handler still holds the Doc.
    const gone = connect(port, '127.0.0.1');
    await once(gone, 'connect');
    gone.write(`POST /slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\n\r\n${payload}`);
    await until(() => pool.stats.inUse === 1, 'the slow request to be parsed');
    gone.destroy();
    await handlerDone;
    assert.equal(staleCode, 'ERR_ARENA_STALE');
    assert.equal(pool.stats.inUse, 0);

    const res = await send(port, { headers: json, body: payload });
    assert.equal(res.status, 200);
    assert.equal(res.text, '{"id":7}');
    await until(() => pool.stats.inUse === 0, 'the last response');
    await app.close();
  });
}

test('two registrations in sibling scopes, each with its own pool, keep their arenas apart', async () => {
  const app = fastify5();
  const pools = [new ArenaPool(), new ArenaPool()];
  for (const [i, pool] of pools.entries()) {
    app.register(async (scope) => {
      await scope.register(arenajson, { body: 'doc', pool });
      scope.post(`/${i}`, (request) => ({ id: request.body.get('user.id') }));
    });
  }
  await app.ready();
  for (const i of [0, 1, 0, 1]) {
    const res = await app.inject({ method: 'POST', url: `/${i}`, headers: json, payload });
    assert.equal(res.body, '{"id":7}');
  }
  for (const pool of pools) {
    assert.equal(pool.stats.acquired, 2);
    assert.equal(pool.stats.inUse, 0);
  }
  await app.close();
});
