// Property tests: for random documents and random plain paths (keys, indexes,
// escaped special characters), get(text, path) is the same walk over
// JSON.parse(text), and getRaw parses to it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arena, get, getRaw } from '../dist/index.mjs';
import { assertSameJson } from './support/oracle.mjs';
import { prng } from './support/random-json.mjs';


const keyChars = ['a', 'b', 'z', '0', '7', '.', '*', '?', '|', '#', '@', '!', '\\', '{', '}', '[', ']', '(', ')', '=', '<', '>', '%', ',', ':', '"', '~', ' ', 'é', '😀', '\n', '\t', '\u0000', '-', '_'];

function randomKey(rand) {
  const length = Math.floor(rand() * 6);
  let key = '';
  for (let i = 0; i < length; i++) key += keyChars[Math.floor(rand() * keyChars.length)];
  if (rand() < 0.05) key = ['@this', '@reverse', '..', '#', '[a]', '{a}', '!true', '1e3'][Math.floor(rand() * 8)];
  return key;
}

function randomValue(rand, depth) {
  const r = rand();
  if (depth > 4 || r < 0.3) {
    const s = rand();
    if (s < 0.2) return Math.floor(rand() * 2000) - 1000;
    if (s < 0.35) return rand() * 1e6 - 5e5;
    if (s < 0.5) return randomKey(rand);
    if (s < 0.6) return rand() < 0.5;
    if (s < 0.7) return null;
    return 'str' + Math.floor(rand() * 100);
  }
  if (r < 0.65) {
    const out = [];
    const n = Math.floor(rand() * 6);
    for (let i = 0; i < n; i++) out.push(randomValue(rand, depth + 1));
    return out;
  }
  const out = {};
  const n = Math.floor(rand() * 6);
  for (let i = 0; i < n; i++) out[randomKey(rand)] = randomValue(rand, depth + 1);
  return out;
}

const escape = (key) => key.replace(/[.*?|#@!\\{}[\]()=<>%,:"~]/g, '\\$&');

// A path down `value` (mostly to existing members), with the expected result.
function randomPath(rand, value) {
  const parts = [];
  let current = value;
  for (;;) {
    const isArray = Array.isArray(current);
    const isObject = current !== null && typeof current === 'object' && !isArray;
    if (!isArray && !isObject) break;
    if (parts.length > 0 && rand() < 0.25) break;
    if (rand() < 0.1) {
      // A member that is not there.
      parts.push(isArray ? String(current.length + Math.floor(rand() * 3)) : escape(randomKey(rand) + 'missing'));
      return { path: parts.join('.'), expected: undefined };
    }
    if (isArray) {
      if (current.length === 0) break;
      const index = Math.floor(rand() * current.length);
      parts.push(String(index));
      current = current[index];
    } else {
      const keys = Object.keys(current);
      if (keys.length === 0) break;
      const key = keys[Math.floor(rand() * keys.length)];
      parts.push(escape(key));
      current = current[key];
    }
  }
  if (parts.length === 0) return null;
  return { path: parts.join('.'), expected: current };
}

test('plain paths on random documents walk like JSON.parse', () => {
  const rand = prng(20240611);
  const arena = new Arena();
  let checked = 0;
  for (let round = 0; round < 1500; round++) {
    const value = randomValue(rand, 0);
    const text = JSON.stringify(value, null, rand() < 0.3 ? 2 : undefined);
    const doc = arena.parse(text);
    for (let k = 0; k < 6; k++) {
      const pick = randomPath(rand, value);
      if (pick === null || pick.path.startsWith('..')) continue;
      const where = `${text.slice(0, 200)} @ ${JSON.stringify(pick.path)}`;
      const got = get(text, pick.path);
      const raw = getRaw(text, pick.path);
      if (pick.expected === undefined) {
        assert.equal(got, undefined, where);
        assert.equal(raw, undefined, where);
        assert.equal(doc.get(pick.path), undefined, where);
        continue;
      }
      assertSameJson(got, pick.expected, where);
      assertSameJson(JSON.parse(raw), pick.expected, where);
      assertSameJson(doc.get(pick.path), pick.expected, where);
      assert.equal(doc.getRaw(pick.path), raw, where);
      checked++;
    }
    arena.reset();
  }
  arena.free();
  assert.ok(checked > 2000, `${checked} paths checked`);
});

test('random paths from a Value give the same results as from the root', () => {
  const rand = prng(7);
  const arena = new Arena();
  for (let round = 0; round < 300; round++) {
    const value = { root: randomValue(rand, 1) };
    const text = JSON.stringify(value);
    const doc = arena.parse(text);
    const inner = doc.query('root');
    const pick = randomPath(rand, value.root);
    if (pick === null || pick.path.startsWith('..')) continue;
    assertSameJson(inner.get(pick.path), doc.get('root.' + pick.path), pick.path);
    arena.reset();
  }
  arena.free();
});
