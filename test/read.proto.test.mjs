// The proto read option: `__proto__` keys (any spelling that decodes to it)
// and `constructor` keys whose kept value is an object with `prototype` are
// kept (default, JSON.parse), removed, or rejected with ERR_JSON_PROTO naming
// the path — in parse, arena.parse, parseAsync, parseLazy, toJS, get and lazy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arena, JsonProtoError, parse, parseLazy, parseLazyAsync, materialize } from '../dist/index.mjs';
import { assertSameJson } from './support/oracle.mjs';

// What secure-json-parse's 'remove' does, on JSON.parse's result: the oracle.
function removePoison(value) {
  if (typeof value !== 'object' || value === null) return value;
  const stack = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Object.hasOwn(node, '__proto__')) delete node.__proto__;
    if (Object.hasOwn(node, 'constructor') && node.constructor !== null && typeof node.constructor === 'object' && Object.hasOwn(node.constructor, 'prototype')) delete node.constructor;
    for (const key of Object.keys(node)) {
      const child = node[key];
      if (typeof child === 'object' && child !== null) stack.push(child);
    }
  }
  return value;
}

// [text, path of the first poisoned key or null]
const cases = [
  ['{"__proto__":{"polluted":1}}', '__proto__'],
  ['{"a":1,"__proto__":{"x":1},"b":2}', '__proto__'],
  ['{"a":{"b":{"c":{"__proto__":{"x":1}}}}}', 'a.b.c.__proto__'],
  ['[1,[2,{"__proto__":[]}]]', '1.1.__proto__'],
  ['{"\\u005f_proto__":{"x":1}}', '__proto__'],
  ['{"__pro\\u0074o__":{"x":1}}', '__proto__'],
  ['{"\\u005F\\u005F\\u0070roto\\u005f\\u005f":1}', '__proto__'],
  ['{"constructor":{"prototype":{"polluted":1}}}', 'constructor'],
  ['{"a":[{"constructor":{"prototype":null}}]}', 'a.0.constructor'],
  ['{"constructor":{"prototype":1},"constructor":2}', null],
  ['{"constructor":2,"constructor":{"prototype":1}}', 'constructor'],
  ['{"constructor":{"prototyp":1}}', null],
  ['{"constructor":[1]}', null],
  ['{"constructor":"prototype"}', null],
  ['{"a":{"__proto__":1},"a":{"b":1}}', null],
  ['{"a":{"b":1},"a":{"__proto__":1}}', 'a.__proto__'],
  ['{"__proto__":1,"__proto__":2,"c":3}', '__proto__'],
  ['{"proto":1,"_proto_":2,"__proto":3,"prototype":4}', null],
  ['{"we.ird":{"__proto__":{}}}', 'we\\.ird.__proto__'],
  ['["__proto__",{"k":"__proto__"}]', null],
  ['{"__proto__":{"__proto__":{"constructor":{"prototype":{}}}}}', '__proto__'],
];

test("proto 'keep' (and no option) is exactly JSON.parse", () => {
  for (const [text] of cases) {
    assertSameJson(parse(text, { proto: 'keep' }), JSON.parse(text), text);
    const arena = new Arena();
    assertSameJson(arena.parse(text).toJS(), JSON.parse(text), text);
    assertSameJson(materialize(parseLazy(text, { proto: 'keep' })), JSON.parse(text), text);
    arena.free();
  }
});

test("proto 'remove' drops what secure-json-parse drops, in every API", async () => {
  for (const [text] of cases) {
    const expected = removePoison(JSON.parse(text));
    assertSameJson(parse(text, { proto: 'remove' }), expected, `parse ${text}`);
    assertSameJson(parse(Buffer.from(text), { proto: 'remove' }), expected, `parse bytes ${text}`);
    const arena = new Arena();
    assertSameJson(arena.parse(text, { proto: 'remove' }).toJS(), expected, `arena.parse ${text}`);
    assertSameJson(arena.parse(text).toJS({ proto: 'remove' }), expected, `toJS ${text}`);
    assertSameJson(arena.parse(text).get('@this', { proto: 'remove' }), expected, `get @this ${text}`);
    assertSameJson((await arena.parseAsync(text, { proto: 'remove' })).toJS(), expected, `parseAsync ${text}`);
    const lazy = parseLazy(text, { proto: 'remove' });
    assertSameJson(materialize(lazy), expected, `materialize ${text}`);
    assertSameJson(JSON.parse(JSON.stringify(lazy)), JSON.parse(JSON.stringify(expected)), `lazy walk ${text}`);
    assertSameJson(JSON.parse(JSON.stringify(arena.parse(text).lazy({ proto: 'remove' }))), JSON.parse(JSON.stringify(expected)), `doc.lazy ${text}`);
    assertSameJson(materialize(await parseLazyAsync(text, { proto: 'remove' })), expected, `parseLazyAsync ${text}`);
    arena.free();
  }
});

test("a lazy view under 'remove' hides the keys from every read", () => {
  const view = parseLazy('{"a":{"__proto__":{"x":1},"constructor":{"prototype":{}},"b":2}}', { proto: 'remove' });
  assert.deepEqual(Object.keys(view.a), ['b']);
  assert.equal('constructor' in view.a, true);  // Object.prototype.constructor, as for a plain object
  assert.equal(view.a.constructor, Object);
  assert.equal(Object.getPrototypeOf(view.a), Object.prototype);
  assert.equal(Object.hasOwn(view.a, '__proto__'), false);
  assert.equal({}.x, undefined);
});

test("proto 'error' throws ERR_JSON_PROTO (a SyntaxError) naming the path, in every API", async () => {
  for (const [text, path] of cases) {
    const arena = new Arena();
    const attempts = [
      () => parse(text, { proto: 'error' }),
      () => arena.parse(text, { proto: 'error' }).toJS(),
      () => arena.parse(text).toJS({ proto: 'error' }),
      () => arena.parse(text).get('@this', { proto: 'error' }),
      () => arena.parse(text).lazy({ proto: 'error' }),
      () => parseLazy(text, { proto: 'error' }),
    ];
    for (const attempt of attempts) {
      if (path === null) {
        assertSameJson(materialize(attempt()), JSON.parse(text), text);
        continue;
      }
      assert.throws(attempt, (error) => {
        assert.ok(error instanceof JsonProtoError && error instanceof SyntaxError, String(error));
        assert.equal(error.code, 'ERR_JSON_PROTO');
        assert.equal(error.path, path, text);
        assert.ok(error.message.includes(path));
        return true;
      });
    }
    if (path !== null) {
      await assert.rejects(arena.parseAsync(text, { proto: 'error' }), { code: 'ERR_JSON_PROTO', path });
      await assert.rejects(parseLazyAsync(Buffer.from(text), { proto: 'error' }), { code: 'ERR_JSON_PROTO', path });
    }
    arena.free();
  }
});

test('get() applies the option to the value it returns, and a path may still name the key', () => {
  const arena = new Arena();
  const doc = arena.parse('{"a":{"__proto__":{"x":1},"y":2},"list":[{"__proto__":1,"k":1},{"k":2}]}');
  assert.deepEqual(doc.get('a', { proto: 'remove' }), { y: 2 });
  assert.deepEqual(doc.get('a.__proto__', { proto: 'remove' }), { x: 1 });
  assert.deepEqual(doc.get('list.#.k', { proto: 'remove' }), [1, 2]);
  assert.deepEqual(doc.get('[a,list]', { proto: 'remove' }), [{ y: 2 }, [{ k: 1 }, { k: 2 }]]);
  assert.throws(() => doc.get('list', { proto: 'error' }), { code: 'ERR_JSON_PROTO', path: '0.__proto__' });
  const strict = arena.parse('{"a":{"b":1}}', { proto: 'error' });
  assert.deepEqual(strict.get('a'), { b: 1 });
  arena.free();
});

test('poison deep in a large document, mixed with big integers', () => {
  let text = '{"__proto__":{"x":12345678901234567890}}';
  for (let i = 0; i < 200; i++) text = `{"k${i}":[${i},${text},12345678901234567890]}`;
  const expected = removePoison(JSON.parse(text));
  const value = parse(text, { proto: 'remove', bigint: 'unsafe' });
  assert.equal(JSON.stringify(value, (k, v) => (typeof v === 'bigint' ? Number(v) : v)), JSON.stringify(expected));
  assert.throws(() => parse(text, { proto: 'error' }), (error) => error.path.endsWith('.1.__proto__') && error.path.startsWith('k199.1.k198'));
});
