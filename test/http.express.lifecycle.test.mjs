// arenajson/express's arenas: released when the response finishes or the
// connection closes, on errors too; a body kept past that throws
// ERR_ARENA_STALE; the pool is flat after 1,000 sequential and 50 concurrent
// requests; sendJson writes arena values natively.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Agent, createServer } from 'node:http';
import { connect } from 'node:net';
import { once } from 'node:events';
import express5 from 'express';
import express4 from 'express4';
import { arenajson, sendJson, ArenaPool } from 'arenajson/express';
import { listen, send, until, wait } from './support/http.mjs';

const majors = [['Express 5', express5], ['Express 4', express4]];
const json = { 'content-type': 'application/json' };
const payload = JSON.stringify({ user: { id: 7, name: 'Ada' }, items: Array.from({ length: 500 }, (_, i) => ({ i, tag: `t${i}` })) });

async function serve(make, options, routes) {
  const app = make();
  app.use(arenajson({ limit: '1mb', ...options }));
  routes(app);
  app.use((err, req, res, next) => res.status(err.status ?? 500).json({ message: err.message, code: err.code }));
  return listen(createServer(app));
}

for (const [name, make] of majors) {
  test(`${name}: a body kept past the response throws ERR_ARENA_STALE; sendJson writes arena values`, async () => {
    for (const body of ['doc', 'lazy']) {
      const pool = new ArenaPool();
      let kept;
      const server = await serve(make, { body, pool }, (app) => {
        app.post('/', (req, res) => {
          kept = req.body;
          assert.ok(req.arena !== undefined);
          sendJson(res, body === 'doc' ? req.body.query('user') : req.body.user);
        });
        app.post('/built', (req, res) => {
          const out = req.arena.object();
          out.set('id', body === 'doc' ? req.body.get('user.id') : req.body.user.id).set('last', body === 'doc' ? req.body.query('items.499') : req.body.items[499]);
          sendJson(res, out);
        });
        app.post('/plain', (req, res) => sendJson(res.status(201), { plain: true }));
      });
      const res = await send(server.port, { headers: json, body: payload });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(res.text, '{"id":7,"name":"Ada"}');
      await until(() => pool.stats.inUse === 0, 'the release');
      if (body === 'doc') assert.throws(() => kept.get('user.id'), { code: 'ERR_ARENA_STALE' });
      else assert.throws(() => kept.user, { code: 'ERR_ARENA_STALE' });
      const built = await send(server.port, { headers: json, body: payload });
      assert.equal(built.status, 200);
      const built2 = await send(server.port, { path: '/built', headers: json, body: payload });
      assert.equal(built2.text, '{"id":7,"last":{"i":499,"tag":"t499"}}');
      const plain = await send(server.port, { path: '/plain', headers: json, body: '{}' });
      assert.equal(plain.status, 201);
      assert.equal(plain.text, '{"plain":true}');
      assert.equal(plain.headers['content-type'], 'application/json; charset=utf-8');
      await server.close();
    }
  });

  test(`${name}: 1,000 sequential and 50 concurrent requests leave the pool flat`, async () => {
    for (const body of ['doc', 'lazy', 'value']) {
      const pool = new ArenaPool();
      const server = await serve(make, { body, pool, proto: 'error' }, (app) => {
        app.post('/', (req, res) => sendJson(res, { id: body === 'doc' ? req.body.get('user.id') : req.body.user.id }));
      });
      const agent = new Agent({ keepAlive: true, maxSockets: 50 });
      const one = () => send(server.port, { headers: { ...json, connection: 'keep-alive' }, body: payload, agent });
      for (let i = 0; i < 10; i++) await one();
      await until(() => pool.stats.inUse === 0, 'warm-up');
      const warm = pool.stats;
      for (let i = 0; i < 1000; i++) assert.equal((await one()).text, '{"id":7}');
      await until(() => pool.stats.inUse === 0, 'the sequential requests');
      const after = pool.stats;
      assert.equal(after.created, warm.created, `${body}: no new arenas`);
      assert.equal(after.idle, warm.idle);
      assert.equal(after.retainedBytes, warm.retainedBytes);
      const answers = await Promise.all(Array.from({ length: 50 }, one));
      assert.ok(answers.every((res) => res.status === 200 && res.text === '{"id":7}'));
      await until(() => pool.stats.inUse === 0, 'the concurrent requests');
      assert.ok(pool.stats.idle <= pool.maxIdle);
      assert.equal(pool.stats.acquired, pool.stats.released);
      agent.destroy();
      await server.close();
    }
  });

  test(`${name}: a handler that throws, an async error, a bad body: the arena goes back`, async () => {
    const pool = new ArenaPool();
    const server = await serve(make, { body: 'doc', pool, proto: 'error' }, (app) => {
      app.post('/throw', (req) => {
        req.body.get('user');
        throw new Error('handler failed');
      });
      app.post('/next', (req, res, next) => setTimeout(() => next(new Error('later')), 5));
    });
    assert.equal((await send(server.port, { path: '/throw', headers: json, body: payload })).status, 500);
    assert.equal((await send(server.port, { path: '/next', headers: json, body: payload })).status, 500);
    assert.equal((await send(server.port, { path: '/throw', headers: json, body: '{"a":' })).status, 400);
    assert.equal((await send(server.port, { path: '/throw', headers: json, body: '{"__proto__":{}}' })).status, 400);
    await until(() => pool.stats.inUse === 0, 'the releases');
    assert.equal(pool.stats.acquired, pool.stats.released);
    await server.close();
  });

  test(`${name}: an arena over its maxSize answers 413 entity.too.large`, async () => {
    const server = await serve(make, { body: 'doc', limit: '8mb', pool: { arena: { maxSize: 128 * 1024 } } }, (app) => {
      app.post('/', (req, res) => res.json({ ok: true }));
    });
    const res = await send(server.port, { headers: json, body: JSON.stringify({ s: 'x'.repeat(1 << 20) }) });
    assert.equal(res.status, 413);
    assert.equal(JSON.parse(res.text).message, 'request entity too large');
    await server.close();
  });

  test(`${name}: an aborted request mid-body and a client gone before the reply leave nothing acquired`, async () => {
    const pool = new ArenaPool();
    let staleCode;
    let finish;
    const handled = new Promise((resolve) => { finish = resolve; });
    const server = await serve(make, { body: 'doc', pool }, (app) => {
      app.post('/slow', async (req, res) => {
        const body = req.body;
        await until(() => pool.stats.inUse === 0, 'the client leaving to release the arena');
        try {
          body.get('user.id');
        } catch (error) {
          staleCode = error.code;
        }
        finish();
        res.end();
      });
      app.post('/', (req, res) => sendJson(res, { id: req.body.get('user.id') }));
    });
    const socket = connect(server.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\n\r\n${payload.slice(0, 100)}`);
    await wait(50);
    socket.destroy();

    const gone = connect(server.port, '127.0.0.1');
    await once(gone, 'connect');
    gone.write(`POST /slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\n\r\n${payload}`);
    await until(() => pool.stats.inUse === 1, 'the slow request to be parsed');
    gone.destroy();
    await handled;
    assert.equal(staleCode, 'ERR_ARENA_STALE');

    const res = await send(server.port, { headers: json, body: payload });
    assert.equal(res.text, '{"id":7}');
    await until(() => pool.stats.inUse === 0, 'the last response');
    assert.equal(pool.stats.acquired, pool.stats.released);
    await server.close();
  });
}
