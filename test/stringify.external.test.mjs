// Long stringify results (1 MiB of text and more) are external strings whose
// characters live in spare-pool memory (native/binding/external_text.h).
// Their text must be exactly V8's in every width (ASCII, Latin-1, UTF-16
// with surrogate pairs and escapes), they must behave as any other string,
// and their memory must never be reused while a result is alive: not by
// later results, not by parseLazy, not after the pool is emptied. V8 is told
// of the memory while a result lives and untold when it is collected.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { Arena, parseLazy, stringify } from '../dist/index.mjs';
import { entry, entryCjs, expectClean, runChild } from './support/child.mjs';
import { prng } from './support/random-json.mjs';

const { binding } = createRequire(entryCjs)('./binding.js');

// A document of about `bytes` bytes whose strings draw from `alphabet`.
function bigDocument(seed, bytes, alphabet) {
  const random = prng(seed);
  const word = () => {
    let s = '';
    const n = 1 + Math.floor(random() * 24);
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)];
    return s;
  };
  const items = [];
  let size = 0;
  while (size < bytes) {
    const item = { id: Math.floor(random() * 1e9), [word()]: word(), tags: [word(), word()], x: random() * 1000 - 500, ok: random() < 0.5, none: null };
    items.push(item);
    size += JSON.stringify(item).length + 1;
  }
  return JSON.stringify({ seed, items }, null, seed % 2 ? 1 : undefined);
}

const alphabets = {
  ascii: 'abcdefghijklmnopqrstuvwxyz0123456789 "\\/\n\t',
  latin1: 'abcdefé ñøÿ¡ "\\\u0001\u007f',
  utf16: ['a', 'b', ' ', 'é', '中', '文', '\u2028', '\u2029', '😀', '𝄞', '"', '\\', '\u0000', '\ud800', '\udfff'],
};

test('long results equal JSON.stringify in every width, with and without a gap, and act as plain strings', () => {
  for (const [name, alphabet] of Object.entries(alphabets)) {
    for (const seed of [1, 2]) {
      const text = bigDocument(seed, 1.3 * 2 ** 20, alphabet);
      const value = JSON.parse(text);
      const arena = new Arena();
      const doc = arena.parse(Buffer.from(text));
      const before = binding.externalMemory();
      const out = doc.stringify();
      const told = binding.externalMemory() - before;
      const expected = JSON.stringify(value);
      assert.ok(out.length > 2 ** 19, `${name}/${seed}: the result is long (${out.length})`);
      assert.ok(out === expected, `${name}/${seed}: the text differs from JSON.stringify's`);
      // The characters live outside the heap and V8 was told of them.
      assert.ok(told >= out.length, `${name}/${seed}: ${told} bytes reported for ${out.length} characters`);
      for (const space of [2, '\t']) {
        assert.ok(doc.stringify({ space }) === JSON.stringify(value, null, space), `${name}/${seed}: space ${JSON.stringify(space)}`);
      }
      assert.ok(stringify(parseLazy(text)) === expected, `${name}/${seed}: stringify(view)`);
      // The string works as any other.
      assert.deepEqual(JSON.parse(out), value);
      assert.equal(out.slice(10, 50), expected.slice(10, 50));
      assert.equal((out + '!').length, expected.length + 1);
      assert.equal(out.indexOf('"items"'), expected.indexOf('"items"'));
      assert.ok(Buffer.from(out).equals(Buffer.from(expected)), `${name}/${seed}: UTF-8 bytes`);
      assert.equal(new Map([[out, 1]]).get(expected), 1);
      arena.free();
    }
  }
});

test('a result keeps its memory while alive: later results, parseLazy, collections and an emptied pool do not touch it', () => {
  const result = expectClean(
    runChild(
      `
import { createRequire } from 'node:module';
import { Arena, parseLazy } from ${JSON.stringify(entry)};
const { binding } = createRequire(${JSON.stringify(entryCjs)})('./binding.js');
import { prng } from ${JSON.stringify(new URL('./support/random-json.mjs', import.meta.url).href)};
const bigDocument = ${bigDocument.toString()};
const alphabets = ${JSON.stringify(alphabets)};
const texts = Object.values(alphabets).flatMap((a, i) => [bigDocument(10 + i, 1.2 * 2 ** 20, a), bigDocument(20 + i, 2.5 * 2 ** 20, a)]);
const expected = texts.map((t) => JSON.stringify(JSON.parse(t)));
const arena = new Arena();
const docs = texts.map((t) => arena.parse(t));
for (let i = 0; i < 3; i++) globalThis.gc();
const base = binding.externalMemory();
// The loop runs in a function, so that no result stays in a frame's registers.
function work() {
  const kept = [];
  let bad = 0;
  for (let round = 0; round < 120; round++) {
    const i = round % docs.length;
    const out = docs[i].stringify();
    if (out !== expected[i]) bad++;
    if (round % 20 === 0) kept.push([i, out]);            // some stay alive
    if (round % 7 === 0) parseLazy(texts[i]).items.length;  // pool memory also goes to parseLazy
    if (round % 10 === 9) globalThis.gc();
    if (round === 60) binding.releaseSpares();
    for (const [k, s] of kept) if (s !== expected[k]) bad++;
  }
  return { bad, keptOk: kept.length === 6 && kept.every(([k, s]) => s === expected[k]) };
}
const { bad, keptOk } = work();
for (let i = 0; i < 4; i++) globalThis.gc();
await new Promise((r) => setTimeout(r, 10));
for (let i = 0; i < 4; i++) globalThis.gc();
const after = binding.externalMemory();
console.log('result:' + JSON.stringify({ bad, keptOk, grew: after - base }));
`,
      { args: ['--expose-gc'] },
    ),
  );
  assert.equal(result.bad, 0, 'a result changed or differed');
  assert.ok(result.keptOk);
  // Collected results are untold.
  assert.ok(Math.abs(result.grew) < 2 ** 20, `external memory moved by ${result.grew} bytes`);
});

const workerSource = `
  const { parentPort, workerData: text } = require('node:worker_threads');
  const { Arena } = require(${JSON.stringify(entryCjs)});
  const arena = new Arena();
  const doc = arena.parse(text);
  globalThis.kept = [doc.stringify(), doc.stringify(), doc.stringify({ space: 2 })];
  parentPort.postMessage({ same: globalThis.kept[0] === JSON.stringify(JSON.parse(text)), copy: globalThis.kept[1] });
`;

test('results made in a worker that ends while they are alive, and at process exit, end cleanly', () => {
  const result = expectClean(
    runChild(
      `
import { Worker } from 'node:worker_threads';
import { prng } from ${JSON.stringify(new URL('./support/random-json.mjs', import.meta.url).href)};
const bigDocument = ${bigDocument.toString()};
const text = bigDocument(5, 1.5 * 2 ** 20, ${JSON.stringify(alphabets.utf16)});
const runs = [];
for (let i = 0; i < 3; i++) {
  runs.push(new Promise((resolve, reject) => {
    // A CommonJS worker (execArgv: not the parent's --input-type=module).
    const w = new Worker(${JSON.stringify(workerSource)}, { eval: true, execArgv: [], workerData: text });
    let message;
    w.on('message', (m) => { message = m; if (i === 1) w.terminate(); });
    w.on('error', reject);
    w.on('exit', () => resolve(message));
  }));
}
const messages = await Promise.all(runs);
globalThis.gc();
console.log('result:' + JSON.stringify({ same: messages.every((m) => m.same), lengths: messages.map((m) => m.copy.length) }));
`,
      { args: ['--expose-gc'] },
    ),
  );
  assert.equal(result.same, true);
  assert.equal(new Set(result.lengths).size, 1);
  assert.ok(result.lengths[0] > 2 ** 20);
});
