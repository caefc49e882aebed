// binding.read(arenaId, generation, handle, packTicketAndMode(ticket, mode), path) is the
// entry doc.get takes: getCompiled with the arena named by its id() instead
// of `this`. It must give what getCompiled gives (values and typed errors)
// for every document, path, ticket and read mode, and what JSON.parse gives;
// and ids that are made up, stale, of freed, transferred or collected arenas
// must throw typed errors, never crash (the hostile half runs in a child).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Arena } from '../dist/index.mjs';
import { expectClean, runChild } from './support/child.mjs';
import { createRandom, generateDocument } from './support/generate.mjs';
import { assertSameJson, corpusDir, root } from './support/oracle.mjs';

const { binding } = createRequire(root + '/')('./dist/binding.js');
const { packTicketAndMode, readModeLimit } = createRequire(root + '/')('./dist/options.js');

const escape = (key) => key.replace(/[.*?|#@!\\{}[\]()=<>%,:"~]/g, '\\$&');

// A path of plain segments down `value` (sometimes to a member that is not
// there), with what JSON.parse's value holds there.
function randomPath(random, value) {
  const parts = [];
  let current = value;
  for (;;) {
    const isArray = Array.isArray(current);
    if (current === null || typeof current !== 'object') break;
    if (parts.length > 0 && random.chance(0.2)) break;
    if (random.chance(0.08)) {
      parts.push(isArray ? String(current.length + random.int(3)) : escape(`k${random.int(9)}missing`));
      return { path: parts.join('.'), expected: undefined };
    }
    const keys = Object.keys(current);
    if (keys.length === 0) break;
    const key = keys[random.int(keys.length)];
    if (!isArray && (key === '' || key.startsWith('.'))) break;
    parts.push(isArray ? key : escape(key));
    current = current[key];
  }
  if (parts.length === 0 || parts[0].startsWith('..')) return null;
  return { path: parts.join('.'), expected: current };
}

function outcome(fn) {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    assert.ok(error instanceof Error, `threw a non-Error: ${String(error)}`);
    return { ok: false, code: error.code ?? error.name };
  }
}

function assertSameOutcome(actual, expected, where) {
  assert.equal(actual.ok, expected.ok, `${where}: ${JSON.stringify(actual.code)} vs ${JSON.stringify(expected.code)}`);
  if (expected.ok) assertSameJson(actual.value, expected.value, where);
  else assert.equal(actual.code, expected.code, where);
}

// Documents with objects of 16 members and more (read often enough that
// their key tables are built), escaped and repeated keys, and the corpus.
function documents() {
  const random = createRandom(9001);
  const texts = [];
  for (let i = 0; i < 60; i++) texts.push(generateDocument(random, { maxDepth: 3, maxItems: i % 3 === 0 ? 40 : 8 }));
  const wide = {};
  for (let i = 0; i < 300; i++) wide[`key${i}`] = i % 4 === 0 ? { id: i, name: `n${i}`, tags: [i, `t${i}`] } : i % 4 === 1 ? `v${i}é` : i;
  texts.push(JSON.stringify({ wide, list: Array.from({ length: 200 }, (_, i) => ({ i, s: 'x'.repeat(i % 20) })) }));
  texts.push(readFileSync(join(corpusDir, 'twitter.json'), 'utf8'));
  return texts;
}

test('read gives what getCompiled and JSON.parse give: random documents, paths, tickets and read modes', () => {
  const random = createRandom(77);
  const native = new binding.NativeArena();
  const id = native.id();
  assert.ok(Number.isInteger(id) && id > 0, `id ${id}`);
  let checked = 0;
  try {
    for (const text of documents()) {
      const value = JSON.parse(text);
      const handle = native.parse(text);
      const g = native.stats().generation;
      const picks = [];
      for (let k = 0; k < 60; k++) {
        const pick = randomPath(random, value);
        if (pick !== null) picks.push(pick);
      }
      picks.push({ path: '#', expected: undefined }, { path: '@this', expected: undefined }, { path: '*', expected: undefined });
      // Every path twice and more, so that the lookup tables are built and then used.
      for (let round = 0; round < 3; round++) {
        for (const { path, expected } of picks) {
          const ticket = native.pathId(path);
          for (const mode of [0, 0, 1, 2, 4, 8, 10]) {
            const where = `${text.slice(0, 80)} @ ${JSON.stringify(path)} mode ${mode}`;
            const byId = outcome(() => binding.read(id, g, handle, packTicketAndMode(ticket, mode), path));
            assertSameOutcome(byId, outcome(() => native.getCompiled(g, handle, ticket, path, mode)), where);
            // No ticket: the path text is read.
            assertSameOutcome(outcome(() => binding.read(id, g, handle, mode, path)), byId, `${where} (text)`);
            if (mode === 0 && expected !== undefined) assertSameJson(byId.value, expected, where);
            // A plain path is walked by the evaluator's short path; behind a pipe it takes the general one.
            if (mode === 0) assertSameOutcome(outcome(() => native.get(g, handle, `${path}|@this`)), byId, `${where} (|@this)`);
            checked++;
          }
        }
      }
      native.reset();
    }
  } finally {
    native.free();
  }
  assert.ok(checked > 5000, `only ${checked} reads`);
});

test('doc.get through read matches JSON.parse on big objects read many times, and after reset the typed error', () => {
  const random = createRandom(5);
  const arena = new Arena();
  try {
    for (let round = 0; round < 4; round++) {
      const value = {};
      for (let i = 0; i < 64; i++) value[`m${(i * 7919 + round) % 1000}`] = { a: i, b: [i, { c: `s${i}` }], 'd.e': i * 0.5 };
      const text = JSON.stringify(value);
      const doc = arena.parse(text);
      const keys = Object.keys(value);
      for (let n = 0; n < 400; n++) {
        const key = keys[random.int(keys.length)];
        assert.equal(doc.get(`${key}.a`), value[key].a);
        assert.equal(doc.get(`${key}.b.1.c`), value[key].b[1].c);
        assert.equal(doc.get(`${key}.d\\.e`), value[key]['d.e']);
        assert.equal(doc.get(`${key}.missing`), undefined);
      }
      arena.reset();
      assert.throws(() => doc.get(`${keys[0]}.a`), { code: 'ERR_ARENA_STALE' });
    }
  } finally {
    arena.free();
  }
});

// The hostile half: every state an id can be in, and made-up arguments in
// every position, each compared with what getCompiled answers for the same
// arena (the method is the reference), in a child with --expose-gc.
const hostile = `
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(root + '/')});
const { binding } = require('./dist/binding.js');
const { packTicketAndMode, readModeLimit } = require('./dist/options.js');
const { NativeArena, read } = binding;

let state = 12345;
const random = () => { state = (state + 0x6d2b79f5) >>> 0; let t = state; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const pick = (list) => list[Math.floor(random() * list.length)];

let nonErrors = 0;
const mismatches = [];
const codes = {};
function outcome(fn) {
  try { const value = fn(); return { ok: true, value: typeof value === 'bigint' ? value + 'n' : JSON.stringify(value) }; }
  catch (error) { if (!(error instanceof Error)) nonErrors++; return { ok: false, code: error.code ?? error.name }; }
}
const same = (a, b) => a.ok === b.ok && (a.ok ? a.value === b.value : a.code === b.code);
function count(o) { const key = o.ok ? 'ok' : o.code; codes[key] = (codes[key] ?? 0) + 1; }

// The packed argument as getCompiled takes it: (ticket, mode), or (0, 0) for anything but an integer in [0, 2^53).
function unpack(x) {
  if (typeof x === 'number' && x >= 0 && x < 2 ** 53 && Number.isInteger(x)) return [Math.floor(x / readModeLimit), x % readModeLimit];
  return [0, 0];
}

const texts = ['{"a":[1,2,{"b":"c"}],"d":{"e":null},"n":12345678901234567890,"__proto__":{"x":1}}', '[1,2,3]', '"x"', '{"k":"\\\\u00e9","n":-0}'];
const paths = ['a', 'a.2.b', '#', 'a.#', '*', 'd.e', 'n', '__proto__', '@this', '', '||', 'a.4294967296', 'k', 'x'.repeat(600)];
const arenas = [];
function fresh() {
  const native = new NativeArena();
  const handles = texts.map((t) => native.parse(t));
  const entry = { native, id: native.id(), handles, generation: native.stats().generation };
  arenas.push(entry);
  return entry;
}
for (let i = 0; i < 6; i++) fresh();
const tickets = paths.map((p) => arenas[0].native.pathId(p));

// Put arenas in every state: stale generation, reset for reuse (reads as freed), freed, transferred.
arenas[1].native.reset();
arenas[2].native.reset(true);
arenas[3].native.free();
arenas[4].native.transfer();

const scalars = [0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity, 2 ** 20, 2 ** 20 - 1, 2 ** 21, 2 ** 32, 2 ** 52, 2 ** 53, 2 ** 53 + 2,
  -(2 ** 32), 1e300, undefined, null, true, '1', 'a', {}, [], Symbol('s'), 10n, () => 1,
  { valueOf() { throw new Error('valueOf'); } }, new Proxy({}, { get() { throw new Error('trap'); } })];

function compare(entry, args) {
  const byId = outcome(() => read(entry.id, ...args));
  const [ticket, mode] = unpack(args[2]);
  const byMethod = outcome(() => entry.native.getCompiled(args[0], args[1], ticket, args[3], mode));
  count(byId);
  if (!same(byId, byMethod) && mismatches.length < 20) mismatches.push({ args: String(args), byId, byMethod });
}

for (let step = 0; step < 6000; step++) {
  const entry = pick(arenas);
  const plausible = random() < 0.6;
  const args = [
    plausible ? pick([entry.generation, entry.generation + 1, 1, 2]) : pick(scalars),
    plausible ? pick(entry.handles) + pick([0, 0, 0, 1, 2 ** 32, -1, 0.5]) : pick(scalars),
    plausible ? packTicketAndMode(pick(tickets), pick([0, 1, 2, 4, 8, 10, 15, 17, 255])) : pick(scalars),
    plausible || random() < 0.5 ? pick(paths) : pick(scalars),
  ];
  compare(entry, args);
}

// Made-up ids, and ids next to a live one: a number names either no arena
// (ERR_INVALID_ARG) or one that exists now, and then reads as its getCompiled.
const live = arenas[0];
const byId = new Map(arenas.map((entry) => [entry.id, entry]));
const forged = [...scalars, live.id + 1, live.id - 1, live.id + 2 ** 20, live.id - 2 ** 20, live.id + 0.5, live.id * 2];
let forgedOk = 0;
for (const id of forged) {
  const args = [live.generation, live.handles[0], packTicketAndMode(tickets[0], 0), 'a'];
  const named = byId.get(id);
  if (named !== undefined) { compare(named, args); continue; }
  const o = outcome(() => read(id, ...args));
  if (o.ok || o.code !== 'ERR_INVALID_ARG') forgedOk++;
  count(o);
}
// Too few arguments.
for (let n = 0; n < 5; n++) count(outcome(() => read(...[live.id, live.generation, live.handles[0], packTicketAndMode(tickets[0], 0), 'a'].slice(0, n))));

// A collected arena: its id finds nothing, and the arena that takes its slot gets another id.
let gone = new NativeArena();
const goneId = gone.id();
gone.parse('{"a":1}');
gone = null;
for (let i = 0; i < 10; i++) { globalThis.gc(); await new Promise((resolve) => setImmediate(resolve)); }
const afterGc = outcome(() => read(goneId, 1, 0, 0, 'a'));
const next = new NativeArena();
const nextHandle = next.parse('{"a":2}');
const nextId = next.id();
const oldIdOnNew = outcome(() => read(goneId, 1, nextHandle, 0, 'a'));
const newId = outcome(() => read(nextId, 1, nextHandle, 0, 'a'));

for (const entry of arenas) { try { entry.native.free(); } catch {} }
next.free();
console.log('result:' + JSON.stringify({ nonErrors, mismatches, codes, forgedOk, afterGc, oldIdOnNew, newId, goneId, nextId }));
`;

test('read with made-up, stale, freed, transferred and collected arena ids: typed errors as getCompiled gives, no crash', () => {
  const result = expectClean(runChild(hostile, { args: ['--expose-gc'] }), 'hostile read');
  assert.equal(result.nonErrors, 0, 'something threw a non-Error');
  assert.deepEqual(result.mismatches, [], 'read and getCompiled disagree');
  assert.equal(result.forgedOk, 0, 'a number that is no id named an arena');
  for (const code of ['ok', 'ERR_ARENA_FREED', 'ERR_ARENA_STALE', 'ERR_ARENA_WRONG_THREAD', 'ERR_INVALID_ARG']) {
    assert.ok(result.codes[code] > 0, `never saw ${code}: ${JSON.stringify(result.codes)}`);
  }
  assert.deepEqual(result.afterGc, { ok: false, code: 'ERR_INVALID_ARG' });
  assert.notEqual(result.nextId, result.goneId);
  assert.deepEqual(result.oldIdOnNew, { ok: false, code: 'ERR_INVALID_ARG' });
  assert.deepEqual(result.newId, { ok: true, value: '2' });
});
