// The fast ways of the projection loop (out.set(name, doc.query(path))):
// Doc.set with a key that is one plain sjson component skips splitting the
// path, Doc.set and doc.query name the arena by id (binding.setValueById,
// binding.queryById) and query names its path by ticket. Each is checked
// against the general way it replaces (an escaped key, the NativeArena
// methods) and against the same object built in JS and JSON.stringify'd.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { Arena } from '../dist/index.mjs';
import { expectClean, runChild } from './support/child.mjs';
import { createRandom, generateDocument } from './support/generate.mjs';
import { assertSameJson, root } from './support/oracle.mjs';
import { prng, randomJsonText } from './support/random-json.mjs';
import { modelSet, splitPath } from './support/sjson-model.mjs';

const { binding } = createRequire(root + '/')('./dist/binding.js');

// Keys with every character sjson gives a meaning to, integer-like keys, -1,
// the empty key, non-ASCII and lone surrogates, and Object.prototype names.
const fixedKeys = ['', '-1', '-2', '0', '00', '01', '7', '42', '4294967294', '4294967295', '123456789012',
  '1234567890123', '__proto__', 'constructor', 'toString', 'hasOwnProperty', ':', ':a', '::', 'a:b', 'a.b', '.', '..',
  '\\', 'a\\b', '|', '#', '@', '*', '?', 'a|b', 'a#', '@this', 'a*', 'a?', 'é', 'ü.x', '😀', '\ud800', 'a\udc00',
  '"', 'a"b', '\n', '\u0000', ' ', 'f0', 'f999', 'name', 'x'.repeat(70), 'ж'.repeat(40), '😀'.repeat(20)];
const keyAlphabet = ['a', 'b', 'Z', '_', '$', '-', '0', '1', '9', '.', '*', '?', '\\', '|', '#', '@', ':', ' ', '"', 'é',
  '中', '😀', '\ud800', '\udfff', '\n', '/', '!', '{', '['];

function randomKey(random) {
  if (random() < 0.45) return fixedKeys[Math.floor(random() * fixedKeys.length)];
  const length = Math.floor(random() * 6);
  let key = '';
  for (let i = 0; i < length; i++) key += keyAlphabet[Math.floor(random() * keyAlphabet.length)];
  return key;
}

// A key the fast way takes: one component, nothing escaped or forced, no complex character.
const plainKey = (key) => key !== '' && !key.startsWith(':') && !/[.\\|#@*?]/.test(key);

function outcome(fn) {
  try {
    fn();
    return 'ok';
  } catch (error) {
    assert.ok(error instanceof Error, `threw a non-Error: ${String(error)}`);
    return `${error.name}:${error.code}`;
  }
}

// Values of every kind: parsed values of every type (by query, so by
// reference), built containers, whole Docs, and JS values.
const poolText =
  '{"n":null,"t":true,"f":false,"i":-0,"d":1.50,"e":1E400,"s":"\\u00e9\\/\\ud83d\\ude00","u":"\\ud800",' +
  '"a":[1,"two",{"3":[true]},[]],"o":{"x":1,"x":2,"1":"one","__proto__":{"p":1}},"eo":{},"deep":{"a":{"a":{"a":[0]}}}}';
const poolPaths = ['n', 't', 'f', 'i', 'd', 'e', 's', 'u', 'a', 'a.2', 'a.3', 'o', 'eo', 'deep', 'deep.a.a'];
const jsValues = [undefined, null, 0, -0, 1.5, NaN, 'text', 'é😀\ud800', [1, undefined, 'x'], { k: 1, 2: 'two' }, true,
  { toJSON: (key) => `key:${key}` }];

function pickValue(random, arena, source, sourceJs) {
  const which = random();
  if (which < 0.55) {
    const path = poolPaths[Math.floor(random() * poolPaths.length)];
    return [source.query(path), structuredClone(sourceJs[path])];
  }
  if (which < 0.7) {
    const built = arena.object().set('b', 1).set('c', [2]);
    return [built, { b: 1, c: [2] }];
  }
  if (which < 0.8) {
    const text = randomJsonText(random);
    return [arena.parse(text), JSON.parse(text)];
  }
  // A JS value is stored as JSON.stringify writes it as the member named by the path's last key (toJSON sees that key).
  const value = jsValues[Math.floor(random() * jsValues.length)];
  return [value, (key) => {
    const parts = splitPath(key);
    const last = parts[parts.length - 1].key;
    const text = JSON.stringify({ [last]: value });
    return text === '{}' ? undefined : JSON.parse(text)[last];
  }];
}

test('set with one plain key gives what the escaped key (the general path) and the JS object give', () => {
  const random = prng(2024);
  const arena = new Arena();
  try {
    for (let round = 0; round < 160; round++) {
      const source = arena.parse(poolText);
      const sourceJs = Object.fromEntries(poolPaths.map((p) => [p, p.split('.').reduce((v, k) => v[k], JSON.parse(poolText))]));
      // Targets: a new object (the fast way from the first set), a parsed
      // object (the first set expands it), an array and a scalar document
      // (the general way: sjson's rules for those roots).
      const kind = round % 4;
      const text = kind === 1 ? JSON.stringify(JSON.parse(`{"x":1,"0":2,"b":{"c":3},"__proto__":4,${poolText.slice(1)}`)) : kind === 2 ? '[1,[2],{"a":3}]' : '"scalar"';
      const make = () => (kind === 0 ? arena.object() : arena.parse(text));
      const fast = make();
      const general = make();
      const holder = { root: kind === 0 ? {} : JSON.parse(text) };
      for (let step = 0; step < 40; step++) {
        let key = randomKey(random);
        // On an array a large index pads with nulls: keep the model's arrays small.
        if (kind >= 2 && /^\d+$/.test(key) && Number(key) > 64) key = String(Number(key) % 7);
        const [value, modelValue] = pickValue(random, arena, source, sourceJs);
        const label = `round ${round} step ${step} key ${JSON.stringify(key)}`;
        let modelOk = true;
        try {
          modelSet(holder, key, typeof modelValue === 'function' ? modelValue(key) : modelValue);
        } catch {
          modelOk = false;
        }
        const got = outcome(() => fast.set(key, value));
        // The same key through the general path: a backslash before the
        // first character means that character (and keeps the key whole).
        const escaped = plainKey(key) ? `\\${key}` : key;
        const reference = outcome(() => general.set(escaped, value));
        assert.equal(got, reference, `${label}: fast and general outcomes`);
        assert.equal(got === 'ok', modelOk, `${label}: outcome against the model (${got})`);
        if (!modelOk) assert.match(got, /^TypeError:ERR_INVALID_ARG$/, label);
        if (step % 8 === 7 || step === 39) {
          const expected = JSON.stringify(holder.root);
          assert.equal(fast.stringify(), expected, `${label}: stringify`);
          assert.equal(general.stringify(), expected, `${label}: general stringify`);
          assert.equal(fast.toBuffer().toString('utf8'), Buffer.from(expected, 'utf8').toString('utf8'), `${label}: toBuffer`);
        }
      }
      assert.equal(fast.stringify({ space: 1 }), JSON.stringify(holder.root, null, 1), `round ${round}: stringify space`);
      if (round % 10 === 9) arena.reset();
    }
  } finally {
    arena.free();
  }
});

test('the projection loop (out.set(name, doc.query(path))) matches the JS projection on random documents', () => {
  const random = createRandom(77);
  const arena = new Arena();
  try {
    for (let round = 0; round < 60; round++) {
      const text = generateDocument(random, { maxDepth: 4, maxItems: round % 2 === 0 ? 30 : 6 });
      const value = JSON.parse(text);
      const paths = [];
      const walk = (v, parts) => {
        if (v === null || typeof v !== 'object') return;
        for (const key of Object.keys(v)) {
          if (!/^[A-Za-z0-9_]+$/.test(key) || /^\d+$/.test(key) !== Array.isArray(v)) continue;
          paths.push([...parts, key]);
          walk(v[key], [...parts, key]);
        }
      };
      walk(value, []);
      const names = paths.map(() => randomKey(random.next));
      const doc = arena.parse(text);
      const out = arena.object();
      const holder = { root: {} };
      for (let i = 0; i < paths.length; i++) {
        const found = doc.query(paths[i].join('.'));
        const modelValue = paths[i].reduce((v, k) => v[k], value);
        let modelOk = true;
        try {
          modelSet(holder, names[i], structuredClone(modelValue));
        } catch {
          modelOk = false;
        }
        assert.ok(found !== undefined, paths[i].join('.'));
        assert.equal(outcome(() => out.set(names[i], found)) === 'ok', modelOk, `set ${JSON.stringify(names[i])}`);
      }
      assert.equal(out.toBuffer().toString('utf8'), JSON.stringify(holder.root), `round ${round}`);
      arena.reset();
    }
  } finally {
    arena.free();
  }
});

test('doc.query by ticket gives what the query method gives: nodes, produced values, missing paths, edited roots', () => {
  const random = createRandom(4242);
  const arena = new Arena();
  const paths = ['a', 'a.0', 'a.1.b', '#', 'a.#', '*', '@this', '@reverse', '{a,d}', '[a,d]', 'd.e', 'missing', '',
    'a.4294967296', 'd|@keys', 'a.#.b', '..0', 'x'.repeat(600), '__proto__', 'k', 'a.-1'];
  try {
    for (let round = 0; round < 40; round++) {
      const text = round % 3 === 0 ? '{"a":[1,{"b":"c"}],"d":{"e":null},"k":"\\u00e9","__proto__":{"x":1}}' : generateDocument(random, { maxDepth: 3, maxItems: 8 });
      const doc = arena.parse(text);
      if (round % 5 === 4 && doc.type === 'object') doc.set('added', { z: [1] });
      const native = doc.native;
      const targets = [doc, ...(doc.query('a') ? [doc.query('a')] : [])];
      for (const target of targets) {
        for (const path of [...paths, ...Object.keys(JSON.parse(text) ?? {}).slice(0, 5)]) {
          const found = target.query(path);
          const handle = native.query(target.generation, target.handle, path);
          assert.equal(found === undefined, handle < 0, `round ${round} ${path}: found`);
          if (found === undefined) continue;
          assert.equal(found.generation, target.generation);
          assert.equal(found.raw(), native.raw(target.generation, handle), `round ${round} ${path}: raw`);
          assertSameJson(found.toJS(), target.get(path), `round ${round} ${path}: toJS`);
        }
      }
      // More distinct paths than the ticket table holds: old tickets fall back to the text.
      if (round === 0) {
        for (let i = 0; i < 5000; i++) assert.equal(doc.query(`p${i}`), undefined);
        assert.equal(doc.query('a.1.b').toJS(), 'c');
      }
      arena.reset();
      assert.throws(() => doc.query('a'), { code: 'ERR_ARENA_STALE' });
    }
  } finally {
    arena.free();
  }
  assert.throws(() => arena.parse('{}').query('a'), { code: 'ERR_ARENA_FREED' });
  const other = new Arena();
  const doc = other.parse('{"a":1}');
  assert.throws(() => doc.query(1), { code: 'ERR_INVALID_ARG' });
  assert.throws(() => arena.object().set('a', doc), { code: 'ERR_ARENA_FREED' });
  assert.throws(() => other.object().set('a', new Arena().parse('1')), { code: 'ERR_ARENA_FOREIGN' });
  other.free();
});

// queryById and setValueById against the methods they stand for, with ids
// of every state and random arguments in every position, in a child.
const hostile = `
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(root + '/')});
const { binding } = require('./dist/binding.js');
const { NativeArena, queryById, setValueById } = binding;

let state = 777;
const random = () => { state = (state + 0x6d2b79f5) >>> 0; let t = state; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const pick = (list) => list[Math.floor(random() * list.length)];

let nonErrors = 0;
const mismatches = [];
const codes = {};
function outcome(fn, rawOf) {
  try {
    const value = fn();
    // A produced value is a new document, so compare its text, not its handle.
    return { ok: true, value: typeof value === 'number' && value >= 0 && rawOf ? rawOf(value) : String(value) };
  } catch (error) { if (!(error instanceof Error)) nonErrors++; return { ok: false, code: error.code ?? error.name }; }
}
const same = (a, b) => a.ok === b.ok && (a.ok ? a.value === b.value : a.code === b.code);
function count(o) { const key = o.ok ? 'ok' : o.code; codes[key] = (codes[key] ?? 0) + 1; }

const texts = ['{"a":[1,2,{"b":"c"}],"d":{"e":null},"__proto__":{"x":1}}', '[1,2,3]', '"x"'];
const paths = ['a', 'a.2.b', '#', 'a.#', '*', 'd.e', '@this', '', '||', 'x'.repeat(600), 'k', '-1', ':1', 'a.b.c'];
const arenas = [];
for (let i = 0; i < 6; i++) {
  const native = new NativeArena();
  const handles = texts.map((t) => native.parse(t));
  handles.push(native.newObject(), native.newArray());
  arenas.push({ native, id: native.id(), handles, generation: native.stats().generation });
}
const tickets = paths.map((p) => arenas[0].native.pathId(p));
arenas[1].native.reset();
arenas[2].native.reset(true);
arenas[3].native.free();
arenas[4].native.transfer();

const scalars = [0, -0, 1, -1, 0.5, NaN, Infinity, 2 ** 20, 2 ** 32, 2 ** 53, undefined, null, true, '1', 'a', {}, [],
  Symbol('s'), 10n, () => 1, { valueOf() { throw new Error('valueOf'); } }];

for (let step = 0; step < 5000; step++) {
  const entry = pick(arenas);
  const plausible = random() < 0.6;
  const generation = plausible ? pick([entry.generation, entry.generation + 1]) : pick(scalars);
  const handle = plausible ? pick(entry.handles) + pick([0, 0, 0, 1, 2 ** 32, -1, 0.5]) : pick(scalars);
  const path = plausible || random() < 0.5 ? pick(paths) : pick(scalars);
  if (random() < 0.5) {
    // A known ticket names its own path; anything else falls back to the text.
    const index = Math.floor(random() * paths.length);
    const ticket = plausible ? pick([tickets[index], 0, 123456789]) : pick(scalars);
    const named = tickets.indexOf(ticket) >= 0 && ticket !== 0 ? paths[tickets.indexOf(ticket)] : path;
    const rawOf = (h) => entry.native.raw(generation, h);
    const byId = outcome(() => queryById(entry.id, generation, handle, ticket, path), rawOf);
    const byMethod = outcome(() => entry.native.query(generation, handle, named), rawOf);
    count(byId);
    if (!same(byId, byMethod) && mismatches.length < 20) mismatches.push({ op: 'query', args: String([generation, handle, ticket, path]), byId, byMethod });
  } else {
    const valueGeneration = plausible ? pick([entry.generation, entry.generation + 1]) : pick(scalars);
    const valueHandle = plausible ? pick(entry.handles) + pick([0, 0, 1, 2 ** 32]) : pick(scalars);
    const args = [generation, handle, path, valueGeneration, valueHandle];
    // Setting the same thing twice is the same edit: both ways must agree.
    const byId = outcome(() => setValueById(entry.id, ...args));
    const byMethod = outcome(() => entry.native.setValue(...args));
    count(byId);
    if (!same(byId, byMethod) && mismatches.length < 20) mismatches.push({ op: 'set', args: String(args), byId, byMethod });
  }
}
let forgedOk = 0;
const live = arenas[0];
const liveIds = new Set(arenas.map((entry) => entry.id));
for (const id of [...scalars, live.id + 1, live.id - 1, live.id + 2 ** 20, live.id + 0.5]) {
  if (liveIds.has(id)) continue;
  for (const fn of [() => queryById(id, live.generation, live.handles[0], tickets[0], 'a'), () => setValueById(id, live.generation, live.handles[3], 'a', live.generation, live.handles[0])]) {
    const o = outcome(fn);
    if (o.ok || o.code !== 'ERR_INVALID_ARG') forgedOk++;
    count(o);
  }
}
for (let n = 0; n < 6; n++) {
  count(outcome(() => queryById(...[live.id, live.generation, live.handles[0], tickets[0], 'a'].slice(0, n))));
  count(outcome(() => setValueById(...[live.id, live.generation, live.handles[3], 'a', live.generation, live.handles[0]].slice(0, n))));
}
let gone = new NativeArena();
const goneId = gone.id();
gone.parse('{"a":1}');
gone = null;
for (let i = 0; i < 10; i++) { globalThis.gc(); await new Promise((resolve) => setImmediate(resolve)); }
const afterGc = [outcome(() => queryById(goneId, 1, 0, 0, 'a')), outcome(() => setValueById(goneId, 1, 0, 'a', 1, 0))];
for (const entry of arenas) { try { entry.native.free(); } catch {} }
console.log('result:' + JSON.stringify({ nonErrors, mismatches, codes, forgedOk, afterGc }));
`;

test('queryById and setValueById with made-up, stale, freed, transferred and collected ids: as the methods, no crash', () => {
  const result = expectClean(runChild(hostile, { args: ['--expose-gc'] }), 'hostile queryById/setValueById');
  assert.equal(result.nonErrors, 0, 'something threw a non-Error');
  assert.deepEqual(result.mismatches, [], 'by id and by method disagree');
  assert.equal(result.forgedOk, 0, 'a number that is no id named an arena');
  for (const code of ['ok', 'ERR_ARENA_FREED', 'ERR_ARENA_STALE', 'ERR_ARENA_WRONG_THREAD', 'ERR_INVALID_ARG']) {
    assert.ok(result.codes[code] > 0, `never saw ${code}: ${JSON.stringify(result.codes)}`);
  }
  assert.deepEqual(result.afterGc, [{ ok: false, code: 'ERR_INVALID_ARG' }, { ok: false, code: 'ERR_INVALID_ARG' }]);
});

test('the binding exports queryById and setValueById', () => {
  assert.equal(typeof binding.queryById, 'function');
  assert.equal(typeof binding.setValueById, 'function');
});
