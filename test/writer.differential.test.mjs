// doc.stringify({space}) and doc.toBuffer() against V8:
// JSON.stringify(JSON.parse(text), null, space), for the corpus, every
// accepted JSONTestSuite file and thousands of generated documents.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Arena, stringify } from '../dist/index.mjs';
import { corpusDir, corpusFiles, suiteCases, suiteDir } from './support/oracle.mjs';
import { prng, randomDouble, randomJsonText, randomNumberText } from './support/random-json.mjs';

const spaces = [undefined, 0, 2, 4, 11, '\t', 'abcdefghijklm'];
const oddSpaces = [-1, 3.7, NaN, Infinity, '', ' \u2028 ', 'é😀', new Number(3), new String('xy'), '\ud800', 'abcdefghi😀', null, true, {}];

function check(arena, text, label, spaceList = spaces) {
  const expectedValue = JSON.parse(text);
  const doc = arena.parse(text);
  for (const space of spaceList) {
    const expected = JSON.stringify(expectedValue, null, space);
    const actual = doc.stringify({ space });
    if (actual !== expected) {
      assert.equal(actual, expected, `${label} space=${JSON.stringify(String(space))}\ninput: ${text.slice(0, 400)}`);
    }
    assert.equal(stringify(doc, null, space), expected, `${label} stringify(doc) space=${String(space)}`);
  }
  const bytes = doc.toBuffer();
  assert.ok(Buffer.isBuffer(bytes));
  assert.ok(bytes.equals(Buffer.from(JSON.stringify(expectedValue), 'utf8')), `${label} toBuffer`);
  return doc;
}

test('the benchmark corpus: whole documents and every top-level member, every space', () => {
  const arena = new Arena();
  for (const file of corpusFiles) {
    const text = readFileSync(join(corpusDir, file), 'utf8');
    const doc = check(arena, text, file);
    const expected = JSON.parse(text);
    for (const [key, value] of doc.entries()) {
      assert.equal(value.stringify({ space: 2 }), JSON.stringify(expected[key], null, 2), `${file}.${key}`);
      assert.equal(value.stringify(), JSON.stringify(expected[key]), `${file}.${key}`);
    }
    assert.ok(doc.toBuffer({ space: 1 }).equals(Buffer.from(JSON.stringify(expected, null, 1))), `${file} toBuffer space`);
    arena.reset();
  }
  arena.free();
});

test('every JSONTestSuite file V8 accepts', () => {
  const arena = new Arena();
  let checked = 0;
  for (const entry of suiteCases()) {
    if (!entry.accepts) continue;
    const text = readFileSync(join(suiteDir, entry.file)).toString('utf8');
    check(arena, text, entry.file, [...spaces, ...oddSpaces]);
    checked++;
    arena.reset();
  }
  assert.ok(checked > 90, `only ${checked} accepted files`);
  arena.free();
});

test('hand-picked edge cases: integer-like and repeated keys, escapes, non-canonical numbers', () => {
  const arena = new Arena();
  const cases = [
    '{"b":1,"a":2,"1":3,"0":4,"01":5,"4294967294":6,"4294967295":7,"-1":8,"1.0":9}',
    '{"a":1,"b":2,"a":3}',
    '{"a":1,"\\u0061":2,"b":{"x":1,"x":[1,2],"y":0},"a":{"c":1}}',
    '{"\\u0031":1,"0":2,"\\u0030":3}',
    '{"__proto__":1,"__proto__":{"x":2},"constructor":3}',
    '["\\/","\\u00e9","\\u00E9","\\u2028","\\u2029","\\ud800","\\udfff","\\ud83d\\ude00","\\ud83d","\\ude00\\ud83d","\\u0000\\u001f\\u007f"]',
    '["\\b\\f\\n\\r\\t\\"\\\\","\\u0008\\u000c\\u000A\\u000d\\u0009\\u0022\\u005C","a\\ud800\\ud800b","\\udbff\\udfff"]',
    '[1.50,1E2,-0,1e400,-1e400,1e-400,0.1e1,100e-2,1e21,1e-7,123456789012345678901,0.000001,-0.0,5e-324]',
    '[  1 ,\n 2 , {"a" :\t[ ] , "b" : { } } ]',
    '{"k":"' + 'x'.repeat(5000) + '","n":' + '9'.repeat(400) + '}',
    '-0', '1E400', '"\\u0000"', '[]', '{}', '[[[[[]]]]]', '{"":{"":{"":[]}}}',
  ];
  for (const text of cases) check(arena, text, text.slice(0, 60), [...spaces, ...oddSpaces]);
  arena.free();
});

test('numbers: 20,000 random doubles in many spellings come out as V8 writes them', () => {
  const arena = new Arena();
  const random = prng(7);
  const texts = [];
  for (let i = 0; i < 20000; i++) {
    if (i % 2 === 0) {
      const x = randomDouble(random);
      texts.push(random() < 0.5 ? String(x) : x.toPrecision(17));
    } else {
      texts.push(randomNumberText(random));
    }
  }
  for (let i = 0; i < texts.length; i += 500) {
    const text = '[' + texts.slice(i, i + 500).join(',') + ']';
    const doc = arena.parse(text);
    const actual = doc.stringify();
    const expected = JSON.stringify(JSON.parse(text));
    if (actual !== expected) {
      const a = JSON.parse(actual);
      const items = texts.slice(i, i + 500);
      const actualItems = actual.slice(1, -1).split(',');
      const expectedItems = expected.slice(1, -1).split(',');
      const bad = actualItems.findIndex((item, k) => item !== expectedItems[k]);
      assert.fail(`number ${items[bad]}: wrote ${actualItems[bad]}, V8 writes ${expectedItems[bad]} (${a.length})`);
    }
    arena.reset();
  }
  arena.free();
});

test('3,000 random documents, every space, as strings and as bytes', () => {
  const arena = new Arena();
  const random = prng(42);
  for (let i = 0; i < 3000; i++) {
    const text = randomJsonText(random);
    check(arena, text, `random #${i}`);
    if (i % 100 === 0) arena.reset();
  }
  arena.free();
});

test('deep nesting is written without recursion limits of our own', () => {
  const arena = new Arena();
  for (const depth of [1000, 3000]) {
    const text = '['.repeat(depth) + '{"a":' + '1'.repeat(3) + '}' + ']'.repeat(depth);
    check(arena, text, `depth ${depth}`, [undefined, 1]);
    const objects = '{"k":'.repeat(depth) + 'null' + '}'.repeat(depth);
    check(arena, objects, `object depth ${depth}`, [undefined, '\t']);
  }
  arena.free();
});

test('a Value inside a document writes its own subtree', () => {
  const arena = new Arena();
  const text = '{"a":{"2":1,"1":{"x":-0,"y":[1.0,"\\u00e9"]},"a":3},"b":[{"c":1E3}]}';
  const doc = arena.parse(text);
  const value = JSON.parse(text);
  assert.equal(doc.query('a').stringify(), JSON.stringify(value.a));
  assert.equal(doc.query('a.1').stringify({ space: 3 }), JSON.stringify(value.a[1], null, 3));
  assert.equal(doc.query('a.1.y.0').stringify(), '1');
  assert.equal(doc.query('b.0.c').stringify(), '1000');
  assert.equal(doc.query('a.1.x').toBuffer().toString(), '0');
  arena.free();
});
