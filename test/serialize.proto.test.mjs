// proto 'remove' holds in every serialization: a value read with it writes
// exactly JSON.stringify(x.toJS(), null, space) — stringify, toBuffer,
// stringify(doc), stringify(doc.lazy()), of the document and of the values
// in it — on generated documents with poisoned keys in random places
// (escaped spellings, duplicates, constructor.prototype, nested, overridden).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arena, stringify } from '../dist/index.mjs';
import { prng, randomJsonText } from './support/random-json.mjs';

const poisons = [
  '"__proto__":{"isAdmin":true}', '"\\u005f_proto__":[1]', '"__proto__":null', '"constructor":{"prototype":{"x":1}}',
  '"constructor":{"prototype":null}', '"constructor":{"name":1}', '"constructor":1', '"__proto__":{"__proto__":{"a":1}}',
];

// A random document with poisoned members inserted into some of its objects.
function poisonedText(random) {
  let text = randomJsonText(random);
  if (!text.trimStart().startsWith('{')) text = `{"v":${text}}`;
  return text.replace(/\{/g, (brace, offset) => {
    if (random() < 0.5 || text[offset - 1] === '\\') return brace;
    const poison = poisons[Math.floor(random() * poisons.length)];
    return brace + poison + ',';
  }).replace(/,\}/g, '}');
}

const spaces = [undefined, 2, '\t'];

test('every serialization of a proto remove value is JSON.stringify of its toJS()', () => {
  const random = prng(1707);
  let compared = 0;
  let withPoison = 0;
  for (let round = 0; round < 300; round++) {
    const text = poisonedText(random);
    try {
      JSON.parse(text);
    } catch {
      continue;  // the insertion landed inside a string: not JSON
    }
    const arena = new Arena();
    for (const options of [{ proto: 'remove' }, { proto: 'remove', bigint: 'always' }]) {
      const doc = arena.parse(text, options);
      if (text.includes('proto')) withPoison++;
      const values = [doc, ...[...doc.entries()].map(([, value]) => value)];
      for (const value of values) {
        for (const space of spaces) {
          const want = stringify(value.toJS(), null, space, { bigint: options.bigint !== undefined });
          assert.equal(value.stringify({ space }), want, text);
          assert.equal(value.toBuffer({ space }).toString(), want, text);
          assert.equal(stringify(value, null, space, { bigint: options.bigint !== undefined }), want, text);
          compared += 3;
        }
      }
      const bigint = options.bigint !== undefined;
      for (const space of spaces) assert.equal(stringify(doc.lazy(), null, space, { bigint }), stringify(doc.toJS(), null, space, { bigint }), text);
      compared++;
    }
    arena.free();
  }
  assert.ok(compared > 1000 && withPoison > 100, `${compared} comparisons, ${withPoison} poisoned`);
});

test('a built object that takes a proto remove value writes it as it reads, never its dropped keys', () => {
  const random = prng(2711);
  let compared = 0;
  let dropped = 0;
  for (let round = 0; round < 200; round++) {
    const text = poisonedText(random);
    try {
      JSON.parse(text);
    } catch {
      continue;
    }
    const arena = new Arena();
    for (const options of [{ proto: 'remove' }, { proto: 'remove', bigint: 'always' }]) {
      const bigint = options.bigint !== undefined;
      const doc = arena.parse(text, options);
      const values = [doc, ...[...doc.entries()].map(([, value]) => value)];
      const kept = arena.parse(text, { ...options, proto: 'keep' });
      const keptValues = [kept, ...[...kept.entries()].map(([, value]) => value)];
      for (const [index, value] of values.entries()) {
        if (keptValues[index].stringify() !== value.stringify()) dropped++;  // the source holds keys remove drops
        const lazy = doc.lazy();
        for (const taken of [value, value === doc ? lazy : undefined].filter(Boolean)) {
          const built = arena.object().set('a', 1).set('v', taken).set('list.-1', taken);
          const want = stringify({ a: 1, v: value.toJS(), list: [value.toJS()] }, null, undefined, { bigint });
          assert.equal(stringify(built, null, undefined, { bigint }), want, text);
          if (!bigint) assert.equal(built.toBuffer().toString(), want, text);
          compared++;
        }
      }
    }
    arena.free();
  }
  assert.ok(compared > 500 && dropped > 100, `${compared} comparisons, ${dropped} poisoned`);
});
