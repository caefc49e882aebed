// Streams that try to break lines(): a 50 MB line, a million empty lines,
// invalid UTF-8, invalid lines, a stream that fails half-way, an early
// break, and a fast producer that must be held back (back-pressure).
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { lines, metrics, query } from '../dist/index.mjs';
import { entry, expectClean, runChild } from './support/child.mjs';

async function collect(source, options) {
  const out = [];
  for await (const doc of lines(source, options)) out.push(doc.toJS());
  return out;
}

async function failure(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected an error');
}

test('a 50 MB line between small ones, in 64 KB chunks, in a child process', () => {
  const result = expectClean(
    runChild(`
import { lines } from ${JSON.stringify(entry)};
const big = '{"s":"' + 'x'.repeat(50 << 20) + '","n":1}';
const text = Buffer.from('{"a":1}\\n' + big + '\\n{"a":2}\\n');
async function* chunks() { for (let at = 0; at < text.length; at += 65536) yield text.subarray(at, at + 65536); }
const seen = [];
let reservedAfter;
for await (const doc of lines(chunks(), { batchBytes: 1 << 20 })) {
  const s = doc.get('s');
  seen.push(s === undefined ? doc.get('a') : s.length);
  if (seen.length === 3) reservedAfter = doc.arena.stats.bytesReserved;
}
console.log('result:' + JSON.stringify({ seen, reservedAfter }));
`),
  );
  assert.deepStrictEqual(result.seen, [1, 50 << 20, 2]);
  // The arena that held the long line is not kept for the small ones.
  assert.ok(result.reservedAfter < 64 << 20, `reserved ${result.reservedAfter}`);
});

test('a million empty lines (LF and CRLF) around two documents; line numbers count them', () => {
  const result = expectClean(
    runChild(`
import { lines } from ${JSON.stringify(entry)};
const text = '\\n'.repeat(500000) + '{"a":1}\\n' + '\\r\\n'.repeat(500000) + '{"a":2}\\n' + '\\n{"a":\\n';
const seen = [];
let error;
try {
  for await (const doc of lines([text])) seen.push(doc.get('a'));
} catch (e) { error = { code: e.code, line: e.line, offset: e.offset }; }
console.log('result:' + JSON.stringify({ seen, error, length: Buffer.byteLength(text) }));
`),
  );
  assert.deepStrictEqual(result.seen, [1, 2]);
  assert.deepStrictEqual(result.error, { code: 'ERR_JSON_SYNTAX', line: 1000004, offset: result.length - 1 });
});

test('invalid UTF-8 reads as buf.toString() does, U+FFFD for each bad sequence, also when split across chunks', async () => {
  const bytes = Buffer.concat([Buffer.from('{"s":"a'), Buffer.from([0xff, 0xe2, 0x82]), Buffer.from('b","t":"\u00e9"}\n["'), Buffer.from([0xc3]), Buffer.from('"]\n')]);
  const want = bytes.toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  for (let cut = 0; cut <= bytes.length; cut++) {
    assert.deepStrictEqual(await collect([bytes.subarray(0, cut), bytes.subarray(cut)]), want, `cut at ${cut}`);
  }
});

test('an invalid line is a SyntaxError with code, line number and byte offset; the lines before it are yielded', async () => {
  const text = '{"a":1}\n\n{"a":2}\n{"a":}\n{"a":3}\n';
  for (const batchBytes of [1, 8, 1 << 20]) {
    const seen = [];
    const error = await failure((async () => {
      for await (const doc of lines([text], { batchBytes })) seen.push(doc.get('a'));
    })());
    assert.ok(error instanceof SyntaxError);
    assert.equal(error.code, 'ERR_JSON_SYNTAX');
    assert.equal(error.line, 4);
    assert.equal(error.offset, text.indexOf('{"a":}') + 5);
    assert.equal(error.position, error.offset);
    assert.match(error.message, /line 4, byte 22/);
    assert.deepStrictEqual(seen, [1, 2]);
  }
});

test('two values on one line (`1,2`) are an invalid line, not two documents', async () => {
  const error = await failure(collect(['1\n2,3\n4\n']));
  assert.equal(error.code, 'ERR_JSON_SYNTAX');
  assert.equal(error.line, 2);
  const error2 = await failure(collect(['{"a":1} {"b":2}\n']));
  assert.equal(error2.line, 1);
});

test('with onInvalidLine, each invalid line is reported and skipped, in order', async () => {
  const text = 'true\n{"a":\n1,2\n\n[3]\n"unterminated\nnull';
  const events = [];
  for await (const doc of lines([text], { batchBytes: 4, onInvalidLine: (error) => events.push(`bad ${error.line}@${error.offset} ${error.code}`) })) {
    events.push(JSON.stringify(doc.toJS()));
  }
  assert.deepStrictEqual(events, ['true', 'bad 2@10 ERR_JSON_SYNTAX', 'bad 3@12 ERR_JSON_SYNTAX', '[3]', 'bad 6@33 ERR_JSON_SYNTAX', 'null']);
});

test('a stream that fails half-way: its error ends the loop after the documents before it, and the arena is freed', async () => {
  const live = metrics().arenasLive;
  let sent = 0;
  const stream = new Readable({
    read() {
      if (sent++ < 3) this.push(`{"n":${sent}}\n`);
      else this.destroy(Object.assign(new Error('disk on fire'), { code: 'EDISK' }));
    },
  });
  const seen = [];
  const error = await failure((async () => {
    for await (const doc of lines(stream, { batchBytes: 1 })) seen.push(doc.get('n'));
  })());
  assert.equal(error.code, 'EDISK');
  assert.deepStrictEqual(seen, [1, 2, 3]);
  assert.equal(metrics().arenasLive, live);
});

test('breaking out early destroys the stream, frees the arena, and a kept Doc then throws ERR_ARENA_FREED', async () => {
  const live = metrics().arenasLive;
  let produced = 0;
  const stream = new Readable({
    read() {
      this.push(`{"n":${produced++}}\n`.repeat(1000));
    },
  });
  let kept;
  for await (const doc of lines(stream)) {
    kept = doc;
    break;
  }
  assert.equal(stream.destroyed, true);
  assert.equal(metrics().arenasLive, live);
  assert.throws(() => kept.get('n'), { code: 'ERR_ARENA_FREED' });
  // An async iterable source is closed too (its return() runs).
  let closed = false;
  async function* endless() {
    try {
      for (;;) yield '{"x":1}\n';
    } finally {
      closed = true;
    }
  }
  for await (const value of query(endless(), 'x')) {
    assert.equal(value, 1);
    break;
  }
  assert.equal(closed, true);
});

test('a Doc stays usable until the iterator moves past its batch, then throws ERR_ARENA_STALE', async () => {
  const docs = [];
  const codes = [];
  for await (const doc of lines(['{"a":1}\n{"a":2}\n{"a":3}\n'], { batchBytes: 8 })) {
    for (const earlier of docs) {
      try {
        earlier.get('a');
        codes.push('ok');
      } catch (error) {
        codes.push(error.code);
      }
    }
    docs.push(doc);
  }
  assert.deepStrictEqual(codes, ['ERR_ARENA_STALE', 'ERR_ARENA_STALE', 'ERR_ARENA_STALE']);
});

test('back-pressure: a fast producer is read only as far as the consumer has come', async () => {
  let pushed = 0;
  const line = Buffer.from(`{"pad":"${'p'.repeat(1000)}"}\n`);
  const stream = new Readable({
    highWaterMark: 64 << 10,
    read() {
      this.push(line);
      pushed += line.length;
    },
  });
  let count = 0;
  for await (const doc of lines(stream, { batchBytes: 64 << 10 })) {
    doc.get('pad');
    if (++count === 2000) break;  // about 2 MB consumed
  }
  assert.ok(pushed < 4 << 20, `read ${pushed} bytes for 2 MB consumed`);
});

test('bad arguments are ERR_INVALID_ARG', async () => {
  await assert.rejects(collect(42), { code: 'ERR_INVALID_ARG' });
  await assert.rejects(collect([{}]), { code: 'ERR_INVALID_ARG' });
  await assert.rejects(collect(['1\n'], { threads: 0 }), { code: 'ERR_INVALID_ARG' });
  await assert.rejects(collect(['1\n'], { batchBytes: -1 }), { code: 'ERR_INVALID_ARG' });
  await assert.rejects((async () => {
    for await (const value of query(['1\n'], [1])) assert.fail(value);
  })(), { code: 'ERR_INVALID_ARG' });
});
