// Lifetime of lazy views: views of an Arena die with its generation (reset,
// free), parseLazy views own a private arena that release() frees early and
// the garbage collector frees late. Misuse runs in child processes, so a
// crash is a failure rather than a dead test runner.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import util from 'node:util';
import { Arena, InvalidArgumentError, materialize, parseLazy, release } from '../dist/index.mjs';
import { scaled, timeBound } from './support/scale.mjs';

const text = '{"a":{"b":[1,{"c":2}]},"big":[' + Array.from({ length: 50 }, (_, i) => `{"i":${i}}`).join(',') + '],"m":[null,{"x":1}]}';
const indexUrl = new URL('../dist/index.mjs', import.meta.url).href;

// Views in every state: the root, an expanded child, a lazy child, a mirrored one.
function viewsOf(view) {
  const a = view.a;
  void a.b[1].c;
  return { root: view, a, b: a.b, lazy: view.big, mirrored: view.m, inner: a.b[1] };
}

function assertDead(views, code) {
  for (const [name, view] of Object.entries(views)) {
    const reads = [
      () => view.a, () => view[0], () => 'a' in view, () => Object.keys(view), () => Reflect.ownKeys(view),
      () => Object.getOwnPropertyDescriptor(view, 'a'), () => JSON.stringify(view), () => materialize(view),
    ];
    for (const read of reads) assert.throws(read, (error) => error.code === code, `${name}: ${read}`);
    assert.doesNotThrow(() => util.inspect(view), `${name}: inspect of a dead view`);
  }
}

function runChild(source, args = []) {
  return execFileSync(process.execPath, [...args, '--input-type=module', '-e', source], { encoding: 'utf8', timeout: timeBound(120000) });
}

test('doc.lazy() views die with reset(): ERR_ARENA_STALE on the next read', () => {
  const arena = new Arena();
  const views = viewsOf(arena.parse(text).lazy());
  assert.equal(views.inner.c, 2);
  arena.reset();
  assertDead(views, 'ERR_ARENA_STALE');
  const again = arena.parse(text).lazy();
  assert.deepStrictEqual(again, JSON.parse(text), 'the arena is usable after reset');
  arena.free();
  assertDead({ again }, 'ERR_ARENA_FREED');
});

test('doc.lazy() views die with free(): ERR_ARENA_FREED', () => {
  const arena = new Arena();
  const views = viewsOf(arena.parse(text).lazy());
  arena.free();
  assertDead(views, 'ERR_ARENA_FREED');
  assert.equal(release(views.root), false, 'a view of an Arena is freed with its arena, not by release');
});

test('release(view) and view[Symbol.for("arenajson.free")]() free a parseLazy arena early', () => {
  const first = viewsOf(parseLazy(text));
  assert.equal(release(first.inner), true, 'any view of the document releases it');
  assert.equal(release(first.root), false, 'twice is a no-op');
  assertDead(first, 'ERR_ARENA_FREED');

  const second = viewsOf(parseLazy(Buffer.from(text)));
  assert.equal(second.root[Symbol.for('arenajson.free')](), true);
  assertDead(second, 'ERR_ARENA_FREED');

  assert.throws(() => release({}), InvalidArgumentError);
  assert.throws(() => release(null), InvalidArgumentError);
  assert.throws(() => release(new Proxy({}, {})), InvalidArgumentError);
});

test('materialize returns the plain value; Symbol.for("arenajson.value") the arena Value', () => {
  const view = parseLazy(text);
  const plain = materialize(view);
  assert.deepStrictEqual(plain, JSON.parse(text));
  assert.equal(util.types.isProxy(plain), false);
  plain.a = 1;  // a plain, writable object
  assert.equal(materialize(5), 5);
  const value = view.a[Symbol.for('arenajson.value')];
  assert.equal(value.type, 'object');
  assert.equal(value.raw(), '{"b":[1,{"c":2}]}');
  assert.deepStrictEqual(value.toJS(), JSON.parse(text).a);
  assert.equal(view.m[Symbol.for('arenajson.value')].raw(), '[null,{"x":1}]');
  release(view);
  assert.throws(() => value.raw(), (error) => error.code === 'ERR_ARENA_FREED');
});

test('invalid input throws the SyntaxError of JSON.parse and leaves nothing behind', () => {
  for (const bad of ['', '{', '[1,]', '{"a":1}x', '\uFEFF[]']) {
    assert.throws(() => parseLazy(bad), (error) => error instanceof SyntaxError && error.code === 'ERR_JSON_SYNTAX', JSON.stringify(bad));
  }
  assert.throws(() => parseLazy(42), InvalidArgumentError);
  assert.deepStrictEqual(parseLazy(Buffer.from([0x5b, 0x22, 0xff, 0x22, 0x5d])), ['\ufffd'], 'invalid UTF-8 reads as toString does');
});

test('stale and freed views in a child process: typed errors, no crash', () => {
  const output = runChild(`
    import { Arena, parseLazy, release } from ${JSON.stringify(indexUrl)};
    const codes = [];
    const arena = new Arena();
    const view = arena.parse('{"a":[1,2,{"b":3}],"c":{"d":4}}').lazy();
    const a = view.a;
    arena.reset();
    arena.parse('[9,9,9,9,9,9,9,9,9]');
    for (const read of [() => a[2].b, () => view.c.d, () => [...a], () => Object.keys(view.c)]) {
      try { read(); codes.push('read'); } catch (error) { codes.push(error.code); }
    }
    arena.free();
    try { a.length; } catch (error) { codes.push(error.code); }
    const owned = parseLazy('{"x":{"y":[1,2,3]}}');
    const x = owned.x;
    release(owned);
    try { x.y[0]; } catch (error) { codes.push(error.code); }
    console.log(codes.join(','));
  `);
  assert.equal(output.trim(), 'ERR_ARENA_STALE,ERR_ARENA_STALE,ERR_ARENA_STALE,ERR_ARENA_STALE,ERR_ARENA_FREED,ERR_ARENA_FREED');
});

test('parseLazy arenas are freed by the garbage collector: external memory and RSS stay flat', () => {
  const output = runChild(`
    import { parseLazy } from ${JSON.stringify(indexUrl)};
    import { setImmediate as tick } from 'node:timers/promises';
    const doc = JSON.stringify({ items: Array.from({ length: 4000 }, (_, i) => ({ id: i, name: 'item ' + i, tags: ['a', 'b', 'é'], nested: { v: i / 3 } })) });
    const bytes = Buffer.from(doc);
    let sink = 0;
    async function round(count) {
      for (let i = 0; i < count; i++) {
        const view = parseLazy(i % 2 ? bytes : doc);
        sink += view.items[i % 4000].nested.v + view.items.length;
        if (i % 25 === 24) { globalThis.gc(); await tick(); }
      }
      for (let i = 0; i < 3; i++) { globalThis.gc(); await tick(); }
      return process.memoryUsage();
    }
    const warm = await round(200);
    const after = await round(${scaled(1500, 300)});
    console.log(JSON.stringify({ bytes: bytes.length, warm, after, sink }));
  `, ['--expose-gc']);
  const { bytes, warm, after } = JSON.parse(output);
  console.log(`external ${warm.external} -> ${after.external}, rss ${warm.rss} -> ${after.rss}`);
  // 1,500 documents of ~0.4 MB were parsed (~600 MB of arenas; at least 300, ~120 MB, when scaled down);
  // what stays must be a few documents' worth.
  assert.ok(after.external - warm.external < 20 * bytes, `external grew by ${after.external - warm.external}`);
  // Under AddressSanitizer freed blocks sit in its quarantine while the spare
  // pool (64 arenas of these ~1 MB) holds other ones: allow for both there.
  const rssSlack = (process.env.ARENAJSON_SANITIZED ? 384 : 128) * 1024 * 1024;
  assert.ok(after.rss - warm.rss < rssSlack, `RSS grew by ${after.rss - warm.rss}`);
});
