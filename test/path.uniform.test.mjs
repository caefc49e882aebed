// Arrays whose elements all span the same number of tape nodes are read by
// arithmetic (element i at a fixed stride) instead of by stepping over the
// earlier elements. Every element of such arrays, and of arrays that almost
// qualify (one element of another size anywhere, empty containers, scalars
// beside containers), must read exactly as JSON.parse gives it: by path,
// through the lazy view, and through the per-array offset table that repeated
// reads build.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arena, parseLazy } from '../dist/index.mjs';
import { prng } from './support/random-json.mjs';

function shapes(random) {
  const n = 1 + Math.floor(random() * 90);
  const scalar = () => [1, -0.5, 'x', true, false, null, 1e21, '', 'é'][Math.floor(random() * 9)];
  const pair = () => [random() * 100, -random()];
  const record = () => ({ id: Math.floor(random() * 1000), name: 'n' + Math.floor(random() * 50), tags: [scalar(), scalar()] });
  const odd = [() => ({}), () => [], () => [1, 2, 3], () => ({ a: 1 }), () => 7, () => ({ id: 1, name: 'x', tags: [1] })];
  const base = [
    () => Array.from({ length: n }, scalar),
    () => Array.from({ length: n }, pair),
    () => Array.from({ length: n }, record),
    () => Array.from({ length: n }, () => []),
    () => Array.from({ length: n }, () => ({})),
    () => Array.from({ length: n }, () => [pair(), pair()]),
  ];
  const out = [];
  for (const make of base) {
    out.push(make());
    // The same with one element of another size at the start, the middle or the end.
    for (const where of [0, Math.floor(n / 2), n - 1]) {
      const array = make();
      array[where] = odd[Math.floor(random() * odd.length)]();
      out.push(array);
    }
  }
  return out;
}

test('every element of uniform and nearly uniform arrays reads as JSON.parse gives it', () => {
  const random = prng(20261127);
  const arena = new Arena();
  let reads = 0;
  for (let round = 0; round < 40; round++) {
    for (const array of shapes(random)) {
      const value = { a: array, after: 'end' };
      const text = JSON.stringify(value);
      const doc = arena.parse(text);
      const view = parseLazy(text);
      assert.equal(doc.get('a.#'), array.length);
      // Twice over: the second pass goes through the offset table when one is built.
      for (let pass = 0; pass < 2; pass++) {
        for (let i = 0; i < array.length; i++) {
          assert.deepEqual(doc.get(`a.${i}`), array[i], `a.${i} of ${text.slice(0, 120)}`);
          if (array[i] !== null && typeof array[i] === 'object' && 'id' in array[i]) assert.equal(doc.get(`a.${i}.id`), array[i].id);
          if (Array.isArray(array[i]) && array[i].length > 1) assert.deepEqual(doc.get(`a.${i}.1`), array[i][1]);
          reads++;
        }
      }
      assert.equal(doc.get(`a.${array.length}`), undefined);
      assert.equal(doc.get('after'), 'end');
      for (let i = array.length - 1; i >= 0; i -= 3) assert.deepEqual(view.a[i], array[i]);
      assert.deepEqual(view, value);
      arena.reset();
    }
  }
  assert.ok(reads > 10000);
});
