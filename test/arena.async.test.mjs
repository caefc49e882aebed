// arena.parseAsync and parseLazyAsync: the parse runs on the libuv thread
// pool. Results equal JSON.parse; errors are arena.parse's; the event loop
// keeps ticking during a large parse; an AbortSignal stops the work; the
// arena is pinned while work is in flight (misuse throws ERR_ARENA_BUSY, in
// child processes so a use-after-free would be a crash, not a pass).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Arena, AbortError, JsonSyntaxError, parseLazyAsync, materialize, release } from '../dist/index.mjs';
import { assertSameJson, corpusDir, corpusFiles } from './support/oracle.mjs';
import { entry, entryCjs, expectClean, runChild } from './support/child.mjs';

test('parseAsync gives what JSON.parse gives, for strings, Buffers and Uint8Arrays', async () => {
  const arena = new Arena();
  for (const file of corpusFiles) {
    const bytes = readFileSync(join(corpusDir, file));
    const expected = JSON.parse(bytes.toString('utf8'));
    assertSameJson((await arena.parseAsync(bytes)).toJS(), expected, file);
    assertSameJson((await arena.parseAsync(bytes.toString('utf8'))).toJS(), expected, file);
    assertSameJson((await arena.parseAsync(new Uint8Array(bytes))).toJS(), expected, file);
    arena.reset();
  }
  for (const text of ['0', '-0', '"a\\ud800"', '[]', '{"a":[1,{"b":null}]}', ' \n1e400 ', '"\u{1F600}"']) {
    assertSameJson((await arena.parseAsync(text)).toJS(), JSON.parse(text), text);
  }
  arena.free();
});

test('parseAsync rejects as parse throws: SyntaxError with position, invalid UTF-8 read as its decoding', async () => {
  const arena = new Arena();
  for (const text of ['[1,]', '{"a":', '', 'nul', '"\\x"', '[1] 2']) {
    let expected;
    try {
      arena.parse(text);
    } catch (error) {
      expected = error;
    }
    await assert.rejects(arena.parseAsync(text), (error) => {
      assert.ok(error instanceof JsonSyntaxError);
      assert.equal(error.message, expected.message);
      assert.equal(error.position, expected.position);
      return true;
    });
    await assert.rejects(arena.parseAsync(Buffer.from(text)), JsonSyntaxError);
  }
  const invalid = Buffer.from([0x5b, 0x22, 0xff, 0xc3, 0x22, 0x5d]);
  assertSameJson((await arena.parseAsync(invalid)).toJS(), JSON.parse(invalid.toString('utf8')));
  const broken = Buffer.from([0x5b, 0x31, 0x2c, 0xff, 0xfe]);
  const expected = (() => { try { arena.parse(broken); } catch (error) { return error; } })();
  await assert.rejects(arena.parseAsync(broken), { name: 'SyntaxError', message: expected.message, position: expected.position });
  await assert.rejects(arena.parseAsync(42), { code: 'ERR_INVALID_ARG' });
  await assert.rejects(arena.parseAsync('1', { signal: 'no' }), { code: 'ERR_INVALID_ARG' });
  // After every failure the arena is usable and holds nothing of the failed parses.
  assert.equal(arena.documents().length, 1);
  arena.free();
});

test('the event loop keeps ticking while a ~50 MB document parses', async () => {
  const row = JSON.stringify({ id: 1, name: 'row name with some text', tags: ['a', 'b', 'c'], value: 3.25, nested: { x: [1, 2, 3], y: null } });
  const count = Math.ceil((50 << 20) / (row.length + 1));
  const big = Buffer.from('[' + Array.from({ length: count }, () => row).join(',') + ']');
  const arena = new Arena({ initialSize: big.length * 2 });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const started = ticks;
  const doc = await arena.parseAsync(big);
  clearInterval(timer);
  // No timing assertion: only that timers ran while the pool thread parsed.
  assert.ok(ticks - started >= 3, `the interval fired ${ticks - started} times during the parse`);
  assert.equal(doc.query('#').toJS(), count);
  assert.deepEqual(doc.get(`${count - 1}.nested.x`), [1, 2, 3]);
  arena.free();
});

test('many concurrent parses on different arenas all settle with the right documents', async () => {
  const texts = Array.from({ length: 40 }, (_, i) => JSON.stringify({ i, items: Array.from({ length: i * 50 }, (_, k) => ({ k, s: `v${k}` })) }));
  const arenas = texts.map(() => new Arena());
  const docs = await Promise.all(texts.map((text, i) => arenas[i].parseAsync(i % 2 ? Buffer.from(text) : text)));
  docs.forEach((doc, i) => assertSameJson(doc.toJS(), JSON.parse(texts[i]), `doc ${i}`));
  // Concurrent failures and successes mixed.
  const mixed = await Promise.allSettled(arenas.map((arena, i) => arena.parseAsync(i % 3 === 0 ? '[1,' : '[1]')));
  mixed.forEach((outcome, i) => assert.equal(outcome.status, i % 3 === 0 ? 'rejected' : 'fulfilled'));
  for (const arena of arenas) arena.free();
});

test('an AbortSignal aborted before the call rejects at once with an AbortError; the arena is untouched', async () => {
  const arena = new Arena();
  const controller = new AbortController();
  controller.abort(new Error('reason'));
  const before = arena.stats.bytesUsed;
  await assert.rejects(arena.parseAsync('[1,2,3]', { signal: controller.signal }), (error) => {
    assert.ok(error instanceof AbortError);
    assert.equal(error.name, 'AbortError');
    assert.equal(error.code, 'ABORT_ERR');
    assert.equal(error.cause.message, 'reason');
    return true;
  });
  assert.equal(arena.stats.bytesUsed, before);
  await assert.rejects(parseLazyAsync('{}', { signal: controller.signal }), AbortError);
  assert.deepEqual((await arena.parseAsync('[1]')).toJS(), [1]);
  arena.free();
});

test('aborting while the parse is queued or running rejects with an AbortError and rolls the arena back', async () => {
  const big = Buffer.from(JSON.stringify(Array.from({ length: 200000 }, (_, i) => ({ i, s: 'x'.repeat(i % 17) }))));
  const arena = new Arena();
  const used = arena.stats.bytesUsed;
  let aborted = 0;
  for (let round = 0; round < 20; round++) {
    const controller = new AbortController();
    const promise = arena.parseAsync(big, { signal: controller.signal });
    // Abort right away (usually still queued) or a little later (usually running).
    if (round % 2 === 0) controller.abort();
    else setTimeout(() => controller.abort(), round % 4);
    try {
      await promise;
      arena.reset();  // finished before the abort: fine
    } catch (error) {
      assert.ok(error instanceof AbortError, String(error));
      aborted++;
    }
    assert.equal(arena.stats.documents, 0);
    assert.equal(arena.stats.bytesUsed, used);
  }
  assert.ok(aborted >= 10);
  // Aborting after the promise settled does nothing.
  const controller = new AbortController();
  const doc = await arena.parseAsync('[7]', { signal: controller.signal });
  controller.abort();
  assert.deepEqual(doc.toJS(), [7]);
  arena.free();
});

test('parseLazyAsync gives a lazy view that reads like JSON.parse', async () => {
  const text = readFileSync(join(corpusDir, 'twitter.json'), 'utf8');
  const view = await parseLazyAsync(Buffer.from(text));
  assert.equal(view.statuses[3].user.screen_name, JSON.parse(text).statuses[3].user.screen_name);
  assertSameJson(materialize(view), JSON.parse(text));
  assert.equal(release(view), true);
  assert.equal(await parseLazyAsync('12'), 12);
  await assert.rejects(parseLazyAsync('[1,'), JsonSyntaxError);
});

const prelude = `
import { Arena, parseLazyAsync } from ${JSON.stringify(entry)};
const codeOf = (fn) => { try { fn(); return 'no error'; } catch (error) { return error.code ?? error.name; } };
const report = (value) => console.log('result:' + JSON.stringify(value));
const big = Buffer.from(JSON.stringify(Array.from({ length: 300000 }, (_, i) => ({ i, s: 'abc' }))));
`;

test('misuse while a parse is in flight throws ERR_ARENA_BUSY and never touches the pinned memory (child process)', () => {
  const result = expectClean(
    runChild(
      prelude +
        `
const arena = new Arena();
const first = arena.parse('{"kept":[1,2]}');
const statsBefore = arena.stats;
const pending = arena.parseAsync(big);
const codes = {
  reset: codeOf(() => arena.reset()),
  free: codeOf(() => arena.free()),
  transfer: codeOf(() => arena.transfer()),
  parse: codeOf(() => arena.parse('[1]')),
  parseLines: codeOf(() => arena.parseLines('1\\n2')),
  object: codeOf(() => arena.object()),
  get: codeOf(() => first.get('kept')),
  toJS: codeOf(() => first.toJS()),
  set: codeOf(() => first.set('x', 1)),
  stringify: codeOf(() => first.stringify()),
  documents: codeOf(() => arena.documents()),
  dispose: codeOf(() => arena[Symbol.dispose]()),
};
let second = 'no error';
await arena.parseAsync('[2]').catch((error) => { second = error.code; });
const statsDuring = arena.stats;
const doc = await pending;
report({ codes, second, sameStats: statsDuring.bytesUsed === statsBefore.bytesUsed,
  after: [doc.get('#'), first.get('kept.1'), arena.documents().length] });
arena.reset();
arena.free();
`,
    ),
  );
  for (const [name, code] of Object.entries(result.codes)) assert.equal(code, 'ERR_ARENA_BUSY', name);
  assert.equal(result.second, 'ERR_ARENA_BUSY');
  assert.ok(result.sameStats);
  assert.deepEqual(result.after, [300000, 2, 2]);
});

test('an arena dropped with a parse in flight stays alive until the work ends, then is collected (child process)', () => {
  const result = expectClean(
    runChild(
      prelude +
        `
const results = [];
for (let i = 0; i < 8; i++) {
  new Arena().parseAsync(big).then((doc) => results.push(doc.get('#')), (error) => results.push(error.code));
  globalThis.gc();
}
await new Promise((resolve) => setTimeout(resolve, 50));
for (let i = 0; i < 20 && results.length < 8; i++) { globalThis.gc(); await new Promise((resolve) => setTimeout(resolve, 50)); }
globalThis.gc();
report(results);
`,
      { args: ['--expose-gc'] },
    ),
  );
  assert.deepEqual(result, Array(8).fill(300000));
});

test('a worker that exits or is terminated with parses in flight does not crash the process (child process)', () => {
  const result = expectClean(
    runChild(
      prelude +
        `
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';
const source = \`
const { Arena } = require(${JSON.stringify(JSON.stringify(entryCjs)).slice(1, -1)});
const { parentPort } = require('node:worker_threads');
const big = Buffer.from(JSON.stringify(Array.from({ length: 300000 }, (_, i) => ({ i }))));
for (let i = 0; i < 4; i++) new Arena().parseAsync(big);
parentPort.postMessage('started');
\`;
let exits = 0;
for (let round = 0; round < 4; round++) {
  const worker = new Worker(source, { eval: true, execArgv: [] });
  await once(worker, 'message');
  if (round % 2 === 0) await worker.terminate(); else await once(worker, 'exit');
  exits++;
}
report({ exits });
`,
    ),
  );
  assert.deepEqual(result, { exits: 4 });
});

test('aborting in flight from a busy loop of abort and reuse leaves no pinned arena (child process)', () => {
  const result = expectClean(
    runChild(
      prelude +
        `
const arena = new Arena();
let outcomes = { ok: 0, aborted: 0 };
for (let i = 0; i < 50; i++) {
  const controller = new AbortController();
  const promise = arena.parseAsync(i % 2 ? big : big.toString(), { signal: controller.signal });
  queueMicrotask(() => controller.abort());
  try { await promise; outcomes.ok++; arena.reset(); } catch (error) { if (error.code !== 'ABORT_ERR') throw error; outcomes.aborted++; }
}
arena.free();
report({ total: outcomes.ok + outcomes.aborted, freed: codeOf(() => arena.reset()) });
`,
    ),
  );
  assert.deepEqual(result, { total: 50, freed: 'ERR_ARENA_FREED' });
});
