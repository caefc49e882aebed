// The errors arenajson throws where JSON.parse, JSON.stringify or Node would
// throw one are genuine instances of the built-in type (constructor ===
// SyntaxError / TypeError), with V8's message byte for byte and `code`
// (`position`, `path`) as own properties; the exported classes match them
// with instanceof through their code. Differential against V8 over the
// JSONTestSuite rejections and generated broken documents, in every API that
// reads JSON.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  AbortError, Arena, ArenaError, InvalidArgumentError, JsonProtoError, JsonSyntaxError,
  get, getRaw, parse, parseLazy, parseLazyAsync, release, stringify,
} from '../dist/index.mjs';
import { attempt, suiteCases, suiteDir } from './support/oracle.mjs';
import { createRandom, generateDocument, mutate } from './support/generate.mjs';

const textOf = (input) => (typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8'));

const arena = new Arena();
// Every synchronous entry that reads JSON text or bytes.
const readers = {
  parse: (input) => parse(input),
  'parse, reviver': (input) => parse(input, (key, value) => value),
  'parse, options': (input) => parse(input, { bigint: 'always', proto: 'remove' }),
  get: (input) => get(input, 'a'),
  getRaw: (input) => getRaw(input, '@this'),
  'arena.parse': (input) => arena.parse(input),
  parseLazy: (input) => parseLazy(input),
};
const asyncReaders = {
  'arena.parseAsync': (input) => arena.parseAsync(input),
  parseLazyAsync: (input) => parseLazyAsync(input),
};

const plainDescriptor = (value) => ({ value, writable: true, enumerable: true, configurable: true });

/** `error` is the SyntaxError JSON.parse threw (`expected`), plus an own code and position. */
function assertSameSyntaxError(error, expected, input, label) {
  assert.ok(error !== null && typeof error === 'object', `${label}: threw ${error}`);
  assert.equal(error.constructor, SyntaxError, `${label}: constructor ${error.constructor?.name}: ${error.stack}`);
  assert.equal(Object.getPrototypeOf(error), SyntaxError.prototype, label);
  assert.equal(error.message, expected.message, label);
  assert.equal(String(error), String(expected), label);
  assert.equal(Object.hasOwn(error, 'name'), false, `${label}: name is SyntaxError.prototype's`);
  assert.deepEqual(Object.getOwnPropertyDescriptor(error, 'code'), plainDescriptor('ERR_JSON_SYNTAX'), label);
  const position = Object.getOwnPropertyDescriptor(error, 'position');
  assert.ok(position !== undefined && Number.isInteger(position.value), `${label}: position`);
  assert.ok(position.value >= 0 && position.value <= (typeof input === 'string' ? input.length : input.byteLength), `${label}: position ${position.value}`);
  assert.ok(error instanceof JsonSyntaxError && error instanceof SyntaxError && error instanceof Error, label);
  assert.ok(!(error instanceof JsonProtoError) && !(error instanceof InvalidArgumentError) && !(error instanceof ArenaError), label);
}

function checkInput(input, label) {
  const expected = attempt(() => JSON.parse(textOf(input)));
  for (const [name, read] of Object.entries(readers)) {
    const actual = attempt(() => read(input));
    if (expected.ok) {
      assert.ok(actual.ok, `${label} ${name}: V8 accepts, we threw ${actual.error?.stack}`);
    } else {
      assert.ok(!actual.ok, `${label} ${name}: V8 rejects, we accepted`);
      assertSameSyntaxError(actual.error, expected.error, input, `${label} ${name}`);
    }
  }
  arena.reset();
  return expected.ok;
}

test('every JSONTestSuite rejection: the genuine SyntaxError of JSON.parse, in every reading API, for strings and bytes', () => {
  let rejected = 0;
  for (const entry of suiteCases()) {
    const bytes = readFileSync(join(suiteDir, entry.file));
    if (entry.accepts) continue;
    rejected++;
    checkInput(bytes.toString('utf8'), `${entry.file} (string)`);
    checkInput(bytes, `${entry.file} (Buffer)`);
    checkInput(new Uint8Array(bytes), `${entry.file} (Uint8Array)`);
  }
  assert.ok(rejected > 100, `only ${rejected} rejections`);
});

test('generated broken documents (seed 16): the same error as JSON.parse, message byte for byte', () => {
  const random = createRandom(16);
  let broken = 0;
  for (let i = 0; i < 600; i++) {
    const text = generateDocument(random, { maxDepth: 4, maxItems: 5, loneSurrogates: i % 3 === 0 });
    const { kind, input } = mutate(random, text);
    if (!checkInput(input, `#${i} ${kind}`)) broken++;
  }
  assert.ok(broken > 400, `only ${broken} of 600 mutations were invalid`);
});

test('messages V8 writes without a position stay without one (position is a property)', () => {
  const cases = [
    [undefined, 0], ['', 0], ['   ', 3], ['[1,]', 3], ['{"a":1,}', 7], ['tru', 3], ['[1] x', 4], ['x', 0],
    ['"abc', 4], ['\u2028', 0], ['{"a" 1}', 5], ['[01]', 2], ['-', 1], ['"\\x"', 2], ['"\\u12"', 5],
    [Buffer.from('["é", x]'), 7], [Buffer.from([0x5b, 0xff, 0x5d]), 1],
  ];
  for (const [input, position] of cases) {
    const label = JSON.stringify(textOf(input ?? Buffer.from('undefined')));
    const expected = attempt(() => JSON.parse(input)).error;
    assert.ok(expected instanceof SyntaxError, label);
    const error = attempt(() => parse(input)).error;
    assertSameSyntaxError(error, expected, input ?? 'undefined', label);
    assert.doesNotMatch(error.message, /\(at position/, label);
    assert.equal(error.position, position, label);
  }
});

test('a Buffer: the message is JSON.parse\'s for buf.toString(\'utf8\') (UTF-16 positions), `position` counts bytes', () => {
  const bytes = Buffer.from('{"name":"日本語","x":tru}');
  const error = attempt(() => parse(bytes)).error;
  const fromBuffer = attempt(() => JSON.parse(bytes)).error;  // V8 converts the Buffer with toString()
  assert.equal(error.message, fromBuffer.message);
  assert.match(error.message, /^Unexpected token '\}', .* is not valid JSON$/);
  assert.equal(error.position, Buffer.byteLength('{"name":"日本語","x":tru'));
  const atPosition = attempt(() => parse(Buffer.from('["日本" 1]'))).error;
  assert.equal(atPosition.message, attempt(() => JSON.parse('["日本" 1]')).error.message);
  assert.match(atPosition.message, / at position 6$/);
  assert.equal(atPosition.position, 10);
});

test('async reads reject with the genuine SyntaxError of JSON.parse', async () => {
  const random = createRandom(1616);
  for (let i = 0; i < 40; i++) {
    const { input } = mutate(random, generateDocument(random, { maxDepth: 3, maxItems: 4 }));
    const expected = attempt(() => JSON.parse(textOf(input)));
    for (const [name, read] of Object.entries(asyncReaders)) {
      let actual;
      try {
        await read(input);
      } catch (error) {
        actual = error;
      }
      if (expected.ok) assert.equal(actual, undefined, `#${i} ${name}: ${actual}`);
      else assertSameSyntaxError(actual, expected.error, input, `#${i} ${name}`);
    }
    arena.reset();
  }
});

test('JSON Lines: a genuine SyntaxError naming the line; V8 has no message of its own for it', () => {
  for (const [input, line, position] of [['1\n[x\n', 2, 3], [Buffer.from('"é"\n{"a":}'), 2, 10], ['{}\n\n  tru', 3, 9]]) {
    const lineText = textOf(input).split('\n')[line - 1];
    const inner = attempt(() => JSON.parse(lineText)).error.message;
    for (const [name, read] of [['parseLines', (x) => arena.parseLines(x)], ['get ..', (x) => get(x, '..#')]]) {
      const error = attempt(() => read(input)).error;
      assert.equal(error.constructor, SyntaxError, name);
      assert.equal(error.message, `${inner} (JSON Lines, line ${line})`, name);
      assert.deepEqual(Object.getOwnPropertyDescriptor(error, 'code'), plainDescriptor('ERR_JSON_SYNTAX'), name);
      assert.equal(error.position, position, name);
      assert.ok(error instanceof JsonSyntaxError, name);
    }
  }
  arena.reset();
});

test('a wrong argument: a genuine TypeError with code ERR_INVALID_ARG, instanceof InvalidArgumentError', async () => {
  const calls = [
    () => get(1, 'a'), () => get('{}', 1), () => getRaw(null, 'a'), () => arena.parse(42), () => arena.parseLines({}),
    () => parseLazy(7), () => release({}), () => new Arena({ maxSize: -1 }), () => new Arena(null),
    () => parse('1', { bigint: 'sometimes' }), () => stringify(1, null, 0, 'bigint'), () => stringify(1, null, 0, { bigint: 1 }),
    () => arena.object().set(1, 2), () => arena.parse('{}').toJS({ proto: 'drop' }), () => Arena.adopt({}),
  ];
  for (const call of calls) {
    const error = attempt(call).error;
    const label = `${call}: ${error?.stack ?? error}`;
    assert.equal(error?.constructor, TypeError, label);
    assert.equal(Object.getPrototypeOf(error), TypeError.prototype, label);
    assert.deepEqual(Object.getOwnPropertyDescriptor(error, 'code'), plainDescriptor('ERR_INVALID_ARG'), label);
    assert.ok(error instanceof InvalidArgumentError && error instanceof TypeError, label);
    assert.ok(!(error instanceof JsonSyntaxError), label);
  }
  await assert.rejects(arena.parseAsync('{}', { signal: 'no' }), (error) => error.constructor === TypeError && error.code === 'ERR_INVALID_ARG');
  arena.reset();
});

test('proto: \'error\' throws a genuine SyntaxError with code ERR_JSON_PROTO and path, instanceof JsonProtoError', () => {
  const text = '{"a":[{"__proto__":{"x":1}}]}';
  for (const read of [() => parse(text, { proto: 'error' }), () => arena.parse(text, { proto: 'error' }), () => parseLazy(text, { proto: 'error' })]) {
    const error = attempt(read).error;
    assert.equal(error.constructor, SyntaxError);
    assert.equal(error.message, 'Object contains forbidden prototype property at a.0.__proto__');
    assert.deepEqual(Object.getOwnPropertyDescriptor(error, 'code'), plainDescriptor('ERR_JSON_PROTO'));
    assert.deepEqual(Object.getOwnPropertyDescriptor(error, 'path'), plainDescriptor('a.0.__proto__'));
    assert.ok(error instanceof JsonProtoError && !(error instanceof JsonSyntaxError));
  }
  arena.reset();
});

test('stringify\'s TypeErrors: V8\'s own for JS values; a genuine TypeError with code ERR_CYCLIC_VALUE for a built value holding itself', () => {
  const cyclic = { a: [1] };
  cyclic.a.push(cyclic);
  for (const [value, replacer, space] of [[cyclic], [cyclic, null, 2], [{ n: 10n }], [[1n]], [{ deep: { n: 2n } }, ['deep', 'n']], [1n]]) {
    const expected = attempt(() => JSON.stringify(value, replacer, space)).error;
    const actual = attempt(() => stringify(value, replacer, space)).error;
    assert.equal(actual.constructor, TypeError);
    assert.equal(actual.message, expected.message);
    assert.equal(actual.code, undefined);
  }
  const built = arena.object();
  built.set('self', built);
  const doc = arena.parse('{"list":[1,2]}');
  doc.set('list.-1', doc);
  for (const write of [() => built.stringify(), () => stringify(built), () => built.toBuffer(), () => stringify({ wrapped: doc }), () => doc.stringify({ space: 2 })]) {
    const error = attempt(write).error;
    assert.equal(error?.constructor, TypeError, String(write));
    assert.match(error.message, /^Converting circular structure to JSON/);
    assert.deepEqual(Object.getOwnPropertyDescriptor(error, 'code'), plainDescriptor('ERR_CYCLIC_VALUE'));
  }
  // A BigInt set into a built value without the bigint option: JSON.stringify's TypeError.
  const error = attempt(() => arena.object().set('n', { v: 3n })).error;
  assert.equal(error.constructor, TypeError);
  assert.equal(error.message, attempt(() => JSON.stringify({ v: 3n })).error.message);
  arena.reset();
});

test('the exported classes: made directly they are genuine too; instanceof keys on the code; subclasses and other errors as usual', () => {
  const made = new JsonSyntaxError('bad', 4);
  assert.equal(made.constructor, SyntaxError);
  assert.deepEqual({ code: made.code, position: made.position, message: made.message }, { code: 'ERR_JSON_SYNTAX', position: 4, message: 'bad' });
  assert.ok(made instanceof JsonSyntaxError);
  const invalid = new InvalidArgumentError('nope');
  assert.equal(invalid.constructor, TypeError);
  assert.ok(invalid instanceof InvalidArgumentError && invalid.code === 'ERR_INVALID_ARG');
  const proto = new JsonProtoError('a.__proto__');
  assert.equal(proto.constructor, SyntaxError);
  assert.ok(proto instanceof JsonProtoError && proto.path === 'a.__proto__');

  // An error from another copy of the library (or rebuilt by hand) carries only the code.
  const elsewhere = Object.assign(new SyntaxError('x'), { code: 'ERR_JSON_SYNTAX', position: 0 });
  assert.ok(elsewhere instanceof JsonSyntaxError);
  for (const other of [new SyntaxError('x'), { code: 'ERR_JSON_SYNTAX' }, Object.assign(new SyntaxError('x'), { code: 'ERR_JSON_PROTO' }), null, undefined, 'ERR_JSON_SYNTAX', 1]) {
    assert.equal(other instanceof JsonSyntaxError, false, String(other));
  }

  class Mine extends JsonSyntaxError {}
  const mine = new Mine('m', 1);
  assert.equal(mine.constructor, Mine);
  assert.ok(mine instanceof Mine && mine instanceof JsonSyntaxError && mine instanceof SyntaxError);
  assert.equal(made instanceof Mine, false);
  assert.equal(mine.code, 'ERR_JSON_SYNTAX');

  // The errors V8 has no counterpart for are their own classes, as before.
  const stale = new Arena();
  const doc = stale.parse('[1]');
  stale.reset();
  const staleError = attempt(() => doc.toJS()).error;
  assert.equal(staleError.constructor, ArenaError);
  assert.equal(staleError.code, 'ERR_ARENA_STALE');
  stale.free();
  assert.equal(new AbortError().constructor, AbortError);
});

test('code and position are own data properties even when Object.prototype has setters for them', () => {
  const seen = [];
  const keys = ['code', 'position', 'path'];
  for (const key of keys) {
    Object.defineProperty(Object.prototype, key, { configurable: true, set(value) { seen.push([key, value]); } });
  }
  let errors;
  try {
    errors = [attempt(() => parse('[1,]')).error, attempt(() => arena.parse(Buffer.from('{'))).error, attempt(() => get(3, 'a')).error,
      attempt(() => parse('{"__proto__":1}', { proto: 'error' })).error];
  } finally {
    for (const key of keys) delete Object.prototype[key];
  }
  assert.deepEqual(seen, []);
  assert.deepEqual(errors.map((error) => error.code), ['ERR_JSON_SYNTAX', 'ERR_JSON_SYNTAX', 'ERR_INVALID_ARG', 'ERR_JSON_PROTO']);
  assert.deepEqual(errors.map((error) => Object.hasOwn(error, 'code')), [true, true, true, true]);
  arena.reset();
});

test('assertion helpers that compare the constructor accept our errors as they accept V8\'s', () => {
  const sameClass = (Class) => (error) => error.constructor === Class;
  assert.throws(() => parse('{'), sameClass(SyntaxError));
  assert.throws(() => parse(Buffer.from('{')), sameClass(SyntaxError));
  assert.throws(() => get('{', 'a'), sameClass(SyntaxError));
  assert.throws(() => get(1, 'a'), sameClass(TypeError));
  assert.throws(() => parse('{'), SyntaxError);
  assert.throws(() => parse('{'), JsonSyntaxError);
  assert.throws(() => parse('{'), { name: 'SyntaxError', code: 'ERR_JSON_SYNTAX', position: 1, message: "Expected property name or '}' in JSON at position 1" });
});
