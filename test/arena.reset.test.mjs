// Lifetimes: reset() makes every Doc and Value of the arena stale, free()
// makes everything freed, a second free() throws, [Symbol.dispose]() frees.
// Each scenario runs in a child process: misuse must be a typed error, never
// a crash.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entry, expectClean, runChild } from './support/child.mjs';

const prelude = `
import { Arena, ArenaError } from ${JSON.stringify(entry)};
const codeOf = (fn) => {
  try { fn(); return 'no error'; }
  catch (error) { return (error instanceof Error ? '' : 'not an Error: ') + (error.code ?? error.name); }
};
// Every way of reading a Doc or Value, each returning an error code.
const uses = (v) => ({
  get: codeOf(() => v.get('a')),
  getRaw: codeOf(() => v.getRaw('a')),
  query: codeOf(() => v.query('a')),
  type: codeOf(() => v.type),
  toJS: codeOf(() => v.toJS()),
  raw: codeOf(() => v.raw()),
  stringify: codeOf(() => v.stringify()),
  length: codeOf(() => v.length),
  keys: codeOf(() => v.keys()),
  entries: codeOf(() => [...v.entries()]),
  iterate: codeOf(() => [...v]),
});
const text = JSON.stringify({ a: [1, 'two', { three: 3 }], b: { c: null, d: true }, e: -0.5 });
const report = (value) => console.log('result:' + JSON.stringify(value));
`;

function everyUse(result, code, label) {
  for (const [name, got] of Object.entries(result)) assert.equal(got, code, `${label}: ${name}`);
}

test('after reset(), every Doc and Value of the arena throws ERR_ARENA_STALE; new documents work', () => {
  const result = expectClean(
    runChild(
      prelude +
        `
const arena = new Arena();
const doc = arena.parse(text);
const root = doc.root;
const nested = doc.query('a.2');
const element = [...doc.query('a')][1];
const entry = [...doc.query('b').entries()][0][1];
const before = { doc: doc.get('a.2.three'), nested: nested.toJS(), element: element.toJS() };
arena.reset();
const fresh = arena.parse('{"a":"fresh","z":[7]}');
report({
  before,
  doc: uses(doc), root: uses(root), nested: uses(nested), element: uses(element), entry: uses(entry),
  fresh: fresh.toJS(),
  freshGet: fresh.get('z.0'),
  stats: arena.stats,
  stillStale: codeOf(() => doc.get('a')),
});
`,
    ),
  );
  assert.deepEqual(result.before, { doc: 3, nested: { three: 3 }, element: 'two' });
  for (const name of ['doc', 'root', 'nested', 'element', 'entry']) everyUse(result[name], 'ERR_ARENA_STALE', name);
  assert.deepEqual(result.fresh, { a: 'fresh', z: [7] });
  assert.equal(result.freshGet, 7);
  assert.equal(result.stats.documents, 1);
  assert.equal(result.stats.resets, 1);
  assert.equal(result.stats.generation, 2);
  assert.equal(result.stillStale, 'ERR_ARENA_STALE', 'a stale handle must stay stale after new parses');
});

test('after free(), the arena and every handle throw ERR_ARENA_FREED; a second free() throws too', () => {
  const result = expectClean(
    runChild(
      prelude +
        `
const arena = new Arena();
const doc = arena.parse(text);
const value = doc.query('b');
const staleDoc = (() => { const d = arena.parse('[1]'); return d; })();
arena.free();
report({
  doc: uses(doc), value: uses(value), stale: uses(staleDoc),
  parse: codeOf(() => arena.parse('1')),
  reset: codeOf(() => arena.reset()),
  stats: codeOf(() => arena.stats),
  documents: codeOf(() => arena.documents()),
  transfer: codeOf(() => arena.transfer()),
  freeAgain: codeOf(() => arena.free()),
  freeThird: codeOf(() => arena.free()),
  isArenaError: (() => { try { arena.free(); } catch (e) { return e instanceof ArenaError; } })(),
});
`,
    ),
  );
  for (const name of ['doc', 'value', 'stale']) everyUse(result[name], 'ERR_ARENA_FREED', name);
  for (const name of ['parse', 'reset', 'stats', 'documents', 'transfer', 'freeAgain', 'freeThird']) {
    assert.equal(result[name], 'ERR_ARENA_FREED', name);
  }
  assert.equal(result.isArenaError, true);
});

test('a reset after a reset, then free: handles of every generation report the right error', () => {
  const result = expectClean(
    runChild(
      prelude +
        `
const arena = new Arena();
const docs = [];
for (let i = 0; i < 5; i++) { docs.push(arena.parse(JSON.stringify({ a: i }))); arena.reset(); }
const live = arena.parse('{"a":99}');
const beforeFree = docs.map((d) => codeOf(() => d.get('a')));
const liveValue = live.get('a');
arena.free();
report({ beforeFree, liveValue, afterFree: [...docs, live].map((d) => codeOf(() => d.get('a'))) });
`,
    ),
  );
  assert.deepEqual(result.beforeFree, Array(5).fill('ERR_ARENA_STALE'));
  assert.equal(result.liveValue, 99);
  assert.deepEqual(result.afterFree, Array(6).fill('ERR_ARENA_FREED'));
});

test('[Symbol.dispose]() is free(): it releases the arena, and disposing twice throws ERR_ARENA_FREED', () => {
  const result = expectClean(
    runChild(
      prelude +
        `
import { metrics } from ${JSON.stringify(entry)};
const arena = new Arena();
const doc = arena.parse(text);
const live = metrics().arenasLive;
arena[Symbol.dispose]();
report({
  live, after: metrics().arenasLive,
  doc: codeOf(() => doc.toJS()),
  disposeAgain: codeOf(() => arena[Symbol.dispose]()),
  free: codeOf(() => arena.free()),
  sameSymbol: typeof Symbol.dispose === 'symbol' && typeof Arena.prototype[Symbol.dispose] === 'function',
});
`,
    ),
  );
  assert.equal(result.live - result.after, 1);
  assert.equal(result.doc, 'ERR_ARENA_FREED');
  assert.equal(result.disposeAgain, 'ERR_ARENA_FREED');
  assert.equal(result.free, 'ERR_ARENA_FREED');
  assert.equal(result.sameSymbol, true);
});

test('reading after reset returns new data, never the old document (differential over many rounds)', () => {
  const result = expectClean(
    runChild(
      prelude +
        `
const arena = new Arena({ initialSize: 4096 });
let mismatches = 0;
for (let round = 0; round < 200; round++) {
  const value = { round, list: Array.from({ length: round % 17 }, (_, i) => ({ i, s: 'x'.repeat(i * round % 50) })) };
  const doc = arena.parse(JSON.stringify(value));
  if (JSON.stringify(doc.toJS()) !== JSON.stringify(value)) mismatches++;
  if (doc.get('round') !== round) mismatches++;
  arena.reset();
  if (codeOf(() => doc.get('round')) !== 'ERR_ARENA_STALE') mismatches++;
}
arena.free();
report({ mismatches });
`,
    ),
  );
  assert.equal(result.mismatches, 0);
});
