// Property reads on lazy views that have not built their level yet: a read
// resolves one member or element in the arena. Each read below runs on a
// fresh view first, so it goes through that path, and must equal the same
// read of JSON.parse (or of parse() under read options); the children it
// hands out must be the ones the level's later expansion shows.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Arena, isLazy, parse, parseLazy, release } from '../dist/index.mjs';
import { assertSameJson, corpusDir } from './support/oracle.mjs';
import { random, randomJson } from './support/random-text.mjs';

// Keys that are never (or rarely) own keys, and array keys that are not indexes.
const probes = ['nope', 'toString', '__proto__', 'constructor', 'length', 'hasOwnProperty', 'valueOf', '0', '1', '99', '01', '-0',
  '-1', '1.0', '1e1', ' 1', '4294967294', '4294967295', '4294967296', '', '\ud800', '\udc00x', '\ufffd', 'é', '日本', 'a'.repeat(80)];

const isContainer = (value) => typeof value === 'object' && value !== null;

function sameRead(actual, expected, where) {
  if (isContainer(expected)) {
    assert.ok(isLazy(actual), `${where}: expected a view`);
    assert.equal(Array.isArray(actual), Array.isArray(expected), `${where}: Array.isArray`);
  } else {
    assert.ok(Object.is(actual, expected), `${where}: ${String(actual)} !== ${String(expected)}`);
  }
}

// Reads every own key and the probes of `view` (still lazy) as gets and `in`,
// checks identity across the expansion, then walks into the children.
function walk(view, expected, where) {
  const keys = [...new Set([...Object.keys(expected), ...probes])];
  const children = new Map();
  for (const key of keys) {
    const value = view[key];
    const own = Object.hasOwn(expected, key);
    if (own) sameRead(value, expected[key], `${where}[${JSON.stringify(key)}]`);
    else assert.equal(value, expected[key], `${where}[${JSON.stringify(key)}]: inherited`);
    assert.equal(key in view, key in expected, `${where}: ${JSON.stringify(key)} in`);
    if (own && isContainer(value)) {
      assert.equal(view[key], value, `${where}[${JSON.stringify(key)}]: the same child twice`);
      children.set(key, value);
    }
  }
  assert.deepEqual(Reflect.ownKeys(view), Reflect.ownKeys(expected), `${where}: ownKeys after reads`);
  for (const [key, child] of children) {
    assert.equal(view[key], child, `${where}[${JSON.stringify(key)}]: the same child after the expansion`);
    walk(child, expected[key], `${where}[${JSON.stringify(key)}]`);
  }
}

function check(text, options, label) {
  const expected = options === undefined ? JSON.parse(text) : parse(text, options);
  const view = parseLazy(text, options);
  if (!isContainer(expected)) {
    assert.ok(Object.is(view, expected), label);
    return;
  }
  walk(view, expected, label);
  const written = (value) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
  assertSameJson(JSON.parse(written(view)), JSON.parse(written(expected)), label);
  release(view);
}

test('generated documents: reads before the expansion equal JSON.parse', () => {
  const next = random(0x10c4);
  for (let i = 0; i < 1500; i++) {
    const text = randomJson(next, 1 + (i % 5), 2 + (i % 8));
    check(text, undefined, `doc ${i}: ${text.slice(0, 200)}`);
  }
});

test('generated documents under read options: reads before the expansion equal parse()', () => {
  const next = random(0x10c5);
  const modes = [{ bigint: 'unsafe' }, { bigint: 'always' }, { proto: 'remove' }, { bigint: 'always', proto: 'remove' }];
  for (let i = 0; i < 800; i++) {
    const text = randomJson(next, 1 + (i % 4), 2 + (i % 7));
    check(text, modes[i % modes.length], `doc ${i} ${JSON.stringify(modes[i % modes.length])}: ${text.slice(0, 200)}`);
  }
});

test('targeted reads: duplicates, __proto__, escaped keys, lone surrogates, -0, big and uniform arrays', () => {
  const big = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `{"i":${i}}` : i % 3 === 1 ? `[${i},-0]` : `"s${i}"`));
  const texts = [
    '{"a":1,"b":2,"a":3}',
    '{"a":{"x":1},"a":{"y":2}}',
    '{"__proto__":{"polluted":true},"x":1}',
    '{"__proto__":[1,2],"__proto__":null}',
    '{"\\u005f_proto__":1,"c\\u006fnstructor":{"prototype":2}}',
    '{"constructor":{"prototype":{"a":1}},"k":2}',
    '{"\\ud800":"lone","\\udc00x":2,"\\ufffd":3,"\\ud83d\\ude00":"pair"}',
    '{"a":-0,"b":[-0,0,-0.0,1e400,-1e400,1e-400],"c":"\\ud800"}',
    '{"0":1,"01":2,"4294967295":3,"length":4,"":5}',
    `[${big.join(',')}]`,
    `{"m":[${Array.from({ length: 500 }, (_, i) => `[${i},${i + 0.5}]`).join(',')}]}`,
    `{${Array.from({ length: 60 }, (_, i) => `"k${i}":${i % 7 === 0 ? `{"v":${i}}` : i}`).join(',')},"k5":"last"}`,
    '[null,{"x":1},[null]]',
  ];
  for (const text of texts) {
    check(text, undefined, text.slice(0, 120));
    check(text, { proto: 'remove' }, `remove: ${text.slice(0, 120)}`);
  }
});

test('corpus: deep reads on fresh views equal JSON.parse', () => {
  const cases = {
    'twitter.json': [['statuses', 50, 'user', 'screen_name'], ['statuses', 99, 'entities', 'hashtags', 'length'], ['search_metadata', 'count']],
    'citm_catalog.json': [['events', '138586341', 'name'], ['performances', 100, 'start'], ['venueNames', 'PLEYEL_PLEYEL']],
    'canada.json': [['features', 0, 'geometry', 'coordinates', 406, 2529, 1], ['features', 0, 'geometry', 'coordinates', 455, 309, 0]],
  };
  for (const [file, paths] of Object.entries(cases)) {
    const text = readFileSync(join(corpusDir, file), 'utf8');
    const expected = JSON.parse(text);
    for (const path of paths) {
      const view = parseLazy(Buffer.from(text));
      let actual = view;
      let wanted = expected;
      for (const step of path) {
        actual = actual[step];
        wanted = wanted[step];
      }
      sameRead(actual, wanted, `${file}: ${path.join('.')}`);
      release(view);
    }
  }
});

test('reads before the expansion of a dead view throw the arena error', () => {
  const arena = new Arena();
  const view = arena.parse('{"a":{"b":[1,2]},"c":[3]}').lazy();
  const a = view.a;
  arena.reset();
  for (const read of [() => view.c, () => a.b, () => 'a' in view, () => a.zz, () => view[0]]) {
    assert.throws(read, (error) => error.code === 'ERR_ARENA_STALE');
  }
  arena.free();
  assert.throws(() => a.b, (error) => error.code === 'ERR_ARENA_FREED');

  // A released parseLazy arena may be kept for the next document: its old views still read as freed.
  const owned = parseLazy('{"x":{"y":[1,2,3]},"z":[4]}');
  const x = owned.x;
  const value = owned.z[Symbol.for('arenajson.value')];
  release(owned);
  const next = parseLazy('{"x":{"y":[7]}}');
  for (const read of [() => x.y, () => owned.z, () => 'y' in x, () => x.nope, () => value.raw()]) {
    assert.throws(read, (error) => error.code === 'ERR_ARENA_FREED');
  }
  assert.equal(next.x.y[0], 7);
  release(next);
});
