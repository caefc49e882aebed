// lines() and query() against JSON.parse of each line, with the stream cut at
// every byte offset: lines split across chunks, CRLF, blank lines, a byte
// order mark, multi-byte characters split in two, no newline at the end,
// batches smaller than a line, and files read straight into batch memory.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { lines, query } from '../dist/index.mjs';

const sample =
  '\uFEFF{"id":1,"name":"Ada","tags":["x","y"]}\r\n' +
  '\n' +
  '   \t \r\n' +
  '{"id":2,"name":"B\u00e9la \u{1F600}","nested":{"deep":[1,2,{"k":null}]}}\n' +
  '[1,2.5,-0,1e400]\n' +
  '"just a string"\n' +
  '{"id":3,"name":"\u4e2d\u6587"}';

/** What JSON.parse makes of each line that holds something. */
function expected(text) {
  return text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .filter((line) => line.replace(/[ \t\r]/g, '') !== '')
    .map((line) => JSON.parse(line));
}

async function collect(source, options) {
  const out = [];
  for await (const doc of lines(source, options)) out.push(doc.toJS());
  return out;
}

const bytes = Buffer.from(sample, 'utf8');
const want = expected(sample);

test('a stream cut in two at every byte offset gives the documents JSON.parse gives', async () => {
  for (let cut = 0; cut <= bytes.length; cut++) {
    const got = await collect([bytes.subarray(0, cut), bytes.subarray(cut)]);
    assert.deepStrictEqual(got, want, `cut at ${cut}`);
  }
});

test('one-byte chunks, and batches smaller than a line, change nothing', async () => {
  const chunks = [...bytes].map((byte) => Buffer.from([byte]));
  for (const batchBytes of [1, 2, 7, 64, 1 << 20]) {
    assert.deepStrictEqual(await collect(chunks, { batchBytes }), want, `batchBytes ${batchBytes}`);
    assert.deepStrictEqual(await collect(Readable.from(chunks), { batchBytes }), want, `Readable, batchBytes ${batchBytes}`);
  }
});

test('string chunks and Uint8Array chunks read like Buffers', async () => {
  assert.deepStrictEqual(await collect([sample.slice(0, 10), sample.slice(10)]), want);
  assert.deepStrictEqual(await collect([new Uint8Array(bytes)]), want);
});

test('a file is read the same way, at any batch size', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'arenajson-stream-'));
  try {
    const file = join(dir, 'sample.ndjson');
    writeFileSync(file, bytes);
    for (const batchBytes of [1, 3, 16, 50, 1 << 20]) {
      assert.deepStrictEqual(await collect(file, { batchBytes }), want, `batchBytes ${batchBytes}`);
    }
    // Only a byte order mark, or nothing at all.
    writeFileSync(file, '\uFEFF');
    assert.deepStrictEqual(await collect(file), []);
    writeFileSync(file, '');
    assert.deepStrictEqual(await collect(file), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('query() yields the values at the paths per document, undefined where a path has none', async () => {
  const values = [];
  for await (const value of query([bytes], 'name')) values.push(value);
  assert.deepStrictEqual(values, want.map((doc) => doc?.name));
  const pairs = [];
  for await (const value of query([bytes], ['id', 'nested.deep.2.k', '1'], { batchBytes: 5 })) pairs.push(value);
  assert.deepStrictEqual(pairs, want.map((doc) => [doc?.id, doc?.nested?.deep?.[2]?.k, Array.isArray(doc) ? doc[1] : undefined]));
  const raw = [];
  for await (const value of query([bytes], 'nested', { raw: true })) raw.push(value);
  assert.deepStrictEqual(raw, want.map((doc) => (doc?.nested === undefined ? undefined : JSON.stringify(doc.nested))));
});

test('random NDJSON at random chunk sizes matches JSON.parse line by line', async () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = (list) => list[Math.floor(random() * list.length)];
  const value = (depth) => {
    const kind = depth > 3 ? pick(['n', 's', 'b']) : pick(['n', 's', 'b', 'a', 'o']);
    if (kind === 'n') return pick([0, -1, 3.25, 1e21, 123456789012, -0.5]);
    if (kind === 's') return pick(['', 'a b', 'q"uote', 'back\\slash', 'é', '\u2028', 'tab\t', '😀']);
    if (kind === 'b') return pick([true, false, null]);
    if (kind === 'a') return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, (_, i) => [pick(['k', 'é', '10', 'a b']) + i, value(depth + 1)]));
  };
  const docs = Array.from({ length: 300 }, () => value(0));
  const text = docs.map((doc) => JSON.stringify(doc, null, random() < 0.2 ? undefined : 0)).join(pick(['\n', '\r\n'])) + '\n';
  const all = Buffer.from(text);
  const chunks = [];
  for (let at = 0; at < all.length; ) {
    const size = 1 + Math.floor(random() * 200);
    chunks.push(all.subarray(at, at + size));
    at += size;
  }
  assert.deepStrictEqual(await collect(chunks, { batchBytes: 300 }), docs);
});
