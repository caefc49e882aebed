// metrics() moves with the work, and metrics.prometheus() is valid Prometheus
// text. (node --test runs each file in its own process, so the counters start
// from this file's work; deltas keep the checks independent of order.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arena, get, getRaw, metrics } from '../dist/index.mjs';

const delta = (before, after) => Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));

test('arena creation, parses, errors, resets and frees move the counters by exactly the work done', () => {
  const before = metrics();
  const arena = new Arena();
  const texts = ['{"a":1}', '[1,2,3,"é"]', Buffer.from('{"b":[true,false,null]}')];
  for (const text of texts) arena.parse(text);
  const bytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0);
  const mid = metrics();
  assert.deepEqual(
    { created: mid.arenasCreated - before.arenasCreated, live: mid.arenasLive - before.arenasLive, docs: mid.documentsParsed - before.documentsParsed, bytes: mid.bytesParsed - before.bytesParsed },
    { created: 1, live: 1, docs: 3, bytes },
  );
  assert.equal(mid.bytesReserved - before.bytesReserved, arena.stats.bytesReserved);
  assert.equal(mid.bytesUsed - before.bytesUsed, arena.stats.bytesUsed);

  assert.throws(() => arena.parse('{"broken":'), { code: 'ERR_JSON_SYNTAX' });
  assert.throws(() => arena.parse('[1,]'), { code: 'ERR_JSON_SYNTAX' });
  arena.reset();
  arena.reset();
  const afterReset = metrics();
  assert.equal(afterReset.parseErrors - mid.parseErrors, 2);
  assert.equal(afterReset.resets - mid.resets, 2);
  assert.equal(afterReset.bytesUsed, before.bytesUsed, 'reset gives the used bytes back');
  assert.equal(afterReset.bytesReserved - before.bytesReserved, arena.stats.bytesReserved, 'reset keeps the chunks');

  arena.free();
  const after = metrics();
  assert.deepEqual(
    { freed: after.arenasFreed - before.arenasFreed, live: after.arenasLive - before.arenasLive, reserved: after.bytesReserved - before.bytesReserved, used: after.bytesUsed - before.bytesUsed },
    { freed: 1, live: 0, reserved: 0, used: 0 },
  );
});

test('one-shot get/getRaw count as parsed documents; failed frees and stale reads count nothing', () => {
  const before = metrics();
  assert.equal(get('{"x":{"y":5}}', 'x.y'), 5);
  assert.equal(getRaw('[1,2]', '1'), '2');
  const arena = new Arena();
  const doc = arena.parse('{}');
  arena.reset();
  assert.throws(() => doc.get('a'), { code: 'ERR_ARENA_STALE' });
  arena.free();
  assert.throws(() => arena.free(), { code: 'ERR_ARENA_FREED' });
  const change = delta(before, metrics());
  assert.equal(change.documentsParsed, 3);
  assert.equal(change.arenasFreed, 1);
  assert.equal(change.resets, 1);
  assert.equal(change.parseErrors, 0);
});

test('the counters never go backwards and the gauges add up, across a random workload', () => {
  let seed = 99;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const counters = ['arenasCreated', 'arenasFreed', 'documentsParsed', 'bytesParsed', 'parseErrors', 'resets', 'transfers'];
  let last = metrics();
  const arenas = [];
  for (let step = 0; step < 400; step++) {
    const roll = random();
    if (roll < 0.1 || arenas.length === 0) arenas.push(new Arena({ initialSize: 4096 }));
    else if (roll < 0.15) arenas.splice(Math.floor(random() * arenas.length), 1)[0].free();
    else if (roll < 0.25) arenas[Math.floor(random() * arenas.length)].reset();
    else {
      const arena = arenas[Math.floor(random() * arenas.length)];
      try { arena.parse(random() < 0.1 ? '[' : JSON.stringify({ step, pad: 'p'.repeat(Math.floor(random() * 5000)) })); } catch {}
    }
    const now = metrics();
    for (const name of counters) assert.ok(now[name] >= last[name], `${name} went backwards`);
    assert.equal(now.arenasLive, now.arenasCreated - now.arenasFreed);
    const reserved = arenas.reduce((sum, a) => sum + a.stats.bytesReserved, 0);
    const used = arenas.reduce((sum, a) => sum + a.stats.bytesUsed, 0);
    assert.equal(now.bytesReserved, reserved, `step ${step}: bytesReserved`);
    assert.equal(now.bytesUsed, used, `step ${step}: bytesUsed`);
    last = now;
  }
  for (const arena of arenas) arena.free();
  assert.equal(metrics().bytesReserved, 0);
});

test('metrics.prometheus() is valid text exposition: HELP and TYPE before each arenajson_ sample', () => {
  const arena = new Arena();
  arena.parse('[1]');
  const text = metrics.prometheus();
  const values = metrics();
  arena.free();
  assert.ok(text.endsWith('\n'));
  const lines = text.trimEnd().split('\n');
  const seen = new Map();
  for (let i = 0; i < lines.length; i += 3) {
    const help = /^# HELP (arenajson_[a-z_]+) \S.*$/.exec(lines[i]);
    assert.ok(help, `line ${i + 1}: ${lines[i]}`);
    const name = help[1];
    const type = new RegExp(`^# TYPE ${name} (counter|gauge)$`).exec(lines[i + 1]);
    assert.ok(type, `line ${i + 2}: ${lines[i + 1]}`);
    if (type[1] === 'counter') assert.match(name, /_total$/, 'counters end in _total');
    const sample = new RegExp(`^${name} (-?\\d+(\\.\\d+)?(e[+-]?\\d+)?)$`).exec(lines[i + 2]);
    assert.ok(sample, `line ${i + 3}: ${lines[i + 2]}`);
    assert.ok(!seen.has(name), `${name} twice`);
    seen.set(name, Number(sample[1]));
  }
  assert.equal(seen.get('arenajson_arenas_created_total'), values.arenasCreated);
  assert.equal(seen.get('arenajson_arenas_live'), values.arenasLive);
  assert.equal(seen.get('arenajson_documents_parsed_total'), values.documentsParsed);
  for (const name of ['arenas_created_total', 'arenas_freed_total', 'arenas_live', 'bytes_reserved', 'bytes_used', 'documents_parsed_total', 'parsed_bytes_total', 'parse_errors_total', 'arena_resets_total']) {
    assert.ok(seen.has('arenajson_' + name), `missing arenajson_${name}`);
  }
});
