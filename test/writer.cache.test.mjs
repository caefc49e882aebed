// What the writer keeps from a first write for later ones: a number whose
// source is not V8's form keeps the form it was rewritten to (packed into its
// node), and containers holding such numbers are then copied token by token
// with those forms in place. Every write — first, second, after edits, after
// a reset, with a gap, as bytes, of a subtree, with integers written as they
// stand, in an arena too small to grow — must still be exactly V8's text, and
// nothing else the document answers (values, raw text, lengths) may change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arena } from '../dist/index.mjs';
import { prng, randomDouble, randomNumberText } from './support/random-json.mjs';

// Numbers whose source V8 rewrites, with forms that pack and forms that do
// not (too many new characters, or longer than the source).
const rewritten = [
  '-65.613616999999977', '505874924095815681', '1.50', '1.0', '-0', '1e400', '-1e400', '0.1000000000000000055',
  '0.29999999999999999', '9.9999999999999999', '1E2', '1e21', '1.5E300', '0.0000001', '100000000000000000000000',
  '123456789012345678901234', '1e-7', '0.00000012345678901234567', '2e-324', '1.7976931348623157e308', '-0.0',
  '12345678901234567890', '4.35000000000000000000000001', '1E+2', '1e0', '5e-324', '0.1e1', '-1.00000000000000000001',
];

function numberText(random) {
  const r = random();
  if (r < 0.4) return rewritten[Math.floor(random() * rewritten.length)];
  if (r < 0.7) return randomNumberText(random);
  if (r < 0.9) return String(randomDouble(random));
  return randomDouble(random).toPrecision(1 + Math.floor(random() * 21)).replace('e', random() < 0.5 ? 'E' : 'e');
}

function ws(random) {
  return random() < 0.8 ? '' : [' ', '\n  ', '\t'][Math.floor(random() * 3)];
}

// Arrays and objects whose scalars are mostly numbers; some keys are integer-like.
function numbersText(random, depth = 0) {
  const r = random();
  if (depth > 3 || r < 0.3) {
    if (random() < 0.85) return numberText(random);
    return ['true', 'null', '"a\\u0062"', '"x"', '[]', '{}'][Math.floor(random() * 6)];
  }
  const count = Math.floor(random() * 6);
  const items = [];
  if (random() < 0.6) {
    for (let i = 0; i < count; i++) items.push(ws(random) + numbersText(random, depth + 1) + ws(random));
    return '[' + items.join(',') + ']';
  }
  for (let i = 0; i < count; i++) {
    const key = random() < 0.15 ? String(Math.floor(random() * 10)) : `k${i}`;
    items.push(`${ws(random)}"${key}"${ws(random)}:${ws(random)}${numbersText(random, depth + 1)}`);
  }
  return '{' + items.join(',') + '}';
}

function checkAllWrites(doc, expected, label) {
  const compact = JSON.stringify(expected);
  assert.equal(doc.stringify(), compact, label);
  for (const space of [2, '\t']) {
    assert.equal(doc.stringify({ space }), JSON.stringify(expected, null, space), `${label} space ${space}`);
  }
  assert.ok(doc.toBuffer().equals(Buffer.from(compact)), `${label} toBuffer`);
}

test('first, second and third writes of documents full of rewritten numbers', () => {
  const arena = new Arena();
  const random = prng(21);
  for (let i = 0; i < 3000; i++) {
    const text = numbersText(random);
    const expected = JSON.parse(text);
    const doc = arena.parse(text);
    // Half the time the first write is indented, so the compact path meets forms cached by the other.
    if (random() < 0.5) assert.equal(doc.stringify({ space: 1 }), JSON.stringify(expected, null, 1), `#${i} first indented`);
    for (let round = 1; round <= 3; round++) checkAllWrites(doc, expected, `#${i} write ${round}\ninput: ${text.slice(0, 300)}`);
    if (i % 300 === 0) arena.reset();
  }
  arena.free();
});

test('cached forms do not change values, raw text or lengths', () => {
  const arena = new Arena();
  const random = prng(22);
  for (let i = 0; i < 300; i++) {
    const items = Array.from({ length: 1 + Math.floor(random() * 20) }, () => numberText(random));
    const text = `{"list":[${items.join(',')}],"nested":[[${items.join('],[')}]]}`;
    const expected = JSON.parse(text);
    const doc = arena.parse(text);
    checkAllWrites(doc, expected, `#${i}`);
    checkAllWrites(doc, expected, `#${i} again`);
    assert.deepEqual(doc.toJS(), expected, `#${i} toJS`);
    assert.equal(doc.raw(), text, `#${i} raw`);
    assert.equal(doc.query('list').length, items.length, `#${i} length`);
    for (let k = 0; k < items.length; k++) {
      assert.equal(doc.getRaw(`list.${k}`), items[k], `#${i} raw ${k}`);
      assert.ok(Object.is(doc.get(`list.${k}`), expected.list[k]), `#${i} get ${k}`);
      assert.equal(doc.query(`nested.${k}`).stringify(), JSON.stringify(expected.nested[k]), `#${i} subtree ${k}`);
    }
    if (i % 50 === 0) arena.reset();
  }
  arena.free();
});

test('subtrees written first, then their parents, then the subtrees again', () => {
  const arena = new Arena();
  const random = prng(23);
  for (let i = 0; i < 1000; i++) {
    const parts = Array.from({ length: 1 + Math.floor(random() * 5) }, () => numbersText(random, 1));
    const text = `[${parts.join(',')}]`;
    const expected = JSON.parse(text);
    const doc = arena.parse(text);
    const order = random() < 0.5 ? [0, 1, 0] : [1, 0, 1];
    for (const step of order) {
      if (step === 0) {
        for (let k = 0; k < parts.length; k++) {
          assert.equal(doc.query(String(k)).stringify(), JSON.stringify(expected[k]), `#${i} part ${k}`);
        }
      } else {
        checkAllWrites(doc, expected, `#${i} whole`);
      }
    }
    if (i % 100 === 0) arena.reset();
  }
  arena.free();
});

test('edits after a write: set and delete on a document whose numbers were cached', () => {
  const arena = new Arena();
  const random = prng(24);
  for (let i = 0; i < 500; i++) {
    const items = Array.from({ length: 2 + Math.floor(random() * 8) }, () => numberText(random));
    const text = `{"a":[${items.join(',')}],"b":{"x":${items[0]},"y":[${items.slice(1).join(',')}]},"c":${items[1]}}`;
    const expected = JSON.parse(text);
    const doc = arena.parse(text);
    checkAllWrites(doc, expected, `#${i} before`);
    const value = JSON.parse(JSON.stringify(JSON.parse(numberText(random))));  // -0 and 1e400 as JSON keeps them
    doc.set('b.z', value);
    expected.b.z = value;
    checkAllWrites(doc, expected, `#${i} after set`);
    doc.set('a.0', 'replaced');
    expected.a[0] = 'replaced';
    checkAllWrites(doc, expected, `#${i} after set in array`);
    doc.delete('c');
    delete expected.c;
    checkAllWrites(doc, expected, `#${i} after delete`);
    doc.set('d', doc.query('b.y'));
    expected.d = expected.b.y;
    checkAllWrites(doc, expected, `#${i} after a reference`);
    assert.deepEqual(doc.toJS(), expected, `#${i} toJS`);
    if (i % 50 === 0) arena.reset();
  }
  arena.free();
});

test('after reset, the same text parsed again is written the same way', () => {
  const arena = new Arena();
  const random = prng(25);
  const texts = Array.from({ length: 50 }, () => numbersText(random));
  for (let round = 0; round < 3; round++) {
    for (const text of texts) {
      const doc = arena.parse(text);
      checkAllWrites(doc, JSON.parse(text), `round ${round}`);
      checkAllWrites(doc, JSON.parse(text), `round ${round} again`);
    }
    arena.reset();
  }
  arena.free();
});

test('integers written as they stand (bigint) are not replaced by cached forms, nor the reverse', () => {
  const arena = new Arena();
  const text = '{"id":505874924095815681,"n":[12345678901234567890,1.50,-0,1E2],"m":{"k":-65.613616999999977}}';
  const expected = JSON.parse(text);
  const compact = JSON.stringify(expected);
  const integers = '{"id":505874924095815681,"n":[12345678901234567890,1.5,0,100],"m":{"k":-65.61361699999998}}';
  for (const first of ['plain', 'integers']) {
    const doc = arena.parse(text);
    const writes = first === 'plain' ? ['plain', 'integers', 'plain', 'integers'] : ['integers', 'plain', 'integers', 'plain'];
    for (const kind of writes) {
      if (kind === 'plain') {
        assert.equal(doc.stringify(), compact, `${first}: plain`);
        assert.equal(doc.stringify({ space: 2 }), JSON.stringify(expected, null, 2), `${first}: plain indented`);
      } else {
        assert.equal(doc.stringify({ bigint: true }), integers, `${first}: integers`);
        assert.equal(doc.query('n').stringify({ bigint: true }), '[12345678901234567890,1.5,0,100]', `${first}: integers subtree`);
      }
    }
  }
  arena.free();
});

test('an arena at its maxSize still writes exactly (caching never allocates)', () => {
  const random = prng(26);
  for (let i = 0; i < 100; i++) {
    const text = `[${Array.from({ length: 200 }, () => numberText(random)).join(', ')}]`;
    const arena = new Arena({ initialSize: 4096, maxSize: text.length * 8 + 65536 });
    const expected = JSON.parse(text);
    let doc;
    try {
      doc = arena.parse(text);
    } catch {
      arena.free();
      continue;
    }
    // Fill the arena so that nothing more fits.
    try {
      for (;;) arena.parse(text);
    } catch (error) {
      assert.equal(error.code, 'ERR_ARENA_LIMIT');
    }
    for (let round = 0; round < 3; round++) checkAllWrites(doc, expected, `#${i} round ${round}`);
    arena.free();
  }
});

// Keys V8 moves (integer-like: canonical array indexes) and keys it does not.
const keyPool = ['0', '1', '2', '10', '9', '4294967294', '4294967295', '01', '-1', '1.5', 'a', 'b', '\\u0031', '\\u0061', '1e3', ' 1', '007', '3'];

test('objects whose integer-like keys come first and ascending keep their order; others are reordered', () => {
  const arena = new Arena();
  const random = prng(27);
  for (let i = 0; i < 3000; i++) {
    const count = 1 + Math.floor(random() * 7);
    let keys = Array.from({ length: count }, () => keyPool[Math.floor(random() * keyPool.length)]);
    // Half the time, keys already in V8's order (integer-like first, ascending).
    if (random() < 0.5) {
      const unique = [...new Set(keys)];
      const index = (k) => (/^(0|[1-9][0-9]*)$/.test(JSON.parse(`"${k}"`)) && Number(JSON.parse(`"${k}"`)) < 4294967295 ? Number(JSON.parse(`"${k}"`)) : -1);
      keys = [...unique.filter((k) => index(k) >= 0).sort((a, b) => index(a) - index(b)), ...unique.filter((k) => index(k) < 0)];
    }
    const members = keys.map((k, j) => `"${k}":${random() < 0.3 ? numberText(random) : `[${j},{"${k}":${j}}]`}`);
    const text = `{"outer":{${members.join(',')}},"n":${numberText(random)}}`;
    const expected = JSON.parse(text);
    const doc = arena.parse(text);
    if (random() < 0.5) assert.equal(doc.query('outer').stringify(), JSON.stringify(expected.outer), `#${i} subtree first`);
    for (let round = 1; round <= 2; round++) checkAllWrites(doc, expected, `#${i} write ${round}\ninput: ${text}`);
    assert.equal(doc.query('outer').stringify({ space: 1 }), JSON.stringify(expected.outer, null, 1), `#${i} subtree`);
    if (i % 300 === 0) arena.reset();
  }
  arena.free();
});
