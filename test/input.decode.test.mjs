// The native UTF-8 decoder behind parse(buffer) must give exactly what
// buf.toString('utf8') gives, or decline (undefined) so that toString is used.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { parse } from '../dist/index.mjs';
import { prng } from './support/random-json.mjs';

const require = createRequire(import.meta.url);
const { binding } = require('../dist/binding.js');

const pieces = [
  'a', 'plain ascii text ', '"', '\\', 'é', 'ÿ', 'Ā', '€', '日本', '😀', '\u2028', '\u0000', '\uFEFF',
];
const invalid = [
  [0x80], [0xc0, 0x80], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff], [0xf0, 0x9f, 0x98],
];

test('decodeUtf8 equals buf.toString("utf8") for valid text and declines invalid bytes', () => {
  const next = prng(7);
  let declined = 0;
  for (let round = 0; round < 600; round++) {
    const parts = [];
    const prefix = Math.floor(next() * 5000);
    parts.push(Buffer.from('x'.repeat(prefix)));
    const count = Math.floor(next() * 200);
    for (let i = 0; i < count; i++) parts.push(Buffer.from(pieces[Math.floor(next() * pieces.length)]));
    if (round % 3 === 0) parts.splice(1 + Math.floor(next() * parts.length), 0, Buffer.from(invalid[round % invalid.length]));
    const bytes = Buffer.concat(parts);
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const ours = binding.decodeUtf8(view);
    if (round % 3 === 0) {
      assert.equal(ours, undefined, 'invalid UTF-8 must be left to toString');
      declined++;
    } else {
      assert.equal(ours, bytes.toString('utf8'));
    }
  }
  assert.ok(declined > 100, `only ${declined} invalid inputs were declined`);
});

test('parse(buffer) of large non-ASCII and invalid documents equals JSON.parse(buf.toString())', () => {
  const strings = [];
  for (let i = 0; i < 2000; i++) strings.push(pieces[i % pieces.length].repeat(1 + (i % 3)));
  const text = JSON.stringify({ strings, n: [1.5, -0, 1e21] });
  const good = Buffer.from(text);
  assert.deepStrictEqual(parse(good), JSON.parse(good.toString('utf8')));
  const bad = Buffer.concat([good.subarray(0, 20), Buffer.from([0xc3, 0x28]), good.subarray(20)]);
  const expected = (() => { try { return JSON.parse(bad.toString('utf8')); } catch (error) { return error; } })();
  const actual = (() => { try { return parse(bad); } catch (error) { return error; } })();
  if (expected instanceof Error) assert.ok(actual instanceof SyntaxError);
  else assert.deepStrictEqual(actual, expected);
  assert.throws(() => binding.decodeUtf8('text'), { code: 'ERR_INVALID_ARG' });
  assert.throws(() => binding.decodeUtf8(new Uint16Array(4)), { code: 'ERR_INVALID_ARG' });
});

test('decodeUtf8 decodes valid text of any shape itself: only invalid bytes are declined', () => {
  // Dense short strings, quotes everywhere, as JSON request bodies often are.
  const shapes = [
    JSON.stringify(Array.from({ length: 2000 }, (_, i) => 'k' + i)),
    JSON.stringify(Object.fromEntries(Array.from({ length: 1000 }, (_, i) => ['clé' + i, 'välue ' + i]))),
    '"'.repeat(8192),
    'x'.repeat(8192),
  ];
  for (const text of shapes) {
    const bytes = Buffer.from(text);
    const decoded = binding.decodeUtf8(bytes);
    assert.equal(typeof decoded, 'string', `declined ${text.slice(0, 40)}`);
    assert.equal(decoded, bytes.toString('utf8'));
  }
});
