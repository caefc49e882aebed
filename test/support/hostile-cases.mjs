// Hostile inputs and misuse, one case per child process (see
// parse.hostile.test.mjs): a crash, an abort or a hang fails that case alone.
// Run one by hand with `node test/support/hostile-cases.mjs <case>`.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Arena, get, parse } from '../../dist/index.mjs';
import { assertSameJson, attempt } from './oracle.mjs';

/** What JSON.parse sees for an input. */
const textOf = (input) => (typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8'));

function assertSyntaxError(error, label) {
  assert.equal(error?.constructor, SyntaxError, `${label}: not a genuine SyntaxError: ${error?.stack ?? error}`);
  assert.equal(error.code, 'ERR_JSON_SYNTAX', label);
  assert.equal(typeof error.position, 'number', label);
  assert.ok(Number.isInteger(error.position) && error.position >= 0, `${label}: position ${error.position}`);
}

/** parse, arena.parse().toJS() and one-shot get all agree with JSON.parse on `input`. */
function sameAsV8(input, arena, label, compare = assertSameJson) {
  const expected = attempt(() => JSON.parse(textOf(input)));
  const outcomes = {
    parse: attempt(() => parse(input)),
    'arena.parse': attempt(() => arena.parse(input).toJS()),
    get: attempt(() => get(input, '@this')),
  };
  for (const [name, actual] of Object.entries(outcomes)) {
    if (expected.ok) {
      assert.ok(actual.ok, `${label} ${name}: V8 accepts, we threw ${actual.error?.stack}`);
      if (name !== 'get') compare(actual.value, expected.value, `${label} ${name}`);
    } else {
      assert.ok(!actual.ok, `${label} ${name}: V8 rejects (${expected.error.message}), we accepted`);
      assertSyntaxError(actual.error, `${label} ${name}`);
      assert.equal(actual.error.message, expected.error.message, `${label} ${name}`);
    }
  }
  return expected;
}

// Walks a deep chain without recursion: each level is [next] / {key: next}.
function assertDeepChain(actual, expected, label) {
  let depth = 0;
  while (expected !== null && typeof expected === 'object') {
    assert.equal(Array.isArray(actual), Array.isArray(expected), `${label}: container kind at depth ${depth}`);
    const keys = Object.keys(expected);
    assert.deepEqual(Object.keys(actual), keys, `${label}: keys at depth ${depth}`);
    if (keys.length === 0) return;
    actual = actual[keys[0]];
    expected = expected[keys[0]];
    depth++;
  }
  assert.ok(Object.is(actual, expected), `${label}: leaf at depth ${depth}`);
}

const deep = 100000;

export const cases = {
  'nesting depth 1e5 of arrays'() {
    const arena = new Arena();
    const text = '['.repeat(deep) + ']'.repeat(deep);
    for (const input of [text, Buffer.from(text)]) sameAsV8(input, arena, 'deep arrays', assertDeepChain);
    const doc = arena.parse(text);
    assert.deepEqual(doc.get(Array(deep - 1).fill('0').join('.')), []);
    assert.equal(doc.get(Array(deep - 1).fill('0').join('.') + '.#'), 0);
    assert.equal(doc.get(Array(deep).fill('0').join('.')), undefined);
    assert.equal(doc.get('#'), 1);
    assert.equal(doc.query(Array(deep / 2).fill('0').join('.')).raw(), '['.repeat(deep / 2) + ']'.repeat(deep / 2));
    // Unclosed, over-closed and mixed deep input fails like JSON.parse, without a crash.
    sameAsV8('['.repeat(deep), arena, 'unclosed deep arrays');
    sameAsV8('['.repeat(deep) + ']'.repeat(deep + 1), arena, 'over-closed deep arrays');
    sameAsV8('['.repeat(deep) + '}'.repeat(deep), arena, 'mismatched deep arrays');
    sameAsV8('[{"a":'.repeat(deep / 2) + 'null' + '}]'.repeat(deep / 2), arena, 'alternating deep nesting', assertDeepChain);
    // A reviver recurses in V8 as well: both give the same outcome (a RangeError here).
    const reviver = (key, value) => value;
    const ours = attempt(() => parse(text, reviver));
    const theirs = attempt(() => JSON.parse(text, reviver));
    assert.equal(ours.ok, theirs.ok);
    if (!theirs.ok) assert.equal(ours.error.constructor, theirs.error.constructor);
    arena.free();
  },

  'nesting depth 1e5 of objects'() {
    const arena = new Arena();
    const text = '{"a":'.repeat(deep) + '{"__proto__":-0}' + '}'.repeat(deep);
    for (const input of [text, Buffer.from(text)]) sameAsV8(input, arena, 'deep objects', assertDeepChain);
    const doc = arena.parse(text);
    const path = Array(deep).fill('a').join('.');
    const bottom = doc.get(path);
    assert.equal(Object.getPrototypeOf(bottom), Object.prototype);
    assert.ok(Object.is(bottom.__proto__, -0) && Object.hasOwn(bottom, '__proto__'));
    assert.ok(Object.is(doc.get(path + '.__proto__'), -0));
    assert.equal(doc.get(path + '.a'), undefined);
    assertDeepChain(doc.query(Array(deep / 2).fill('a').join('.')).toJS(), JSON.parse(text.slice(5 * deep / 2, text.length - deep / 2)), 'half way');
    sameAsV8('{"a":'.repeat(deep), arena, 'unclosed deep objects');
    sameAsV8('{"a":'.repeat(deep) + '1' + '}'.repeat(deep - 1) + ',}', arena, 'trailing comma deep down');
    sameAsV8('{"a":'.repeat(deep) + '1' + '}'.repeat(deep) + ' x', arena, 'garbage after a deep document');
    arena.free();
  },

  'a 1e6-element array'() {
    const arena = new Arena();
    const items = [];
    for (let i = 0; i < 1e6; i++) items.push(i % 7 === 0 ? '-0' : i % 7 === 1 ? `"s${i}"` : i % 7 === 2 ? 'null' : i % 7 === 3 ? '[]' : i % 7 === 4 ? '{}' : String(i * 1.5));
    const text = '[' + items.join(',') + ']';
    const expected = JSON.parse(text);
    for (const input of [text, Buffer.from(text)]) {
      const fromParse = parse(input);
      const doc = arena.parse(input);
      const fromArena = doc.toJS();
      assert.equal(fromParse.length, 1e6);
      assert.equal(fromArena.length, 1e6);
      for (let i = 0; i < 1e6; i++) {
        if (typeof expected[i] === 'object' && expected[i] !== null) {
          assert.equal(JSON.stringify(fromParse[i]), JSON.stringify(expected[i]));
          assert.equal(JSON.stringify(fromArena[i]), JSON.stringify(expected[i]));
        } else {
          assert.ok(Object.is(fromParse[i], expected[i]) && Object.is(fromArena[i], expected[i]), `element ${i}`);
        }
      }
      assert.equal(doc.length, 1e6);
      assert.equal(doc.get('#'), 1e6);
      for (const i of [0, 1, 2, 999999, 500000, 123456]) assertSameJson(doc.get(String(i)), expected[i], `get(${i})`);
      assert.equal(doc.get('1000000'), undefined);
      arena.reset();
    }
    // A wide object too: 1e5 members, integer-like keys mixed in, in V8's key order.
    const members = [];
    for (let i = 0; i < 1e5; i++) members.push(i % 3 === 0 ? `"${1e5 - i}":${i}` : `"k${i}":${i}`);
    sameAsV8('{' + members.join(',') + '}', arena, 'wide object');
    arena.free();
  },

  'huge and tiny numbers'() {
    const arena = new Arena();
    const numbers = [
      '1e400', '-1e400', '1e-400', '-1e-400', '5e-324', '-5e-324', '2.4703282292062328e-324', '2.4703282292062327e-324',
      '1.7976931348623157e308', '1.7976931348623158e308', '1.7976931348623159e308', '9007199254740993', '-9007199254740993',
      '1e999999999999999999', '1e-999999999999999999', '-0', '-0.0', '-0e10', '0e-10',
      '1' + '0'.repeat(400), '-' + '9'.repeat(1000), '0.' + '0'.repeat(400) + '1', '1' + '0'.repeat(100000),
      '0.' + '0'.repeat(100000) + '1', '1.' + '0'.repeat(100000) + '1', '123456789'.repeat(12000) + 'e-107990',
    ];
    for (const number of numbers) {
      for (const text of [number, `[${number}]`, `{"n":${number}}`]) {
        for (const input of [text, Buffer.from(text)]) sameAsV8(input, arena, `number ${number.slice(0, 40)}`);
      }
      const expected = JSON.parse(number);
      assert.ok(Object.is(arena.parse(`[${number}]`).get('0'), expected), `get ${number.slice(0, 40)}`);
      assert.ok(Object.is(arena.parse(`{"n":${number}}`).get('n'), expected), `get ${number.slice(0, 40)}`);
      assert.ok(Object.is(get(`{"n":[${number}]}`, 'n.0'), expected), `one-shot get ${number.slice(0, 40)}`);
      arena.reset();
    }
    for (const broken of ['1e', '1e+', '-', '--1', '+1', '01', '1.', '.1', '1.e1', '0x10', 'Infinity', '-Infinity', 'NaN', '1_000', '1' + '0'.repeat(100000) + '.']) {
      sameAsV8(broken, arena, `broken number ${broken.slice(0, 20)}`);
      sameAsV8(`[${broken}]`, arena, `broken number ${broken.slice(0, 20)}`);
    }
    arena.free();
  },

  'lone surrogates in JS strings, inside and outside string literals'() {
    const arena = new Arena();
    const lone = ['\ud800', '\udbff', '\udc00', '\udfff', '\udc00\ud800'];
    for (const unit of lone) {
      const inputs = [
        `"${unit}"`, `["a${unit}b", "${unit}\\n"]`, `{"${unit}": 1, "k${unit}": "${unit}${unit}"}`, `"\\ud83d${unit}"`,
        `"${unit}\\ude00"`, `"\\\\${unit}"`, // valid: the unit stays as it is
        unit, `[${unit}]`, `{${unit}: 1}`, `[1${unit}]`, `"a"${unit}`, `${unit}"a"`, `"\\${unit}"`, `"\\u${unit}"`, `"\\u12${unit}4"`, // invalid
      ];
      for (const text of inputs) {
        sameAsV8(text, arena, `lone ${JSON.stringify(text)}`);
        // As bytes the unit becomes U+FFFD (Buffer.from), which JSON.parse(buf.toString()) sees too.
        sameAsV8(Buffer.from(text), arena, `lone ${JSON.stringify(text)} (bytes)`);
      }
      const escaped = Array.from(unit, (u) => '\\u' + u.charCodeAt(0).toString(16)).join('');
      const doc = arena.parse(`{"${unit}": 1, "${escaped}x": 2, "\ufffd": 3}`);
      assert.equal(doc.get(unit), 1);
      assert.equal(doc.get(unit + 'x'), 2);
      assert.equal(doc.get('\ufffd'), 3);
      assert.deepEqual(doc.keys(), Object.keys(JSON.parse(`{"${unit}": 1, "${unit}x": 2, "\ufffd": 3}`)));
      arena.reset();
    }
    arena.free();
  },

  'invalid UTF-8 in Buffers reads as buf.toString() does'() {
    const arena = new Arena();
    const bad = [[0xff], [0xfe], [0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xc3], [0xe2, 0x82], [0xe0, 0x80, 0xaf],
      [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf0, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80], [0xf0, 0x9f, 0x98], [0xc3, 0x28], [0xe2, 0x28, 0xa1], [0xef, 0xbf, 0xbe]];
    for (const bytes of bad) {
      const b = Buffer.from(bytes);
      const inputs = [
        Buffer.concat([Buffer.from('"'), b, Buffer.from('"')]),
        Buffer.concat([Buffer.from('{"'), b, Buffer.from('":["x'), b, b, Buffer.from('y"]}')]),
        Buffer.concat([Buffer.from('['), b, Buffer.from(']')]),
        Buffer.concat([b, Buffer.from('1')]),
        Buffer.concat([Buffer.from('1'), b]),
        Buffer.concat([Buffer.from('"'), b]),
        Buffer.concat([Buffer.from('"\\'), b, Buffer.from('"')]),
        Buffer.concat([Buffer.from('["ok", 1, tr'), b, Buffer.from('ue]')]),
      ];
      for (const input of inputs) {
        const label = `bytes ${input.toString('hex')}`;
        const expected = sameAsV8(input, arena, label);
        sameAsV8(new Uint8Array(input), arena, `${label} (Uint8Array)`);
        if (!expected.ok) {
          // The position is a byte offset into the input, not an index into its decoding.
          const error = attempt(() => arena.parse(input)).error;
          assert.ok(error.position <= input.length, `${label}: position ${error.position}`);
        }
      }
      const doc = arena.parse(Buffer.concat([Buffer.from('{"k'), b, Buffer.from('":"v'), b, Buffer.from('"}')]));
      const key = 'k' + b.toString('utf8');
      assert.equal(doc.get(key), 'v' + b.toString('utf8'));
      arena.reset();
    }
    // A position after an invalid sequence counts its bytes, not its U+FFFDs.
    const input = Buffer.concat([Buffer.from('["'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('", x]')]);
    for (const error of [attempt(() => parse(input)).error, attempt(() => arena.parse(input)).error, attempt(() => get(input, '0')).error]) {
      assertSyntaxError(error, 'position after invalid bytes');
      assert.equal(error.position, input.indexOf('x'));
    }
    arena.free();
  },

  'a byte order mark is rejected as V8 rejects it'() {
    const arena = new Arena();
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    for (const text of ['{}', '[1]', '"a"', '1', '']) {
      for (const input of [`\ufeff${text}`, Buffer.concat([bom, Buffer.from(text)]), new Uint8Array(Buffer.concat([bom, Buffer.from(text)]))]) {
        const expected = sameAsV8(input, arena, `BOM + ${text}`);
        assert.equal(expected.ok, false);
        const error = attempt(() => arena.parse(input)).error;
        assert.equal(error.position, 0, `BOM + ${text}: position`);
      }
    }
    // Inside a string, or after a value, U+FEFF is ordinary text or garbage, as in V8.
    for (const text of ['"\ufeff"', '{"\ufeff":"\ufeff"}', '[1,\ufeff2]', '1\ufeff', ' \ufeff1']) {
      sameAsV8(text, arena, `U+FEFF in ${JSON.stringify(text)}`);
      sameAsV8(Buffer.from(text), arena, `U+FEFF in ${JSON.stringify(text)} (bytes)`);
    }
    arena.free();
  },

  'empty and whitespace-only input'() {
    const arena = new Arena();
    for (const text of ['', ' ', '\n', '\t\r\n ', ' '.repeat(100000), '\u00a0', '\u2028', '\u3000', '\f', '\v', '\u0085']) {
      for (const input of [text, Buffer.from(text), new Uint8Array(Buffer.from(text))]) {
        const expected = sameAsV8(input, arena, `whitespace ${JSON.stringify(text.slice(0, 10))}`);
        assert.equal(expected.ok, false);
      }
    }
    for (const text of ['\t\r\n 1 \t\r\n', '\n[\n]\n', '\r{\r}\r', ' "" ']) sameAsV8(text, arena, `padded ${JSON.stringify(text)}`);
    sameAsV8(new Uint8Array(0), arena, 'empty Uint8Array');
    sameAsV8(Buffer.alloc(0), arena, 'empty Buffer');
    arena.free();
  },

  'NUL bytes'() {
    const arena = new Arena();
    const inputs = ['\0', '[\0]', '"\0"', '{"\0":1}', '1\0', '[1]\0', '\0[1]', '"a\\u0000b"', '{"\\u0000":"\\u0000"}', '[1,\0 2]', 'nu\0ll', '"\\\0"'];
    for (const text of inputs) {
      sameAsV8(text, arena, `NUL ${JSON.stringify(text)}`);
      sameAsV8(Buffer.from(text), arena, `NUL ${JSON.stringify(text)} (bytes)`);
    }
    const doc = arena.parse('{"a\\u0000b":"\\u0000", "a":1}');
    assert.equal(doc.get('a\0b'), '\0');
    assert.equal(doc.get('a'), 1);
    arena.free();
  },

  'input that is not a string or Uint8Array'() {
    let calls = 0;
    const counted = { toString() { calls++; return calls === 1 ? '{' : '[1]'; } };
    const custom = new RangeError('from toString');
    const syntax = new SyntaxError('a SyntaxError of its own');
    const values = [
      123, -0, 1e400, NaN, null, undefined, true, false, 1n, [1], [], [[]], {}, { toString: () => '{"a":1}' },
      { valueOf: () => 7, toString: undefined }, new String('"boxed"'), new Number(5), Symbol('s'), () => 1, new Date(0),
      new Uint16Array([0x5b, 0x5d]), new Int8Array([0x31]), new Uint8ClampedArray([0x31]), new DataView(new ArrayBuffer(1)), new ArrayBuffer(2),
      { toString() { throw custom; } }, { toString() { throw syntax; } }, { [Symbol.toPrimitive]: () => '[true]' },
    ];
    for (const value of values) {
      const label = `parse(${typeof value} ${Object.prototype.toString.call(value)})`;
      const expected = attempt(() => JSON.parse(value));
      const actual = attempt(() => parse(value));
      assert.equal(actual.ok, expected.ok, label);
      if (expected.ok) {
        assertSameJson(actual.value, expected.value, label);
      } else if (expected.error === custom || expected.error === syntax) {
        assert.equal(actual.error, expected.error, `${label}: the error thrown by toString passes through`);
        assert.equal(actual.error.code, undefined);
      } else if (expected.error instanceof SyntaxError) {
        assertSyntaxError(actual.error, label);
        assert.equal(actual.error.message, expected.error.message, label);
      } else {
        assert.equal(actual.error.constructor, expected.error.constructor, label);
        assert.equal(actual.error.message, expected.error.message, label);
      }
    }
    // ToString runs once, as in JSON.parse.
    assert.throws(() => parse(counted), SyntaxError);
    assert.equal(calls, 1);
    const arena = new Arena();
    for (const value of values) {
      if (value instanceof Uint8Array) continue;
      const error = attempt(() => arena.parse(value)).error;
      assert.ok(error instanceof TypeError, `arena.parse(${String(typeof value)}) threw ${error}`);
      assert.equal(error.code, 'ERR_INVALID_ARG');
      const oneShot = attempt(() => get(value, 'a')).error;
      assert.ok(oneShot instanceof TypeError && oneShot.code === 'ERR_INVALID_ARG', `get(${String(typeof value)}) threw ${oneShot}`);
    }
    assert.throws(() => arena.parse(), (error) => error instanceof TypeError && error.code === 'ERR_INVALID_ARG');
    const doc = arena.parse('{"a":1}');
    for (const path of [undefined, null, 1, {}, Symbol('p')]) {
      assert.throws(() => doc.get(path), (error) => error instanceof TypeError && error.code === 'ERR_INVALID_ARG');
    }
    arena.free();
  },

  'a reviver behaves exactly as with JSON.parse'() {
    const texts = ['{"a":[1,{"b":2,"c":[3,4]},-0],"d":{"e":null,"0":"x","__proto__":{"f":true}},"a":"dup"}', '[1,[2,[3,[4]]]]', '"s"', '1e400', '[]', '{}'];
    const revivers = {
      identity: (key, value) => value,
      dropAll: () => undefined,
      dropNumbers: (key, value) => (typeof value === 'number' ? undefined : value),
      replaceWithObjects: (key, value) => (typeof value === 'object' ? value : { key, value }),
      mutateHolder: function (key, value) {
        if (key === '0' && Array.isArray(this)) this[1] = 'changed';
        if (key === 'a' && !Array.isArray(this)) this.d = 'replaced before it is visited';
        return value;
      },
      logThis: function (key, value) {
        return [Array.isArray(this) ? 'array' : typeof this, key, arguments.length, value];
      },
    };
    for (const text of texts) {
      for (const [name, reviver] of Object.entries(revivers)) {
        for (const input of [text, Buffer.from(text), new Uint8Array(Buffer.from(text))]) {
          const label = `${name} on ${text}`;
          const ours = attempt(() => parse(input, reviver));
          const theirs = attempt(() => JSON.parse(text, reviver));
          assert.equal(ours.ok, theirs.ok, label);
          if (theirs.ok) assert.equal(JSON.stringify(ours.value), JSON.stringify(theirs.value), label);
        }
      }
    }
    // A reviver's own errors pass through untouched, a SyntaxError included.
    for (const thrown of [new SyntaxError('from the reviver'), new TypeError('t'), 42, null]) {
      const error = attempt(() => parse('{"a":[1,2]}', (key) => { if (key === '1') throw thrown; return 1; })).error;
      assert.equal(error, thrown);
      if (thrown instanceof SyntaxError) assert.equal(thrown.code, undefined);
    }
    const fromBytes = attempt(() => parse(Buffer.from('[1]'), () => { throw new SyntaxError('mine'); })).error;
    assert.equal(fromBytes.message, 'mine');
    assert.equal(fromBytes.code, undefined);
    // On invalid text the reviver is never called and the error is ours.
    let called = false;
    const invalid = attempt(() => parse('[1,]', () => { called = true; })).error;
    assertSyntaxError(invalid, 'invalid text with a reviver');
    assert.equal(called, false);
    // A reviver that is not a function is ignored, as JSON.parse ignores it.
    for (const notFunction of [null, 1, 'x', {}, []]) assert.deepEqual(parse('[1,{"a":2}]', notFunction), JSON.parse('[1,{"a":2}]', notFunction));
  },

  'a Uint8Array view with a non-zero byteOffset'() {
    const arena = new Arena();
    const backing = Buffer.from('xx{"a":[1,2,"\u00e9"],"b":-0}yy');
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 2, backing.length - 4);
    const expected = JSON.parse(backing.subarray(2, backing.length - 2).toString());
    assertSameJson(parse(view), expected);
    assertSameJson(arena.parse(view).toJS(), expected);
    assert.ok(Object.is(arena.parse(view).get('b'), -0));
    assert.ok(Object.is(get(view, 'b'), -0));
    assertSameJson(parse(backing.subarray(2, backing.length - 2)), expected);
    // Bytes around the view must not leak into it: a view over an invalid document's middle.
    const around = Buffer.from('[[1,2]]');
    assert.deepEqual(parse(around.subarray(1, 6)), [1, 2]);
    assert.deepEqual(arena.parse(new Uint8Array(around.buffer, around.byteOffset + 1, 5)).toJS(), [1, 2]);
    assert.throws(() => arena.parse(new Uint8Array(around.buffer, around.byteOffset + 1, 4)), (error) => error.code === 'ERR_JSON_SYNTAX' && error.position === 4);
    assert.throws(() => arena.parse(new Uint8Array(around.buffer, around.byteOffset + 3, 0)), (error) => error.code === 'ERR_JSON_SYNTAX' && error.position === 0);
    // Pooled small Buffers share one ArrayBuffer at varying offsets.
    for (let i = 0; i < 200; i++) {
      const text = `{"i":${i},"s":"${'é'.repeat(i % 5)}"}`;
      const pooled = Buffer.from(text);
      assertSameJson(arena.parse(pooled).toJS(), JSON.parse(text));
      assertSameJson(parse(pooled), JSON.parse(text));
    }
    arena.free();
  },

  'stale and freed handles throw ERR_ARENA_STALE and ERR_ARENA_FREED'() {
    const isCode = (code) => (error) => error?.code === code;
    const arena = new Arena();
    const doc = arena.parse('{"a":[1,{"b":"c"}],"d":"e"}');
    const value = doc.query('a.1');
    const root = doc.root;
    const uses = (handle) => [
      () => handle.get('a'), () => handle.getRaw('a'), () => handle.query('a'), () => handle.toJS(), () => handle.raw(),
      () => handle.type, () => handle.length, () => handle.keys(), () => [...handle.entries()], () => [...handle], () => handle.stringify(),
    ];
    arena.reset();
    for (const handle of [doc, value, root]) for (const use of uses(handle)) assert.throws(use, isCode('ERR_ARENA_STALE'));
    // A new document in the same memory does not revive the old handles.
    const next = arena.parse('[9,8,7]');
    assert.deepEqual(next.toJS(), [9, 8, 7]);
    for (const use of uses(doc)) assert.throws(use, isCode('ERR_ARENA_STALE'));
    const native = arena[Object.getOwnPropertySymbols(arena)[0]];
    assert.throws(() => native.get(next.generation - 1, 0, 'a'), isCode('ERR_ARENA_STALE'));
    // Forged handles and generations are rejected, not followed.
    for (const [generation, handle] of [[next.generation, -1], [next.generation, NaN], [next.generation, 2 ** 53], [next.generation, 1.5],
      [next.generation, 4294967296 * 7], [next.generation, 99], [next.generation, Infinity], ['1', 0], [next.generation, '0'], [undefined, undefined]]) {
      for (const method of ['get', 'getRaw', 'query', 'toJS', 'raw', 'type', 'length', 'children', 'keys']) {
        const error = attempt(() => native[method](generation, handle, 'a')).error;
        assert.ok(error instanceof Error, `${method}(${generation}, ${handle}) did not throw`);
      }
    }
    arena.free();
    for (const handle of [doc, next, value]) for (const use of uses(handle)) assert.throws(use, isCode('ERR_ARENA_FREED'));
    for (const use of [() => arena.parse('1'), () => arena.reset(), () => arena.free(), () => arena.stats, () => arena[Symbol.dispose]()]) {
      assert.throws(use, isCode('ERR_ARENA_FREED'));
    }
    assert.throws(() => native.get(next.generation, 0, 'a'), isCode('ERR_ARENA_FREED'));
    assert.throws(() => native.parse('[1]'), isCode('ERR_ARENA_FREED'));
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const name = process.argv[2];
  if (!Object.hasOwn(cases, name)) throw new Error(`unknown case ${JSON.stringify(name)}; cases: ${Object.keys(cases).join(', ')}`);
  cases[name]();
}
