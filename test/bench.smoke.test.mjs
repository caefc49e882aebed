// The benchmark data: the seed document generator is deterministic and keeps
// its promises (size, fields, depth, kinds of values), and the fields a
// benchmark reads are the same on both sides. No timing here.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { Arena } from '../dist/index.mjs';
import { generateSeed, parseSize } from '../bench/data/seed.mjs';
import { compileReader, gjsonPath, pickFields } from '../bench/lib/paths.mjs';
import { root } from './support/oracle.mjs';

function shape(value) {
  const found = { fields: 0, depth: 0, int: 0, double: 0, string: 0, boolean: 0, null: 0, numberArrays: 0 };
  (function walk(v, level) {
    if (Array.isArray(v)) {
      found.depth = Math.max(found.depth, level);
      if (v.length > 0 && v.every((x) => typeof x === 'number')) found.numberArrays++;
      for (const x of v) walk(x, level + 1);
    } else if (v !== null && typeof v === 'object') {
      found.depth = Math.max(found.depth, level);
      for (const key of Object.keys(v)) {
        found.fields++;
        walk(v[key], level + 1);
      }
    } else if (v === null) found.null++;
    else if (typeof v === 'number') found[Number.isInteger(v) ? 'int' : 'double']++;
    else found[typeof v]++;
  })(value, 1);
  return found;
}

test('the default seed document has the promised shape', () => {
  const text = generateSeed();
  const size = Buffer.byteLength(text);
  assert.ok(Math.abs(size - 5 * 1024 * 1024) < 0.05 * 5 * 1024 * 1024, `size ${size}`);
  const found = shape(JSON.parse(text));
  assert.equal(found.fields, 12000);
  assert.equal(found.depth, 8);
  for (const kind of ['int', 'double', 'string', 'boolean', 'null', 'numberArrays']) assert.ok(found[kind] > 100, `${kind}: ${found[kind]}`);
  assert.match(text, /[^\x00-\x7f]/, 'non-ASCII text');
  assert.match(text, /[\u{10000}-\u{10ffff}]/u, 'characters beyond the BMP');
  for (const escape of ['\\n', '\\t', '\\"', '\\\\', '\\u0001']) assert.ok(text.includes(escape), `escape ${escape}`);
});

test('the generator is deterministic and follows its options', () => {
  const options = { size: '200kb', fields: 1500, seed: 7 };
  const text = generateSeed(options);
  assert.equal(generateSeed(options), text);
  assert.notEqual(generateSeed({ ...options, seed: 8 }), text);
  assert.ok(Math.abs(Buffer.byteLength(text) - parseSize('200kb')) < 0.1 * parseSize('200kb'));
  assert.equal(shape(JSON.parse(text)).fields, 1500);
  const cli = execFileSync(process.execPath, [join(root, 'bench', 'data', 'seed.mjs'), '--size=200kb', '--fields=1500', '--seed=7'], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  assert.equal(cli, text);
});

test('parseSize reads units and rejects nonsense', () => {
  assert.equal(parseSize('5mb'), 5 * 1024 * 1024);
  assert.equal(parseSize('1.5KB'), 1536);
  assert.equal(parseSize('1000'), 1000);
  assert.throws(() => parseSize('five'), RangeError);
});

test('benchmark fields are picked deterministically and read the same on both sides', () => {
  const text = generateSeed({ size: '300kb', fields: 2000, seed: 3 });
  const value = JSON.parse(text);
  const fields = pickFields(value, 200, { name: 'seed', seed: 3 });
  assert.equal(fields.length, 200);
  assert.deepEqual(pickFields(JSON.parse(text), 200, { name: 'seed', seed: 3 }), fields);
  assert.equal(new Set(fields.map(gjsonPath)).size, 200, 'distinct fields');
  const plain = compileReader(fields)(value);
  const arena = new Arena();
  try {
    const doc = arena.parse(Buffer.from(text));
    assert.deepEqual(fields.map((segments) => doc.get(gjsonPath(segments))), plain);
  } finally {
    arena.free();
  }
});
