// The lazy view against V8: every read of parseLazy(text) / doc.lazy() must
// equal the same read of JSON.parse(text), on the corpus and on thousands of
// generated documents (duplicates, integer-like keys, __proto__, -0, escapes).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import util from 'node:util';
import { Arena, isLazy, materialize, parseLazy, release } from '../dist/index.mjs';
import { assertSameJson, attempt, corpusDir, corpusFiles } from './support/oracle.mjs';
import { random, randomJson } from './support/random-text.mjs';

const absentKeys = ['nope', 'toString', '__proto__', 'constructor', 'length', '0', '99', 'hasOwnProperty'];

function isContainer(value) {
  return typeof value === 'object' && value !== null;
}

function sameLeaf(actual, expected, where) {
  if (isContainer(expected)) {
    assert.ok(isContainer(actual) && isLazy(actual), `${where}: expected a view`);
  } else {
    assert.ok(Object.is(actual, expected), `${where}: ${String(actual)} !== ${String(expected)}`);
  }
}

function forInKeys(value) {
  const out = [];
  for (const key in value) out.push(key);
  return out;
}

/** Compares every kind of read of `view` with the same read of `expected`, recursively. */
function compareReads(view, expected, where = '$') {
  if (!isContainer(expected)) {
    assert.ok(Object.is(view, expected), `${where}: ${String(view)} !== ${String(expected)}`);
    return;
  }
  assert.equal(typeof view, 'object', where);
  assert.equal(Array.isArray(view), Array.isArray(expected), `${where}: Array.isArray`);
  assert.equal(Object.getPrototypeOf(view), Object.getPrototypeOf(expected), `${where}: prototype`);
  assert.equal(Object.prototype.toString.call(view), Object.prototype.toString.call(expected), `${where}: toString tag`);
  assert.deepEqual(Reflect.ownKeys(view), Reflect.ownKeys(expected), `${where}: Reflect.ownKeys`);
  assert.deepEqual(Object.keys(view), Object.keys(expected), `${where}: Object.keys`);
  assert.deepEqual(Object.getOwnPropertyNames(view), Object.getOwnPropertyNames(expected), `${where}: getOwnPropertyNames`);
  assert.deepEqual(forInKeys(view), forInKeys(expected), `${where}: for-in`);
  assert.deepEqual(Object.keys({ ...view }), Object.keys({ ...expected }), `${where}: spread`);
  assert.deepEqual(Object.keys(Object.assign({}, view)), Object.keys(Object.assign({}, expected)), `${where}: Object.assign`);
  assert.equal(Object.isExtensible(view), Object.isExtensible(expected), `${where}: isExtensible`);
  assert.equal(Object.isFrozen(view), Object.isFrozen(expected), `${where}: isFrozen`);
  for (const key of absentKeys) {
    assert.equal(key in view, key in expected, `${where}: in ${key}`);
    assert.equal(Object.hasOwn(view, key), Object.hasOwn(expected, key), `${where}: hasOwn ${key}`);
    if (!Object.hasOwn(expected, key)) assert.equal(view[key], expected[key], `${where}: inherited ${key}`);
  }
  const entries = Object.entries(view);
  const expectedEntries = Object.entries(expected);
  assert.equal(entries.length, expectedEntries.length, `${where}: entries`);
  for (let i = 0; i < entries.length; i++) {
    assert.equal(entries[i][0], expectedEntries[i][0], `${where}: entry key ${i}`);
    sameLeaf(entries[i][1], expectedEntries[i][1], `${where}: entry ${i}`);
  }
  for (const key of Reflect.ownKeys(expected)) {
    const descriptor = Object.getOwnPropertyDescriptor(view, key);
    const expectedDescriptor = Object.getOwnPropertyDescriptor(expected, key);
    assert.deepEqual(Object.keys(descriptor), Object.keys(expectedDescriptor), `${where}: descriptor keys ${String(key)}`);
    for (const field of ['writable', 'enumerable', 'configurable']) {
      assert.equal(descriptor[field], expectedDescriptor[field], `${where}: ${field} of ${String(key)}`);
    }
    sameLeaf(descriptor.value, expectedDescriptor.value, `${where}: descriptor value ${String(key)}`);
    assert.ok(key in view, `${where}: in ${String(key)}`);
    const child = view[key];
    if (isContainer(child)) assert.equal(view[key], child, `${where}.${String(key)}: identity`);
    if (key !== 'length' || !Array.isArray(expected)) compareReads(child, expected[key], `${where}.${String(key)}`);
  }
  if (Array.isArray(expected)) {
    const scalar = (x) => !isContainer(x);
    assert.equal(view.length, expected.length, `${where}: length`);
    assert.deepEqual([...view].map(scalar), [...expected].map(scalar), `${where}: iteration`);
    assert.deepEqual(view.map((x) => typeof x), expected.map((x) => typeof x), `${where}: map`);
    assert.deepEqual(view.filter(scalar), expected.filter(scalar), `${where}: filter`);
    assert.deepEqual(view.slice(1, 3).map(scalar), expected.slice(1, 3).map(scalar), `${where}: slice`);
    assert.equal(view.findIndex(isContainer), expected.findIndex(isContainer), `${where}: findIndex`);
    assert.ok(Object.is(view.find(scalar), expected.find(scalar)), `${where}: find`);
    for (const item of expected.filter(scalar)) {
      assert.equal(view.includes(item), true, `${where}: includes`);
      assert.equal(view.indexOf(item), expected.indexOf(item), `${where}: indexOf`);
    }
    const joined = attempt(() => view.join('|'));
    const expectedJoined = attempt(() => expected.join('|'));
    assert.equal(joined.ok, expectedJoined.ok, `${where}: join`);
    if (joined.ok) assert.equal(joined.value.length, expectedJoined.value.length, `${where}: join`);
    assert.deepEqual(Array.from(view.keys()), Array.from(expected.keys()), `${where}: keys()`);
    assert.equal(Array.isArray(view.concat([])), true);
    assert.equal(view.concat([]).length, expected.length, `${where}: concat spreads`);
  }
}

/** Checks a fresh view per first operation (the first read expands the view, so each entry point is exercised). */
function checkText(text, label) {
  const expected = JSON.parse(text);
  const bytes = Buffer.from(text);
  const fresh = [() => parseLazy(text), () => parseLazy(bytes), () => parseLazy(new Uint8Array(bytes))];
  const firstReads = [
    (view) => assertSameJson(view, expected, label),
    (view) => assert.deepStrictEqual(view, expected, label),
    (view) => assert.equal(JSON.stringify(view), JSON.stringify(expected), label),
    (view) => assert.equal(JSON.stringify(view, null, 2), JSON.stringify(expected, null, 2), label),
    (view) => assert.equal(util.inspect(view), util.inspect(expected), label),
    (view) => assert.equal(util.inspect(view, { depth: Infinity, breakLength: 60 }), util.inspect(expected, { depth: Infinity, breakLength: 60 }), label),
    (view) => compareReads(view, expected, label),
    (view) => assertSameJson(materialize(view), expected, label),
  ];
  for (let i = 0; i < firstReads.length; i++) {
    const view = fresh[i % fresh.length]();
    firstReads[i](view);
    if (isContainer(view)) {
      // Everything else, after the first read.
      assert.deepStrictEqual(view, expected, label);
      assert.equal(util.inspect(view), util.inspect(expected), label);
      release(view);
    }
  }
}

test('generated documents: every read of parseLazy equals JSON.parse', () => {
  const next = random(0x1a2b);
  for (let i = 0; i < 2500; i++) {
    const text = randomJson(next, 1 + (i % 5), 2 + (i % 7));
    checkText(text, `doc ${i}: ${text.slice(0, 200)}`);
  }
});

test('targeted documents: duplicates, integer-like keys, __proto__, -0, escapes', () => {
  const texts = [
    '{"a":1,"b":2,"a":3}',
    '{"b":1,"1":2,"a":3,"0":4,"01":5,"4294967295":6,"4294967294":7,"1":8}',
    '{"__proto__":{"polluted":true},"x":1}',
    '{"__proto__":[1,2],"__proto__":null}',
    '{"a":-0,"b":[-0,0,-0.0,1e400,-1e400,1e-400]}',
    '["\\ud800","\\udc00","\\ud83d\\ude00","\\u0000","é","日本"]',
    '{"\\u0061":1,"a":2}',
    '{"constructor":{"prototype":1},"toString":"x","hasOwnProperty":false,"length":3}',
    '[[],{},[[]],[{}],{"":{}}]',
    '{"a":{"a":{"a":{"a":{"a":{"a":[1,[2,[3,[4]]]]}}}}}}',
    '  {"spaced" :\n [ 1 ,\t2 ] }  ',
    `[${Array.from({ length: 300 }, (_, i) => `{"i":${i},"v":[${i},"${'x'.repeat(i)}"]}`).join(',')}]`,
    `{${Array.from({ length: 500 }, (_, i) => `"${(i * 7919) % 1000}":${i}`).join(',')}}`,
  ];
  for (const text of texts) checkText(text, text.slice(0, 120));
});

test('scalar documents come back as primitives', () => {
  for (const text of ['1', '-0', '"s"', 'true', 'false', 'null', '1e400', '"\\ud800"']) {
    assert.ok(Object.is(parseLazy(text), JSON.parse(text)), text);
  }
});

test('the corpus: deepStrictEqual, stringify, inspect and key order', () => {
  for (const file of corpusFiles) {
    const bytes = readFileSync(join(corpusDir, file));
    const expected = JSON.parse(bytes.toString('utf8'));
    const view = parseLazy(bytes);
    assert.equal(util.inspect(view), util.inspect(expected), file);
    assert.equal(JSON.stringify(view), JSON.stringify(expected), file);
    assertSameJson(view, expected, file);
    assert.deepStrictEqual(view, expected);
    assert.equal(util.inspect(view, { depth: 6 }), util.inspect(expected, { depth: 6 }), file);
    release(view);
  }
});

test('doc.lazy() and value.lazy() read like JSON.parse of their text', () => {
  const arena = new Arena();
  const next = random(99);
  for (let i = 0; i < 300; i++) {
    const text = randomJson(next, 4, 6);
    const doc = arena.parse(text);
    const expected = JSON.parse(text);
    compareReads(doc.lazy(), expected, `doc ${i}`);
    assert.deepStrictEqual(doc.lazy(), expected);
    if (isContainer(expected)) {
      for (const [key, value] of doc.entries()) {
        assert.deepStrictEqual(value.lazy(), expected[key], `doc ${i} member ${key}`);
      }
    }
    if (i % 50 === 49) arena.reset();
  }
  arena.free();
});
