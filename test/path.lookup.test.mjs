// Reads that go through the lookup indexes (big arrays read by index more
// than once, arrays whose elements share a size, big objects read by key
// more than once) give what the same reads of JSON.parse give, also when
// documents alternate, repeat keys, escape keys, or reuse freed memory.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arena } from '../dist/index.mjs';
import { assertSameJson } from './support/oracle.mjs';
import { prng } from './support/random-json.mjs';


function shuffled(rand, values) {
  const out = values.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// Arrays of every shape the index cares about: one node per element, equal
// containers, sizes that differ, sizes that differ but sum as if equal,
// empty containers among scalars.
function arrays(rand) {
  const n = 300;
  const range = (f) => Array.from({ length: n }, (_, i) => f(i));
  return {
    scalars: range((i) => (i % 3 === 0 ? i * 1.5 : i % 3 === 1 ? `s${i}` : i % 2 === 0)),
    pairs: range((i) => [i, -i]),
    objects: range((i) => ({ id: i, name: `n${i}` })),
    mixed: range((i) => (i % 7 === 0 ? { deep: [i, [i, i]] } : i % 5 === 0 ? [i] : i)),
    // sizes 2 and 4 alternate: the total is what sizes of 3 would give.
    evenSums: range((i) => (i % 2 === 0 ? [i] : [i, i + 1, i + 2])),
    containersAndScalars: range((i) => (i % 2 === 0 ? [i] : i)),
    emptyAndScalars: range((i) => (i % 2 === 0 ? [] : i)),
    emptyAndObjects: range((i) => (i % 2 === 0 ? {} : { a: i })),
    nested: range((i) => range((j) => i * 1000 + j).slice(0, 70 + (i % 3))),
    random: range(() => (rand() < 0.5 ? Math.floor(rand() * 100) : Array.from({ length: Math.floor(rand() * 4) }, () => rand()))),
  };
}

test('indexes into big arrays of every shape, read many times in any order', () => {
  const rand = prng(7);
  const text = JSON.stringify(arrays(rand));
  const value = JSON.parse(text);
  const arena = new Arena();
  try {
    const doc = arena.parse(text);
    for (const [name, array] of Object.entries(value)) {
      for (let round = 0; round < 2; round++) {
        const order = shuffled(rand, [...array.keys(), array.length, array.length + 5]);
        for (const i of order) {
          assertSameJson(doc.get(`${name}.${i}`), array[i], `${name}.${i}`);
        }
      }
    }
    for (let k = 0; k < 500; k++) {
      const i = Math.floor(rand() * 300);
      const j = Math.floor(rand() * 75);
      assertSameJson(doc.get(`nested.${i}.${j}`), value.nested[i][j], `nested.${i}.${j}`);
      assertSameJson(doc.get(`pairs.${i}.1`), value.pairs[i][1], `pairs.${i}.1`);
      assertSameJson(doc.get(`objects.${i}.name`), value.objects[i].name, `objects.${i}.name`);
    }
  } finally {
    arena.free();
  }
});

test('keys of big objects: repeated, escaped, non-ASCII, missing', () => {
  const rand = prng(11);
  const members = [];
  for (let i = 0; i < 200; i++) members.push([`key${i}`, i]);
  members.push(['key7', 'second'], ['key7', 'third']);  // the last one wins
  members.push(['kA', 'escaped'], ['é😀', 'unicode'], ['', 'empty'], ['k', 'short']);
  // JSON.stringify cannot repeat keys or choose escapes: write the text by hand.
  const body = members.map(([k, v]) => {
    const key = k === 'kA' ? '"k\\u0041"' : k === 'key150' ? '"key\\u0031\\u00350"' : JSON.stringify(k);
    return `${key}:${JSON.stringify(v)}`;
  });
  const text = `{"big":{${body.join(',')}}}`;
  const expected = JSON.parse(text).big;
  const arena = new Arena();
  try {
    const doc = arena.parse(text);
    const names = [...Object.keys(expected), 'key200', 'kB', 'key', 'key1500', 'é', 'KEY1'];
    for (let round = 0; round < 3; round++) {
      for (const name of shuffled(rand, names)) {
        const path = `big.${name.replace(/[.*?|#@!\\{}[\]()=<>%,:"~]/g, '\\$&')}`;
        assertSameJson(doc.get(path), expected[name], path);
      }
    }
    assert.equal(doc.get('big.key7'), 'third');
    assert.equal(doc.get('big.key150'), 150);
  } finally {
    arena.free();
  }
});

test('alternating documents and memory reused after reset never see a stale index', () => {
  const make = (seed) => {
    const rand = prng(seed);
    const items = Array.from({ length: 200 }, (_, i) => (rand() < 0.5 ? { v: seed * 1000 + i } : [seed, i, rand()]));
    const map = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${(i * seed) % 97}`, seed * 100 + i]));
    return { items, map };
  };
  const arena = new Arena();
  try {
    const values = [make(1), make(2)].map((v) => JSON.parse(JSON.stringify(v)));
    for (let round = 0; round < 4; round++) {
      // Same length, different content, parsed into the same memory after reset.
      const docs = values.map((v) => arena.parse(JSON.stringify(v)));
      for (let i = 0; i < 200; i += 3) {
        for (let d = 0; d < 2; d++) {
          const v = values[(d + round) % 2 === 0 ? 0 : 1];
          const doc = docs[(d + round) % 2 === 0 ? 0 : 1];
          assertSameJson(doc.get(`items.${i}`), v.items[i], `round ${round} items.${i}`);
          const key = Object.keys(v.map)[i % 40];
          assertSameJson(doc.get(`map.${key}`), v.map[key], `round ${round} map.${key}`);
        }
      }
      arena.reset();
      values.reverse();
    }
  } finally {
    arena.free();
  }
});
