// The lazy view is read-only: every write is refused (a TypeError in strict
// mode, as for a frozen object), the data never changes, and no Proxy
// invariant is broken, whichever state the view is in (lazy, expanded, or
// mirrored — a level whose [0] is null).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLazy } from '../dist/index.mjs';

const text = '{"a":{"b":[1,2,{"c":3}]},"0":null,"n":[null,{"x":1}],"__proto__":{"p":1},"s":"str"}';
const expected = JSON.parse(text);

// A view in each state: untouched, expanded by a read, and each child too.
function views() {
  const untouched = parseLazy(text);
  const read = parseLazy(text);
  void read.a.b[2].c;
  void read.n[1].x;
  return [untouched, read, read.a, read.a.b, read.n, read.n[1], read.__proto__];
}

const strictWrites = [
  ['assign', (v) => { v.a = 1; }],
  ['assign new', (v) => { v.zzz = 1; }],
  ['assign index', (v) => { v[0] = 1; }],
  ['delete', (v) => { delete v.a; }],
  ['delete index', (v) => { delete v[0]; }],
  ['defineProperty', (v) => Object.defineProperty(v, 'q', { value: 1 })],
  ['setPrototypeOf', (v) => Object.setPrototypeOf(v, null)],
  ['preventExtensions', (v) => Object.preventExtensions(v)],
  ['freeze', (v) => Object.freeze(v)],
  ['seal', (v) => Object.seal(v)],
  ['Object.assign into', (v) => Object.assign(v, { a: 2 })],
];
const arrayWrites = [
  ['push', (v) => v.push(1)],
  ['pop', (v) => v.pop()],
  ['shift', (v) => v.shift()],
  ['splice', (v) => v.splice(0, 1)],
  ['sort', (v) => v.sort()],
  ['reverse', (v) => v.reverse()],
  ['fill', (v) => v.fill(0)],
  ['length', (v) => { v.length = 0; }],
  ['copyWithin', (v) => v.copyWithin(0, 1)],
];

test('writes throw a TypeError in strict mode and change nothing', () => {
  for (const view of views()) {
    const before = JSON.stringify(view);
    const writes = Array.isArray(view) ? strictWrites.concat(arrayWrites) : strictWrites;
    for (const [name, write] of writes) {
      assert.throws(() => write(view), TypeError, name);
      assert.equal(JSON.stringify(view), before, name);
    }
  }
  assert.deepStrictEqual(parseLazy(text), expected);
});

test('Reflect reports the refusals as false; sloppy-mode writes are ignored', () => {
  const sloppy = new Function('v', 'v.a = 5; v.fresh = 1; delete v.s; return [v.a === 5, "fresh" in v, "s" in v];');
  for (const view of views()) {
    assert.equal(Reflect.set(view, 'a', 1), false);
    assert.equal(Reflect.defineProperty(view, 'a', { value: 1 }), false);
    assert.equal(Reflect.deleteProperty(view, 'a'), false);
    assert.equal(Reflect.preventExtensions(view), false);
    assert.equal(Reflect.setPrototypeOf(view, {}), false);
    assert.equal(Reflect.setPrototypeOf(view, Object.getPrototypeOf(view)), true, 'the same prototype is not a change');
    assert.equal(Object.isExtensible(view), true);
    const [changed, added, kept] = sloppy(view);
    assert.equal(changed, false);
    assert.equal(added, false);
    assert.equal(kept, Object.hasOwn(view, 's'));
  }
});

test('descriptors are those of JSON.parse and satisfy the Proxy invariants', () => {
  for (const view of views()) {
    for (const key of Reflect.ownKeys(view)) {
      const descriptor = Object.getOwnPropertyDescriptor(view, key);
      assert.equal(descriptor.enumerable, key !== 'length' || !Array.isArray(view));
      assert.equal(descriptor.writable, true);
      assert.equal(descriptor.configurable, key !== 'length' || !Array.isArray(view));
      assert.equal(Object.getOwnPropertyDescriptors(view)[key].value, descriptor.value);
    }
    // Every read operation the engine validates against the target.
    Reflect.ownKeys(view);
    Object.keys(view);
    Object.entries(view);
    Object.getOwnPropertyNames(view);
    Object.getOwnPropertySymbols(view);
    Object.isFrozen(view);
    Object.isSealed(view);
    Object.getPrototypeOf(view);
    for (const key of ['a', 'length', '0', 'toString', '__proto__']) {
      void (key in view);
      void view[key];
      Object.getOwnPropertyDescriptor(view, key);
    }
  }
});

test('an object inheriting from a view takes its own writes, as with JSON.parse', () => {
  const copy = Object.assign({}, parseLazy(text));
  const expectedCopy = Object.assign({}, expected);
  assert.deepEqual(Object.keys(copy), Object.keys(expectedCopy));
  assert.equal(Object.getPrototypeOf(copy).p, 1);
  const derived = Object.create(parseLazy(text));
  derived.a = 'mine';
  assert.equal(derived.a, 'mine');
  assert.equal(Object.getPrototypeOf(derived).a.b.length, 3);
});

test('the prototype is never touched by a __proto__ key', () => {
  const view = parseLazy('{"__proto__":{"polluted":1},"a":{"__proto__":[]}}');
  assert.equal(Object.getPrototypeOf(view), Object.prototype);
  assert.equal(Object.getPrototypeOf(view.a), Object.prototype);
  assert.deepEqual(Object.keys(view), ['__proto__', 'a']);
  assert.equal(view.__proto__.polluted, 1);
  assert.equal({}.polluted, undefined);
  assert.equal(view.polluted, undefined);
});
