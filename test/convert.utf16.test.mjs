// Text handed to JS as UTF-16 (written text with a character above U+00FF,
// raw text, string values): every mix of 1- to 4-byte UTF-8 characters, at
// every offset of the converter's 16-byte blocks, in short texts and in long
// ones cut into pieces, must come out as the same string V8 reads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arena } from '../dist/index.mjs';
import { prng } from './support/random-json.mjs';

const pool = ['a', 'Z', ' ', 'é', 'ÿ', '\u0080', '\u07ff', 'Ā', 'α', 'Ж', '→', '日', '\u0800', '\ud7ff', '\ue000', '\uffff', '\u2028', '😀', '𐀀', '\u{10ffff}'];

function randomText(random, length) {
  let out = '';
  const ascii = random() < 0.5;
  for (let i = 0; i < length; i++) {
    // Runs: repeat the last class a while, as real text does.
    if (ascii && random() < 0.6) out += String.fromCharCode(0x20 + Math.floor(random() * 95)).replace(/["\\]/, 'x');
    else out += pool[Math.floor(random() * pool.length)];
  }
  return out;
}

test('short strings at every block offset', () => {
  const arena = new Arena();
  const random = prng(31);
  for (let i = 0; i < 4000; i++) {
    const prefix = 'p'.repeat(i % 37);
    const value = [prefix + randomText(random, Math.floor(random() * 70)), randomText(random, Math.floor(random() * 20))];
    const text = JSON.stringify(value);
    const doc = arena.parse(text);
    assert.equal(doc.stringify(), text, `#${i}`);
    assert.equal(doc.raw(), text, `#${i} raw`);
    assert.equal(doc.get('0'), value[0], `#${i} value`);
    assert.deepEqual(doc.toJS(), value, `#${i} toJS`);
    if (i % 500 === 0) arena.reset();
  }
  arena.free();
});

test('long texts cut into pieces, wide characters at every border', () => {
  const arena = new Arena();
  const random = prng(32);
  for (let i = 0; i < 40; i++) {
    const parts = [];
    let size = 0;
    while (size < 40000 + i * 997) {
      const s = randomText(random, 1 + Math.floor(random() * 300));
      parts.push(s);
      size += s.length;
    }
    const text = JSON.stringify(parts);
    const doc = arena.parse(text);
    assert.equal(doc.stringify(), text, `#${i}`);
    assert.equal(doc.stringify(), text, `#${i} again`);
    assert.equal(doc.raw(), text, `#${i} raw`);
    arena.reset();
  }
  arena.free();
});

test('Latin-1 text (no character above U+00FF) at every block offset, short, in pieces and whole', () => {
  const arena = new Arena();
  const random = prng(33);
  const latin1Text = (length) => {
    let out = '';
    for (let i = 0; i < length; i++) {
      // Mostly ASCII runs (the 16-byte copies), now and then a character of U+0080..U+00FF.
      const code = random() < 0.9 ? 0x20 + Math.floor(random() * 95) : 0x80 + Math.floor(random() * 128);
      out += String.fromCharCode(code).replace(/["\\]/, 'x');
    }
    return out;
  };
  for (let i = 0; i < 3000; i++) {
    const value = ['p'.repeat(i % 41) + latin1Text(Math.floor(random() * 90)), latin1Text(Math.floor(random() * 40))];
    const text = JSON.stringify(value);
    const doc = arena.parse(text);
    assert.equal(doc.stringify(), text, `#${i}`);
    assert.equal(doc.raw(), text, `#${i} raw`);
    if (i % 500 === 0) arena.reset();
  }
  // Long texts: 16 KB pieces, and past 1 MiB one external string.
  for (const size of [40000, 300000, 1200000]) {
    const parts = [];
    let total = 0;
    while (total < size) {
      const s = latin1Text(1 + Math.floor(random() * 400));
      parts.push(s);
      total += s.length;
    }
    const text = JSON.stringify(parts);
    const doc = arena.parse(text);
    assert.ok(doc.stringify() === text, `${size}`);
    assert.ok(doc.stringify({ space: 1 }) === JSON.stringify(parts, null, 1), `${size} with a gap`);
    arena.reset();
  }
  arena.free();
});
