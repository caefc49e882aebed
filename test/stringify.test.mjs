// The drop-in stringify(): exactly JSON.stringify for every value and
// argument, natively for arena values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arena, stringify, valueSymbol, registerView } from '../dist/index.mjs';
import { prng, randomJsonText } from './support/random-json.mjs';

// Runs both and compares results, or thrown error classes and messages.
function agree(args, label) {
  let expected;
  let actual;
  try {
    expected = { value: JSON.stringify(...args) };
  } catch (error) {
    expected = { error };
  }
  try {
    actual = { value: stringify(...args) };
  } catch (error) {
    actual = { error };
  }
  if (expected.error) {
    assert.ok(actual.error, `${label}: JSON.stringify threw ${expected.error}, stringify returned ${actual.value}`);
    assert.equal(actual.error.constructor, expected.error.constructor, label);
    assert.equal(actual.error.message, expected.error.message, label);
  } else {
    assert.ok(!actual.error, `${label}: stringify threw ${actual.error}`);
    assert.equal(actual.value, expected.value, label);
  }
}

const spaces = [undefined, null, 0, 1, 2, 4, 10, 11, 100, -5, 2.9, NaN, Infinity, '', '\t', ' ', 'abcdefghijklm', '😀😀😀😀😀😀',
  new Number(2), new String('ab'), true, {}, [], 3n];

function hostileValues() {
  const cyclic = { a: 1 };
  cyclic.self = cyclic;
  const cyclicArray = [1];
  cyclicArray.push([cyclicArray]);
  const withGetter = { get lazy() { return { computed: [1, 2] }; }, plain: 1 };
  const throwingGetter = { get boom() { throw new RangeError('getter says no'); } };
  const sparse = [1, , 3, , ]; // eslint-disable-line no-sparse-arrays
  sparse.extra = 'ignored';
  const nonEnumerable = Object.defineProperty({ shown: 1 }, 'hidden', { value: 2, enumerable: false });
  const symbolKeyed = { [Symbol('s')]: 1, ok: 2, sym: Symbol('v') };
  const proxied = new Proxy({ a: 1, b: [2] }, {});
  const nullProto = Object.assign(Object.create(null), { z: 1, 1: 'one' });
  class Point { constructor() { this.x = 1; this.y = 2; } get sum() { return this.x + this.y; } }
  return {
    primitives: [0, -0, 1e21, 1e-7, NaN, Infinity, -Infinity, 'str', '\ud800', '\u2028\u2029', '\u0000\u001f', true, false, null],
    undefinedTop: undefined,
    functionTop: () => 1,
    symbolTop: Symbol('top'),
    bigint: 10n,
    bigintNested: { a: [1n] },
    cyclic,
    cyclicArray,
    boxed: [new Number(1), new String('s'), new Boolean(false), Object(Symbol('x')), Object(1n)],
    toJSON: { a: { toJSON(key) { return `called with ${key}`; } }, b: [{ toJSON() { return undefined; } }], d: new Date(0) },
    toJSONThrows: { a: { toJSON() { throw new SyntaxError('mine'); } } },
    invalidDate: new Date(NaN),
    withGetter,
    throwingGetter,
    sparse,
    nonEnumerable,
    symbolKeyed,
    proxied,
    nullProto,
    point: new Point(),
    map: new Map([[1, 2]]),
    typed: new Uint8Array([1, 2]),
    nested: { a: [{ b: { c: [undefined, null, () => 1, Symbol('x')] } }] },
    keys: { 2: 'a', 1: 'b', b: 1, a: 2, '-1': 3, 4294967295: 4, 4294967294: 5 },
    regexp: /x/g,
    error: new Error('e'),
    deep: JSON.parse('['.repeat(500) + ']'.repeat(500)),
  };
}

const replacers = [
  undefined,
  null,
  (key, value) => (typeof value === 'number' ? value * 2 : value),
  function (key, value) { return key === 'a' ? undefined : value; },
  (key, value) => (key === '' ? { wrapped: value } : value),
  ['a', 'b', 1, new String('c'), new Number(2), 'a', {}, null],
  [],
  'not a replacer',
  42,
];

test('hostile values, every replacer and space: the same result or the same error as JSON.stringify', () => {
  for (const [name, value] of Object.entries(hostileValues())) {
    for (const replacer of replacers) {
      for (const space of spaces) agree([value, replacer, space], `${name} replacer=${String(replacer).slice(0, 20)} space=${String(space)}`);
    }
  }
  agree([], 'no arguments');
});

test('toJSON, getters and replacers are called exactly as JSON.stringify calls them', () => {
  const trace = (log) => ({
    get a() { log.push('get a'); return { toJSON(key) { log.push(`toJSON ${key}`); return 1; } }; },
    b: 2,
  });
  const ours = [];
  const theirs = [];
  stringify(trace(ours), (key, value) => { ours.push(`replacer ${key}`); return value; }, new Number(1));
  JSON.stringify(trace(theirs), (key, value) => { theirs.push(`replacer ${key}`); return value; }, new Number(1));
  assert.deepEqual(ours, theirs);
  let calls = 0;
  const space = { valueOf() { calls++; return 3; } };
  Object.setPrototypeOf(space, Number.prototype);
  agree([{ a: 1 }, null, space], 'space with valueOf');
});

test('random JSON data with random replacers and spaces', () => {
  const random = prng(5);
  for (let i = 0; i < 1000; i++) {
    const value = JSON.parse(randomJsonText(random));
    const replacer = replacers[Math.floor(random() * replacers.length)];
    const space = spaces[Math.floor(random() * spaces.length)];
    agree([value, replacer, space], `random #${i}`);
  }
});

test('arena values are written natively and agree with JSON.stringify of their toJS()', () => {
  const arena = new Arena();
  const random = prng(11);
  for (let i = 0; i < 300; i++) {
    const text = randomJsonText(random);
    const doc = arena.parse(text);
    const plain = JSON.parse(text);
    const space = spaces[i % spaces.length];
    const replacer = replacers[i % replacers.length];
    let expected;
    try {
      expected = JSON.stringify(plain, replacer, space);
    } catch (error) {
      assert.throws(() => stringify(doc, replacer, space), error.constructor);
      continue;
    }
    assert.equal(stringify(doc, replacer, space), expected, `doc #${i}`);
    assert.equal(stringify(doc.root, replacer, space), expected, `root #${i}`);
    // Nested in plain data: Value.toJSON gives its JS form.
    assert.equal(stringify({ wrapped: [doc] }, replacer, space), JSON.stringify({ wrapped: [plain] }, replacer, space), `nested #${i}`);
    assert.equal(JSON.stringify({ doc }), JSON.stringify({ doc: plain }));
  }
  const built = arena.object().set('a.b', [1, 2]).set('c', 'd');
  assert.equal(stringify(built), '{"a":{"b":[1,2]},"c":"d"}');
  assert.equal(stringify(built, null, '\ud800'), JSON.stringify(built.toJS(), null, '\ud800'), 'a gap V8 must write');
  assert.equal(stringify({ built }, null, 1), JSON.stringify({ built: built.toJS() }, null, 1));
  arena.free();
});

test('lazy views are found through Symbol.for("arenajson.value") or registerView', () => {
  const arena = new Arena();
  const doc = arena.parse('{"b":[1,2.50],"a":"x","1":null}');
  assert.equal(valueSymbol, Symbol.for('arenajson.value'));
  assert.equal(doc[valueSymbol], doc);
  let touched = 0;
  const viewBySymbol = new Proxy({}, {
    get(target, key) {
      if (key === Symbol.for('arenajson.value')) return doc;
      touched++;
      return undefined;
    },
  });
  assert.equal(stringify(viewBySymbol), '{"1":null,"b":[1,2.5],"a":"x"}');
  assert.equal(touched, 0, 'the native path reads nothing else from the view');
  const registered = new Proxy({}, { get() { throw new Error('not to be touched'); } });
  registerView(registered, doc.query('b'));
  assert.equal(stringify(registered, null, 1), '[\n 1,\n 2.5\n]');
  const stranger = new Proxy({ a: 1 }, {});
  assert.equal(stringify(stranger), '{"a":1}');
  arena.free();
});

test('a stale or freed arena value throws its arena error, as its toJSON would', () => {
  const arena = new Arena();
  const doc = arena.parse('{"a":1}');
  arena.reset();
  assert.throws(() => stringify(doc), (e) => e.code === 'ERR_ARENA_STALE');
  assert.throws(() => JSON.stringify(doc), (e) => e.code === 'ERR_ARENA_STALE');
  arena.free();
  assert.throws(() => stringify(doc), (e) => e.code === 'ERR_ARENA_FREED');
});
