// ArenaPool: released arenas come back reset (their handles stale), the caps
// on idle count, per-arena bytes and retained bytes free what they should,
// and steady use reaches a flat state.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArenaPool, Arena } from '../dist/index.mjs';

const body = Buffer.from(JSON.stringify({ a: 1, list: Array.from({ length: 2000 }, (_, i) => ({ i, s: `item ${i}` })) }));

test('acquire gives a usable arena; release resets it and makes its handles stale', () => {
  const pool = new ArenaPool();
  const arena = pool.acquire();
  assert.ok(arena instanceof Arena);
  const doc = arena.parse(body);
  const view = doc.lazy();
  assert.equal(doc.get('a'), 1);
  pool.release(arena);
  assert.throws(() => doc.get('a'), { code: 'ERR_ARENA_STALE' });
  assert.throws(() => view.a, { code: 'ERR_ARENA_STALE' });
  assert.equal(pool.acquire(), arena, 'the released arena is reused');
  assert.equal(arena.stats.documents, 0);
  pool.close();
});

test('release of an arena that is not out of the pool throws ERR_INVALID_ARG', () => {
  const pool = new ArenaPool();
  const arena = pool.acquire();
  pool.release(arena);
  assert.throws(() => pool.release(arena), { code: 'ERR_INVALID_ARG' });
  const stranger = new Arena();
  assert.throws(() => pool.release(stranger), { code: 'ERR_INVALID_ARG' });
  stranger.free();
  pool.close();
});

test('an arena the caller freed is dropped on release', () => {
  const pool = new ArenaPool();
  const arena = pool.acquire();
  arena.free();
  pool.release(arena);
  assert.equal(pool.stats.idle, 0);
  assert.equal(pool.stats.inUse, 0);
  assert.notEqual(pool.acquire(), arena);
  pool.close();
});

test('maxIdle caps the idle arenas; the rest are freed', () => {
  const pool = new ArenaPool({ maxIdle: 2 });
  const arenas = [pool.acquire(), pool.acquire(), pool.acquire(), pool.acquire()];
  for (const arena of arenas) pool.release(arena);
  const stats = pool.stats;
  assert.equal(stats.idle, 2);
  assert.equal(stats.freed, 2);
  assert.equal(stats.created, 4);
  assert.throws(() => arenas[2].parse('1'), { code: 'ERR_ARENA_FREED' });
  pool.close();
});

test('an arena that grew past maxArenaBytes is freed, not kept', () => {
  const pool = new ArenaPool({ maxArenaBytes: 256 * 1024 });
  const big = pool.acquire();
  big.parse(Buffer.from(JSON.stringify({ s: 'x'.repeat(1 << 20) })));
  pool.release(big);
  assert.equal(pool.stats.idle, 0);
  assert.equal(pool.stats.freed, 1);
  const small = pool.acquire();
  small.parse('{"a":1}');
  pool.release(small);
  assert.equal(pool.stats.idle, 1);
  pool.close();
});

test('maxRetainedBytes caps the bytes the idle arenas keep together', () => {
  const probe = new Arena();
  probe.parse(body);
  const one = probe.stats.bytesReserved;
  probe.free();
  const pool = new ArenaPool({ maxRetainedBytes: one * 2.5 });
  const arenas = Array.from({ length: 4 }, () => pool.acquire());
  for (const arena of arenas) arena.parse(body);
  for (const arena of arenas) pool.release(arena);
  assert.equal(pool.stats.idle, 2);
  assert.ok(pool.stats.retainedBytes <= one * 2.5);
  pool.trim();
  assert.equal(pool.stats.idle, 0);
  assert.equal(pool.stats.retainedBytes, 0);
  pool.close();
});

test('steady acquire/parse/release is flat: no new arenas, no new chunks', () => {
  const pool = new ArenaPool();
  const round = () => {
    const held = Array.from({ length: 4 }, () => pool.acquire());
    for (const arena of held) assert.equal(arena.parse(body).get('list.1999.i'), 1999);
    for (const arena of held) pool.release(arena);
  };
  round();
  const before = pool.stats;
  const arena = pool.acquire();
  const chunks = arena.stats.chunks;
  const reserved = arena.stats.bytesReserved;
  pool.release(arena);
  for (let i = 0; i < 200; i++) round();
  const after = pool.stats;
  assert.equal(after.created, before.created);
  assert.equal(after.freed, before.freed);
  assert.equal(after.idle, before.idle);
  assert.equal(after.inUse, 0);
  assert.equal(after.retainedBytes, before.retainedBytes);
  assert.equal(arena.stats.chunks, chunks);
  assert.equal(arena.stats.bytesReserved, reserved);
  pool.close();
});

test('close frees the idle arenas; acquire then throws and releases free', () => {
  const pool = new ArenaPool();
  const kept = pool.acquire();
  pool.release(pool.acquire());
  pool.close();
  assert.equal(pool.stats.idle, 0);
  assert.throws(() => pool.acquire(), { code: 'ERR_INVALID_ARG' });
  pool.release(kept);
  assert.throws(() => kept.parse('1'), { code: 'ERR_ARENA_FREED' });
});

test('options are checked', () => {
  assert.throws(() => new ArenaPool({ maxIdle: -1 }), { code: 'ERR_INVALID_ARG' });
  assert.throws(() => new ArenaPool({ maxRetainedBytes: 'a lot' }), { code: 'ERR_INVALID_ARG' });
  assert.throws(() => new ArenaPool({ arena: { maxSize: -5 } }), { code: 'ERR_INVALID_ARG' });
  assert.throws(() => new ArenaPool(null), { code: 'ERR_INVALID_ARG' });
});

test('arena options apply: maxSize gives ERR_ARENA_LIMIT and the arena goes back usable', () => {
  const pool = new ArenaPool({ arena: { maxSize: 64 * 1024 } });
  const arena = pool.acquire();
  assert.throws(() => arena.parse(Buffer.from(JSON.stringify({ s: 'y'.repeat(200 * 1024) }))), { code: 'ERR_ARENA_LIMIT' });
  pool.release(arena);
  const again = pool.acquire();
  assert.equal(again.parse('{"ok":true}').get('ok'), true);
  pool.release(again);
  pool.close();
});
