// The writer learns, on a container's first write, whether its source text is
// already JSON.stringify's text (or is once whitespace is dropped), and copies
// it on later writes. Every write — first or later, of a document or of a
// subtree, compact or indented, as a string or as bytes — must still be
// exactly V8's text. Documents here mix canonical and non-canonical pieces so
// that both kinds of container, nested both ways, are common.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arena } from '../dist/index.mjs';
import { prng, randomJsonText } from './support/random-json.mjs';

// Scalars and small containers, canonical or not (in V8's terms).
const canonicalLeaves = [
  '0', '-1', '1.5', '123456789012345', '0.000001', '1e+21', '1.5e-7', 'true', 'false', 'null',
  '"\\ud800A"', '"\\udc00\\ud800"', '"\\u001f\\ud800x"', '"\\ud800\\ud800"', '"\\u0000"',
  '""', '"abc"', '"é 東京 😀"', '"\\n\\t\\"\\\\"', '"\\u001f"', '"\\ud800"', '"\\udfff x"', '"\u2028"', '[]', '{}',
];
const otherLeaves = [
  '1.50', '1E2', '-0', '1e400', '0.0000001', '1e21', '505874924095815681', '-65.613616999999977', '1.0',
  '"\\u0008"', '"\\u000a"', '"\\u0022"', '"\\u005c"', '"\\u001F"', '"\\uDBFF"', '"\\ud800\\u0041"', '"\\ud800\\udc00"', '"a\\ud83d\\ude00b"',
  '"\\u00e9"', '"\\/"', '"\\u001F"', '"\\uD800"', '"\\u0041"', '"\\u007f"', '"\\ud83d\\ude00"', '"\\u2028"',
  '[ ]', '{ }', '{"1":0,"a":1}', '{"a":1,"a":2}', '{"b":1,"0":2}', '{"\\u0061":1,"a":2}', '{"\\u0031":1}',
];

function leaf(random) {
  const list = random() < 0.8 ? canonicalLeaves : otherLeaves;
  return list[Math.floor(random() * list.length)];
}

function space(random) {
  return random() < 0.85 ? '' : [' ', '\n  ', '\t', '\r\n'][Math.floor(random() * 4)];
}

// A document of nested arrays and objects over those leaves; whitespace is rare.
function mixedText(random, depth = 0) {
  if (depth > 4 || random() < 0.35) return leaf(random);
  const count = Math.floor(random() * 5);
  const items = [];
  if (random() < 0.5) {
    for (let i = 0; i < count; i++) items.push(space(random) + mixedText(random, depth + 1) + space(random));
    return '[' + items.join(',') + (count === 0 ? space(random) : '') + ']';
  }
  for (let i = 0; i < count; i++) {
    const key = random() < 0.1 ? String(Math.floor(random() * 20)) : `k${Math.floor(random() * 8)}`;
    items.push(space(random) + JSON.stringify(key) + space(random) + ':' + space(random) + mixedText(random, depth + 1) + space(random));
  }
  return '{' + items.join(',') + (count === 0 ? space(random) : '') + '}';
}

// Paths (gjson syntax) of every container inside a value, shallowest first.
function containerPaths(value, prefix = '', out = []) {
  if (value === null || typeof value !== 'object') return out;
  if (prefix) out.push(prefix);
  for (const key of Object.keys(value)) {
    if (!/^[a-z0-9]+$/.test(key)) continue;
    containerPaths(value[key], prefix ? `${prefix}.${key}` : key, out);
  }
  return out;
}

function pathValue(value, path) {
  return path.split('.').reduce((v, k) => v[k], value);
}

function checkWrites(arena, text, random, label) {
  const expected = JSON.parse(text);
  const doc = arena.parse(text);
  const paths = containerPaths(expected);
  const subtrees = () => {
    for (const path of paths) {
      const value = doc.query(path);
      if (value === undefined) continue;  // a key gjson reads differently (repeated keys)
      const want = pathValue(expected, path);
      assert.equal(value.stringify(), JSON.stringify(want), `${label}: ${path}`);
    }
  };
  // Inner values first half the time, so that parents meet children that already know their flags.
  if (random() < 0.5) subtrees();
  const compact = JSON.stringify(expected);
  for (let round = 0; round < 2; round++) {
    assert.equal(doc.stringify(), compact, `${label}: write ${round + 1}\ninput: ${text.slice(0, 300)}`);
    assert.equal(doc.stringify({ space: 2 }), JSON.stringify(expected, null, 2), `${label}: indented write ${round + 1}`);
    assert.ok(doc.toBuffer().equals(Buffer.from(compact)), `${label}: toBuffer ${round + 1}`);
  }
  subtrees();
}

test('mixed canonical and non-canonical documents: first and later writes, whole and by subtree', () => {
  const arena = new Arena();
  const random = prng(7);
  for (let i = 0; i < 3000; i++) {
    checkWrites(arena, mixedText(random), random, `mixed #${i}`);
    if (i % 200 === 0) arena.reset();
  }
  arena.free();
});

test('random documents in their own, minified and indented forms', () => {
  const arena = new Arena();
  const random = prng(11);
  for (let i = 0; i < 1000; i++) {
    const text = randomJsonText(random);
    const value = JSON.parse(text);
    checkWrites(arena, text, random, `random #${i}`);
    checkWrites(arena, JSON.stringify(value), random, `random #${i} minified`);
    checkWrites(arena, JSON.stringify(value, null, 1 + (i % 4)), random, `random #${i} indented`);
    if (i % 100 === 0) arena.reset();
  }
  arena.free();
});

test('long texts (written in pieces) are whole: ASCII, Latin-1, wide characters and pairs across piece borders', () => {
  const arena = new Arena();
  for (const unit of ['a', 'é', 'ÿ', '東', '😀', 'a\u2028', 'x"\\\n']) {
    for (const length of [16383, 16384, 16385, 50000]) {
      // Shift the characters against the 16 KB piece borders.
      for (const shift of [0, 1, 2, 3]) {
        const value = { s: 'q'.repeat(shift) + unit.repeat(Math.ceil(length / unit.length)), n: [1.5, 'x'] };
        const text = JSON.stringify(value);
        const doc = arena.parse(text);
        assert.equal(doc.stringify(), text, `${JSON.stringify(unit)} ${length} ${shift}`);
        assert.equal(doc.stringify(), text, `${JSON.stringify(unit)} ${length} ${shift} (again)`);
        assert.equal(doc.stringify({ space: 1 }), JSON.stringify(value, null, 1));
      }
      arena.reset();
    }
  }
  arena.free();
});

test('built objects that reference parsed subtrees, before and after those were written', () => {
  const arena = new Arena();
  const random = prng(3);
  for (let i = 0; i < 500; i++) {
    const text = mixedText(random);
    const doc = arena.parse(`{"x":${text},"y":[${text},1.50]}`);
    const expected = JSON.parse(`{"x":${text},"y":[${text},1.50]}`);
    if (i % 2 === 0) assert.equal(doc.stringify(), JSON.stringify(expected));
    const out = arena.object();
    out.set('a', doc.query('x'));
    out.set('b', doc.query('y'));
    out.set('c.d', doc.query('y.1'));
    const model = { a: expected.x, b: expected.y, c: { d: expected.y[1] } };
    assert.equal(out.stringify(), JSON.stringify(model), `#${i} ${text}`);
    assert.equal(out.stringify(), JSON.stringify(model), `#${i} again`);
    assert.ok(out.toBuffer().equals(Buffer.from(JSON.stringify(model))));
    if (expected.x !== null && typeof expected.x === 'object' && !Array.isArray(expected.x)) {
      doc.set('x.zz', 1);
      expected.x.zz = 1;
      assert.equal(doc.stringify(), JSON.stringify(expected), `#${i} after an edit`);
    }
    if (i % 50 === 0) arena.reset();
  }
  arena.free();
});

test('every short escape, alone and next to surrogates, in a document that is otherwise canonical', () => {
  const arena = new Arena();
  const hex = (unit, upper) => {
    const text = unit.toString(16).padStart(4, '0');
    return '\\u' + (upper ? text.toUpperCase() : text);
  };
  const units = [];
  for (let unit = 0; unit < 0x100; unit++) units.push(unit);
  units.push(0x2028, 0x2029, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfeff, 0xffff);
  const escapes = ['\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t'];
  for (const unit of units) for (const upper of [false, true]) escapes.push(hex(unit, upper));
  const neighbours = ['', 'a', '\\ud800', '\\udc00', '\\ud83d', '\\ude00', 'é'];
  for (const escape of escapes) {
    for (const before of neighbours) {
      for (const after of neighbours) {
        const text = `["${before}${escape}${after}",{"k":"${escape}"}]`;
        const expected = JSON.stringify(JSON.parse(text));
        const doc = arena.parse(text);
        assert.equal(doc.stringify(), expected, text);
        assert.equal(doc.stringify(), expected, `${text} (again)`);
      }
    }
    arena.reset();
  }
  arena.free();
});
