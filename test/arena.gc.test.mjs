// Arenas nobody frees: the finalizer releases them (RSS stays flat over
// hundreds of dropped arenas), with ARENAJSON_DEBUG=1 it names where each was
// created, and a parse -> query -> reset loop reserves nothing after its first
// pass. Runs in child processes with --expose-gc.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entry, expectClean, runChild } from './support/child.mjs';
import { corpusDir } from './support/oracle.mjs';

const sanitized = process.env.ARENAJSON_SANITIZED === '1';

const prelude = `
import { setImmediate as tick } from 'node:timers/promises';
import { readFileSync } from 'node:fs';
import { Arena, metrics } from ${JSON.stringify(entry)};
import { createRequire } from 'node:module';
const report = (value) => console.log('result:' + JSON.stringify(value));
async function collect() { for (let i = 0; i < 4; i++) { globalThis.gc(); await tick(); } }
`;

test('hundreds of dropped arenas are released by the finalizer; RSS stays flat', () => {
  const result = expectClean(
    runChild(
      prelude +
        `
const text = JSON.stringify(Array.from({ length: 20000 }, (_, i) => ({ i, name: 'item ' + i })));  // ~0.5 MB
function dropOne() { const arena = new Arena(); arena.parse(text).get('100.name'); }
for (let i = 0; i < 50; i++) dropOne();
await collect();
const baseRss = process.memoryUsage().rss;
const base = metrics();
let midRss = 0;
for (let i = 0; i < 600; i++) {
  dropOne();
  if (i % 50 === 49) await collect();
  if (i === 299) midRss = process.memoryUsage().rss;
}
await collect();
const after = metrics();
const rss = process.memoryUsage().rss;
report({ growthMB: (rss - baseRss) / 2 ** 20, secondHalfMB: (rss - midRss) / 2 ** 20, created: after.arenasCreated - base.arenasCreated,
  live: after.arenasLive, reservedMB: after.bytesReserved / 2 ** 20 });
`,
      { args: ['--expose-gc'] },
    ),
  );
  assert.equal(result.created, 600);
  // 600 arenas of ~3 MB each would be ~2 GB if none were released. (Under
  // AddressSanitizer freed memory sits in its quarantine, so RSS says nothing.)
  if (!sanitized) {
    assert.ok(result.growthMB < 64, `RSS grew ${result.growthMB.toFixed(1)} MB over 600 dropped arenas (${JSON.stringify(result)})`);
    assert.ok(result.secondHalfMB < 16, `RSS still growing: ${result.secondHalfMB.toFixed(1)} MB over the last 300 arenas`);
  }
  assert.ok(result.live < 60, `${result.live} arenas still live after GC`);
  assert.ok(result.reservedMB < 100, `${result.reservedMB} MB still reserved after GC`);
});

test('with ARENAJSON_DEBUG=1 a dropped arena prints a warning naming where it was created', () => {
  const source =
    prelude +
    `
function makeLeakyArenaHere() { new Arena().parse('{"leak":true}'); }
makeLeakyArenaHere();
const freed = new Arena(); freed.free();           // freed properly: no warning
const reset = new Arena(); reset.reset(); reset.free();
await collect();
report({ live: metrics().arenasLive });
`;
  const debug = runChild(source, { args: ['--expose-gc'], env: { ARENAJSON_DEBUG: '1' } });
  expectClean(debug, 'debug child');
  const warnings = debug.stderr.split('\n').filter((line) => line.includes('garbage-collected without free()'));
  assert.equal(warnings.length, 1, debug.stderr);
  assert.match(debug.stderr, /makeLeakyArenaHere/);
  assert.match(debug.stderr, /\[eval1\]|eval/);
  assert.equal(debug.result.live, 0);

  const quiet = runChild(source, { args: ['--expose-gc'], env: { ARENAJSON_DEBUG: '' } });
  expectClean(quiet, 'quiet child');
  assert.doesNotMatch(quiet.stderr, /garbage-collected/);
  assert.equal(quiet.result.live, 0);
});

test('an arena still referenced at exit, or freed and then collected, makes no noise and no crash', () => {
  const run = runChild(
    prelude +
      `
globalThis.kept = [new Arena(), new Arena({ initialSize: 1 << 20 })];
globalThis.kept[0].parse('[1,2,3]');
const gone = new Arena(); gone.parse('{}'); gone.free();
await collect();
report({ ok: true });
`,
    { args: ['--expose-gc'], env: { ARENAJSON_DEBUG: '1' } },
  );
  expectClean(run);
  assert.doesNotMatch(run.stderr, /garbage-collected/);
});

test('parse -> get -> reset on one arena reserves no new chunk after the first pass', () => {
  const result = expectClean(
    runChild(
      prelude +
        `
const files = ['twitter.json', 'citm_catalog.json', 'canada.json'].map((f) => readFileSync(${JSON.stringify(corpusDir)} + '/' + f));
const out = {};
for (const [name, inputs] of [['twitter', [files[0]]], ['mixed', files], ['strings', files.map(String)]]) {
  const arena = new Arena({ initialSize: 4096 });
  const seen = [];
  for (let round = 0; round < 30; round++) {
    for (const input of inputs) {
      const doc = arena.parse(input);
      doc.get('statuses.0.user.name'); doc.get('features.0.geometry.type'); doc.query('performances.#');
      doc.getRaw('search_metadata'); doc.get('statuses.#.id');
    }
    const { chunks, bytesReserved } = arena.stats;
    seen.push([chunks, bytesReserved]);
    arena.reset();
  }
  out[name] = seen;
  arena.free();
}
report(out);
`,
    ),
  );
  for (const [name, seen] of Object.entries(result)) {
    const [first, ...rest] = seen;
    assert.ok(first[0] >= 1);
    for (const [round, stats] of rest.entries()) assert.deepEqual(stats, first, `${name}: round ${round + 2} reserved more`);
  }
});

test('V8 is told the memory an arena wrote, not what it reserved; reset keeps it, free gives it back', () => {
  const result = expectClean(
    runChild(
      prelude +
        `
// A first chunk far larger than the document, so reserved and written differ a lot.
const text = JSON.stringify(Array.from({ length: 200000 }, (_, i) => [i, i / 7, -i]));
// What V8's collection heuristics see (process.memoryUsage() leaves it out).
const { binding } = createRequire(${JSON.stringify(entry)})('./binding.js');
const external = () => binding.externalMemory();
const arena = new Arena({ initialSize: 64 << 20 });
const before = external();
arena.parse(text);
const parsed = external() - before;
const stats = arena.stats;
arena.reset();
const afterReset = external() - before;
arena.parse(text);
const again = external() - before;
arena.free();
const afterFree = external() - before;
report({ parsed, afterReset, again, afterFree, used: stats.bytesUsed, reserved: stats.bytesReserved });
`,
    ),
  );
  const { parsed, afterReset, again, afterFree, used, reserved } = result;
  assert.ok(parsed >= used, `reported ${parsed} < ${used} bytes used`);
  assert.ok(parsed <= used + 64 * 1024, `reported ${parsed} for ${used} bytes used (${reserved} reserved)`);
  assert.ok(reserved - used > 1024 * 1024, `the document should leave reserved memory unwritten (${used} of ${reserved})`);
  assert.equal(afterReset, parsed, 'reset keeps the written chunks');
  assert.equal(again, parsed, 'a second parse into the same chunks writes nothing new');
  assert.equal(afterFree, 0);
});
