// parse(), arena.parse().toJS() and doc.get() against JSON.parse on thousands
// of generated documents and broken copies of them, as strings and as bytes.
// Set ARENAJSON_SEED to replay another run; a failure names its seed and case.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arena, get, parse } from '../dist/index.mjs';
import { createRandom, generateDocument, mutate, mutationKinds } from './support/generate.mjs';
import { assertSameJson, attempt } from './support/oracle.mjs';

const seed = Number(process.env.ARENAJSON_SEED ?? 20240611);
const documentCount = 2500;
const mutationsPerDocument = 2;

const pathSpecial = /[.|\\*?#@!{}\[\]()=<>%,:"]/g;
const escapeKey = (key) => key.replace(pathSpecial, '\\$&');

/** The text JSON.parse sees for an input. */
const textOf = (input) => (typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8'));
const lengthOf = (input) => (typeof input === 'string' ? input.length : input.byteLength);

// Offset in `bytes` where the UTF-16 unit `units` of their decoding starts,
// derived from Buffer#toString alone (not from the library's own walk): the
// decoded length of a prefix never falls as the prefix grows, so the answer
// is the longest prefix that decodes to at most `units` units.
function byteOffsetOfUnit(bytes, units) {
  const decodedLength = (end) => textOf(bytes.subarray(0, end)).length;
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (decodedLength(middle) <= units) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Checks a thrown error against the one JSON.parse threw for the same text. */
function checkSyntaxError(error, v8Error, input, label) {
  assert.equal(error?.constructor, SyntaxError, `${label}: not a genuine SyntaxError: ${error?.stack ?? error}`);
  assert.equal(error.code, 'ERR_JSON_SYNTAX', `${label}: code`);
  assert.equal(typeof error.position, 'number', `${label}: position`);
  assert.equal(error.message, v8Error.message, `${label}: message`);
  assert.ok(error.position >= 0 && error.position <= lengthOf(input), `${label}: position ${error.position} out of range`);
  const at = / at position (\d+)/.exec(v8Error.message);
  if (at) {
    const units = Number(at[1]);
    const expected = typeof input === 'string' ? units : byteOffsetOfUnit(input, units);
    assert.equal(error.position, expected, `${label}: position (V8: ${v8Error.message})`);
  } else if (v8Error.message.startsWith('Unexpected end of JSON input')) {
    assert.equal(error.position, lengthOf(input), `${label}: position at the end`);
  } else {
    // V8 names the token but not where it is: our position must point at that token.
    const token = /^Unexpected token '(.)', /su.exec(v8Error.message);
    if (token) {
      const rest = typeof input === 'string' ? input.slice(error.position) : textOf(input.subarray(error.position));
      assert.equal(rest[0], token[1], `${label}: position ${error.position} (V8: ${v8Error.message})`);
    }
  }
}

/** parse(input) and arena.parse(input).toJS() both do what JSON.parse(textOf(input)) does. */
function checkParse(input, arena, label) {
  const expected = attempt(() => JSON.parse(textOf(input)));
  const results = [
    ['parse', attempt(() => parse(input))],
    ['arena.parse', attempt(() => arena.parse(input).toJS())],
    ['get', attempt(() => get(input, '@this'))],
  ];
  for (const [name, actual] of results) {
    if (expected.ok) {
      assert.ok(actual.ok, `${label} ${name}: V8 accepts, we threw ${actual.error?.stack}`);
      if (name !== 'get') assertSameJson(actual.value, expected.value, `${label} ${name}`);
    } else {
      assert.ok(!actual.ok, `${label} ${name}: V8 rejects (${expected.error.message}), we accepted`);
      checkSyntaxError(actual.error, expected.error, input, `${label} ${name}`);
    }
  }
  return expected;
}

/** A random plain path into `root` and what walking JSON.parse's result along it gives. */
function randomPath(random, root) {
  const parts = [];
  let node = root;
  for (;;) {
    if (parts.length > 0 && random.chance(0.25)) return { path: parts.join('.'), expected: node };
    if (Array.isArray(node)) {
      if (random.chance(0.1)) {
        parts.push('#');
        return { path: parts.join('.'), expected: node.length };
      }
      if (node.length === 0 || random.chance(0.1)) {
        parts.push(String(node.length + random.int(3)));
        return { path: parts.join('.'), expected: undefined };
      }
      const index = random.int(node.length);
      parts.push(String(index));
      node = node[index];
    } else if (node !== null && typeof node === 'object') {
      const keys = Object.keys(node);
      if (keys.length === 0 || random.chance(0.1)) {
        let missing = 'missing';
        while (Object.hasOwn(node, missing)) missing += '_';
        parts.push(escapeKey(random.pick([missing, 'length', 'toString', '__proto__', 'constructor'].filter((k) => !Object.hasOwn(node, k)))));
        return { path: parts.join('.'), expected: undefined };
      }
      const key = random.pick(keys);
      // An empty key cannot be a component of a plain path.
      if (key === '') return parts.length > 0 ? { path: parts.join('.'), expected: node } : null;
      parts.push(escapeKey(key));
      node = node[key];
    } else {
      // A step into a scalar finds nothing.
      if (parts.length > 0 && random.chance(0.7)) return { path: parts.join('.'), expected: node };
      parts.push(random.pick(['0', 'a', '#']));
      return { path: parts.join('.'), expected: undefined };
    }
  }
}

function checkPaths(random, input, parsed, arena, label, count) {
  const doc = arena.parse(input);
  for (let i = 0; i < count; i++) {
    const target = randomPath(random, parsed);
    if (target === null) continue;
    const where = `${label} get(${JSON.stringify(target.path)})`;
    assertSameJson(doc.get(target.path), target.expected, where);
    if (i === 0) assertSameJson(get(input, target.path), target.expected, `one-shot ${where}`);
    const raw = doc.getRaw(target.path);
    if (target.expected === undefined) {
      assert.equal(raw, undefined, `${where} raw`);
      assert.equal(doc.query(target.path), undefined, `${where} query`);
      continue;
    }
    assertSameJson(JSON.parse(raw), target.expected, `${where} raw`);
    if (target.path.endsWith('#') && !target.path.endsWith('\\#')) continue;
    const value = doc.query(target.path);
    const expected = target.expected;
    const type = expected === null ? 'null' : Array.isArray(expected) ? 'array' : typeof expected;
    assert.equal(value.type, type, `${where} type`);
    assertSameJson(value.toJS(), expected, `${where} query().toJS()`);
    if (type === 'object') {
      assert.deepEqual(value.keys(), Object.keys(expected), `${where} keys()`);
      assert.equal(value.length, Object.keys(expected).length, `${where} length`);
      assert.deepEqual([...value.entries()].map(([key, item]) => [key, item.toJS()]), Object.entries(expected), `${where} entries()`);
    } else if (type === 'array') {
      assert.equal(value.length, expected.length, `${where} length`);
      assert.deepEqual([...value].map((item) => item.toJS()), expected, `${where} iteration`);
    }
  }
}

// A Uint8Array over the middle of a larger buffer, as a pooled Buffer would be.
function offsetView(bytes) {
  const backing = new Uint8Array(bytes.length + 7);
  backing.set(bytes, 5);
  return new Uint8Array(backing.buffer, 5, bytes.length);
}

test(`generated documents match JSON.parse as strings and bytes, and doc.get matches walking the result (seed ${seed})`, () => {
  const random = createRandom(seed);
  const arena = new Arena();
  let paths = 0;
  for (let i = 0; i < documentCount; i++) {
    const options = { maxDepth: 1 + (i % 6), maxItems: 1 + (i % 8), whitespace: i % 4 !== 0, loneSurrogates: i % 5 === 0 };
    const text = generateDocument(random, options);
    const label = `seed ${seed} document ${i} ${JSON.stringify(text).slice(0, 200)}`;
    const bytes = Buffer.from(text);
    const expected = checkParse(text, arena, `${label} (string)`);
    assert.ok(expected.ok, `${label}: the generator made invalid JSON: ${expected.error?.message}`);
    checkParse(bytes, arena, `${label} (Buffer)`);
    if (i % 10 === 0) checkParse(offsetView(bytes), arena, `${label} (offset Uint8Array)`);
    checkPaths(random, text, expected.value, arena, `${label} (string)`, 6);
    checkPaths(random, bytes, JSON.parse(bytes.toString('utf8')), arena, `${label} (Buffer)`, 3);
    paths += 9;
    if (i % 50 === 49) arena.reset();
  }
  arena.free();
  assert.ok(paths >= documentCount * 9);
});

test(`mutated (mostly broken) documents: same value or the same SyntaxError as JSON.parse (seed ${seed})`, () => {
  const random = createRandom(seed ^ 0x5bd1e995);
  const arena = new Arena();
  const seen = new Map(mutationKinds.map((kind) => [kind, { accepted: 0, rejected: 0 }]));
  for (let i = 0; i < documentCount; i++) {
    const text = generateDocument(random, { maxDepth: 1 + (i % 4), maxItems: 1 + (i % 5), loneSurrogates: i % 7 === 0 });
    for (let m = 0; m < mutationsPerDocument; m++) {
      const kind = mutationKinds[(i * mutationsPerDocument + m) % mutationKinds.length];
      const { input } = mutate(random, text, kind);
      const label = `seed ${seed} document ${i} mutation ${kind} ${JSON.stringify(textOf(input)).slice(0, 200)}`;
      const expected = checkParse(input, arena, `${label} (${typeof input === 'string' ? 'string' : 'Buffer'})`);
      // The other form of the same input.
      checkParse(typeof input === 'string' ? Buffer.from(input) : textOf(input), arena, `${label} (other form)`);
      seen.get(kind)[expected.ok ? 'accepted' : 'rejected']++;
    }
    if (i % 50 === 49) arena.reset();
  }
  arena.free();
  for (const [kind, counts] of seen) assert.ok(counts.rejected > 0, `mutation ${kind} never broke a document`);
});

// An array of generated documents, at least `size` units long.
function largeDocument(random, size, options) {
  const parts = [];
  let length = 2;
  while (length < size) {
    const part = generateDocument(random, options);
    parts.push(part);
    length += part.length + 1;
  }
  return '[' + parts.join(',') + ']';
}

test(`large generated documents and their mutants match JSON.parse (seed ${seed})`, () => {
  const random = createRandom(seed + 2);
  const arena = new Arena();
  let bytes = 0;
  for (let i = 0; i < 16; i++) {
    const text = largeDocument(random, 40000 + i * 10000, { maxDepth: 6, maxItems: 10, loneSurrogates: i % 4 === 0 });
    bytes += text.length;
    const label = `seed ${seed} large document ${i} (${text.length} units)`;
    const expected = checkParse(text, arena, `${label} (string)`);
    assert.ok(expected.ok, `${label}: the generator made invalid JSON`);
    checkParse(Buffer.from(text), arena, `${label} (Buffer)`);
    checkPaths(random, text, expected.value, arena, label, 40);
    for (let m = 0; m < 4; m++) {
      const { kind, input } = mutate(random, text);
      checkParse(input, arena, `${label} mutation ${kind}`);
    }
    arena.reset();
  }
  arena.free();
  assert.ok(bytes > 1.5e6, `only ${bytes} units generated`);
});

test(`a reviver sees the same calls and gives the same result as with JSON.parse (seed ${seed})`, () => {
  const random = createRandom(seed + 1);
  for (let i = 0; i < 300; i++) {
    const text = generateDocument(random, { maxDepth: 4, maxItems: 5 });
    const makeReviver = (log) =>
      function (key, value) {
        log.push([Array.isArray(this) ? 'array' : typeof this, key, typeof value, Object.is(value, -0)]);
        if (typeof value === 'number' && value > 1000) return undefined;  // deletes the member
        if (typeof value === 'string') return value.length;
        return value;
      };
    const ours = [];
    const theirs = [];
    const bytes = Buffer.from(text);
    assertSameJson(parse(bytes, makeReviver(ours)), JSON.parse(text, makeReviver(theirs)), `document ${i}`);
    assert.deepEqual(ours, theirs, `document ${i}: reviver calls`);
  }
});
