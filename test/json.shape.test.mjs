// parse and stringify have the shape of JSON.parse and JSON.stringify: not
// constructors, no own prototype, the same name and length (with the same
// property attributes), from both module kinds; the options object (parse's
// second argument) and `{ bigint: true }` (stringify's fourth) still work.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import arenajson, { Arena, parse, stringify } from '../dist/index.mjs';

const require = createRequire(import.meta.url);
const cjs = require('../dist/index.js');

const pairs = [
  ['parse', parse, JSON.parse],
  ['stringify', stringify, JSON.stringify],
];

test('name, length and their attributes, prototype and [[Prototype]] as the built-ins', () => {
  for (const [name, ours, builtin] of pairs) {
    assert.equal(typeof ours, 'function', name);
    for (const key of ['name', 'length']) {
      assert.deepEqual(Object.getOwnPropertyDescriptor(ours, key), Object.getOwnPropertyDescriptor(builtin, key), `${name}.${key}`);
    }
    assert.equal(ours.name, name);
    assert.equal(Object.hasOwn(ours, 'prototype'), Object.hasOwn(builtin, 'prototype'), `${name}: own prototype`);
    assert.equal(ours.prototype, undefined, name);
    assert.equal(Object.getPrototypeOf(ours), Object.getPrototypeOf(builtin), name);
    assert.deepEqual(Reflect.ownKeys(ours).sort(), Reflect.ownKeys(builtin).sort(), `${name}: own keys`);
  }
  assert.equal(parse.length, 2);
  assert.equal(stringify.length, 3);
});

test('not constructors: new, Reflect.construct and extends throw the TypeError the built-ins throw', () => {
  for (const [name, ours, builtin] of pairs) {
    for (const [how, make] of [
      ['new', (f) => new f('1')],
      ['Reflect.construct', (f) => Reflect.construct(f, ['1'])],
      ['as new.target', (f) => Reflect.construct(Object, [], f)],
      ['extends', (f) => class extends f {}],
    ]) {
      let theirs;
      let mine;
      try { make(builtin); } catch (error) { theirs = error; }
      try { make(ours); } catch (error) { mine = error; }
      assert.ok(theirs instanceof TypeError, `${name} ${how}: the built-in threw ${theirs}`);
      assert.equal(mine?.constructor, TypeError, `${name} ${how}: ${mine}`);
      // V8 names the expression (or prints the function) it could not construct; the rest is the same.
      const shape = (message) => message.replace(/^(Class extends value )?[\s\S]* is not a constructor/, '$1X is not a constructor');
      assert.equal(shape(mine.message), shape(theirs.message), `${name} ${how}`);
    }
  }
});

test('the same functions from the ESM default export, its named exports and require()', () => {
  assert.equal(arenajson.parse, parse);
  assert.equal(arenajson.stringify, stringify);
  assert.equal(cjs.parse, parse);
  assert.equal(cjs.stringify, stringify);
});

test('called as a plain function, a method or with any this, as the built-ins are', () => {
  const holder = { parse, stringify };
  assert.deepEqual(holder.parse('[1]'), [1]);
  assert.deepEqual(parse.call(null, '{"a":1}'), { a: 1 });
  assert.deepEqual(parse.apply(42, ['[true]']), [true]);
  assert.equal(holder.stringify({ a: 1 }), '{"a":1}');
  assert.equal(stringify.call(undefined, [1], null, 1), '[\n 1\n]');
  assert.deepEqual(['[1]', '{"b":2}'].map(parse), ['[1]', '{"b":2}'].map(JSON.parse));
  assert.deepEqual([[1], { b: 2 }, undefined].map(stringify), [[1], { b: 2 }, undefined].map(JSON.stringify));
});

test('the extra arguments still work: parse(text, options) and stringify(value, replacer, space, { bigint: true })', () => {
  assert.deepEqual(parse('[9007199254740993]', { bigint: 'unsafe' }), [9007199254740993n]);
  assert.deepEqual(parse('{"__proto__":1,"a":2}', { proto: 'remove' }), { a: 2 });
  assert.equal(stringify({ n: 9007199254740993n }, null, undefined, { bigint: true }), '{"n":9007199254740993}');
  assert.equal(stringify([1n], null, 2, { bigint: true }), '[\n  1\n]');
  const arena = new Arena();
  const doc = arena.parse('{"big":12345678901234567890}', { bigint: 'always' });
  assert.equal(stringify(doc, null, 0, { bigint: true }), '{"big":12345678901234567890}');
  arena.free();
});
