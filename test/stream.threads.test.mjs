// lines() and query() over a Piscina pool: the same documents, values and
// invalid-line reports, in input order, as on one thread, at any pool size;
// every arena handed between threads is freed at the end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { lines, metrics, query } from '../dist/index.mjs';
import { entryCjs } from './support/child.mjs';

let seed = 11;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

// About 600 KB of NDJSON with a few invalid lines and blank lines.
const rows = [];
for (let i = 0; i < 6000; i++) {
  const r = random();
  if (r < 0.002) rows.push('{"broken":');
  else if (r < 0.01) rows.push('');
  else rows.push(JSON.stringify({ i, name: `n${i}`, tags: ['a', 'é', String(i % 7)], nested: { v: random() } }));
}
const text = rows.join('\n') + '\n';
const chunks = [];
for (let at = 0; at < text.length; at += 4093) chunks.push(text.slice(at, at + 4093));

async function run(threads, batchBytes) {
  const events = [];
  const onInvalidLine = (error) => events.push(`bad line ${error.line} at ${error.offset}: ${error.code}`);
  for await (const doc of lines(chunks, { threads, batchBytes, onInvalidLine })) events.push(doc.stringify());
  return events;
}

test('lines() gives the same documents and reports at 1, 2 and 3 threads, and frees every arena', async () => {
  const live = metrics().arenasLive;
  const one = await run(1, 16 << 10);
  assert.equal(one.filter((e) => e.startsWith('bad')).length > 0, true);
  assert.deepStrictEqual(one.filter((e) => !e.startsWith('bad')), rows.filter((r) => r !== '' && r !== '{"broken":'));
  for (const threads of [2, 3]) assert.deepStrictEqual(await run(threads, 16 << 10), one, `${threads} threads`);
  assert.equal(metrics().arenasLive, live);
});

test('query() gives the same values at 1 and 2 threads, and the first invalid line stops both the same way', async () => {
  const collect = async (threads) => {
    const out = [];
    for await (const value of query(chunks, ['i', 'tags.1', 'nested.v'], { threads, batchBytes: 8 << 10, onInvalidLine: (e) => out.push(e.line) })) out.push(value);
    return out;
  };
  assert.deepStrictEqual(await collect(2), await collect(1));
  // Missing values stay undefined (not null) when they come from a worker.
  const sparse = async (threads, paths) => {
    const out = [];
    for await (const value of query(chunks, paths, { threads, batchBytes: 8 << 10, onInvalidLine: () => {} })) out.push(value);
    return out;
  };
  for (const paths of [['i', 'nope', 'tags.9', 'name'], 'nope', 'tags.2']) {
    const two = await sparse(2, paths);
    assert.deepStrictEqual(two, await sparse(1, paths));
    assert.ok(two.length > 5000);
  }
  assert.ok((await sparse(2, ['nope'])).every(([value]) => value === undefined));
  const stops = [];
  for (const threads of [1, 2]) {
    let count = 0;
    try {
      for await (const value of query(chunks, 'i', { threads, batchBytes: 8 << 10 })) count += value === undefined ? 0 : 1;
    } catch (error) {
      stops.push([count, error.code, error.line, error.offset]);
    }
  }
  assert.equal(stops.length, 2);
  assert.deepStrictEqual(stops[1], stops[0]);
});

test('a Doc from a worker reads in full while its batch is current; breaking out early still frees everything', async () => {
  const live = metrics().arenasLive;
  let n = 0;
  for await (const doc of lines(chunks.slice(0, 40), { threads: 2, batchBytes: 4 << 10, onInvalidLine: () => {} })) {
    assert.equal(doc.get('tags.1'), 'é');
    assert.deepStrictEqual(Object.keys(doc.toJS()), ['i', 'name', 'tags', 'nested']);
    if (++n === 100) break;
  }
  assert.equal(n, 100);
  assert.equal(metrics().arenasLive, live);
});

test('loading the package does not load the pool; a stream that stays short never starts it', () => {
  const child = spawnSync(process.execPath, ['-e', `
const { lines } = require(${JSON.stringify(entryCjs)});
const loaded = () => Object.keys(require.cache).some((name) => name.includes('piscina'));
const before = loaded();
(async () => {
  for await (const doc of lines(['{"a":1}\\n{"a":2}\\n'], { threads: 4 })) doc.get('a');
  console.log(JSON.stringify([before, loaded()]));
})();`], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.deepStrictEqual(JSON.parse(child.stdout), [false, false]);
});

test('read options reach the documents on every thread: bigint and proto', async () => {
  const big = '{"n":12345678901234567890,"__proto__":{"x":1}}\n'.repeat(200);
  for (const threads of [1, 2]) {
    let count = 0;
    for await (const doc of lines([big], { threads, batchBytes: 1024, bigint: 'unsafe', proto: 'remove' })) {
      assert.equal(doc.get('n'), 12345678901234567890n);
      assert.deepStrictEqual(Object.keys(doc.toJS()), ['n']);
      count++;
    }
    assert.equal(count, 200);
    const values = [];
    for await (const value of query([big], 'n', { threads, batchBytes: 1024, bigint: 'unsafe' })) values.push(value);
    assert.ok(values.every((value) => value === 12345678901234567890n));
  }
});
