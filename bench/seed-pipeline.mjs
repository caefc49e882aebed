// npm run bench:seed -- --size=5mb --count=1000: the seed pipeline repeated,
// parse → project → serialize, the arena way and the plain-JS way side by side:
// p50/p99 latency, GC events and pause, heap and external memory growth.
//
// options: --size= --fields= --seed= (the document), --count= (iterations,
// default 1000), --project= (fields projected, default 1000), --clock=cpu|wall,
// --json, --no-build
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { loadApi } from './lib/api.mjs';
import { parseOptions, plainErrors } from './lib/cli.mjs';
import { describeMachine } from './lib/context.mjs';
import { loadDocuments } from './lib/documents.mjs';
import { hasArenaObject } from './lib/features.mjs';
import { bytes, duration, table } from './lib/format.mjs';
import { clocks, collectGarbage } from './lib/measure.mjs';
import { arenaPipeline, arenaReadPipeline, plainPipeline } from './lib/pipeline.mjs';

const positive = (name) => (text) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
};
plainErrors();
const options = parseOptions(process.argv.slice(2), { count: positive('count'), project: positive('project') });
const count = options.count ?? 1000;
const projected = options.project ?? 1000;
const warmup = Math.min(20, count);
const say = (line) => process.stderr.write(`${line}\n`);

const api = await loadApi({ build: options.build });
const [document] = loadDocuments(['seed'], options.seedOptions);
const fields = document.fields(projected);
const arena = new api.Arena();
const native = hasArenaObject(api);
const sides = [
  {
    name: 'arena',
    how: native
      ? `arena.parse → arena.object() with ${fields.length} fields set by reference → toBuffer() → reset`
      : `arena.parse → ${fields.length} doc.get into a plain object → JSON.stringify → reset (arena.object() is not implemented yet)`,
    run: native ? arenaPipeline(arena, fields) : arenaReadPipeline(arena, fields),
  },
  {
    name: 'JSON',
    how: `JSON.parse → a new object of the ${fields.length} fields → JSON.stringify`,
    run: plainPipeline(fields),
  },
];

const text = (out) => (typeof out === 'string' ? out : Buffer.from(out).toString('utf8'));
if (text(sides[0].run(document.buffer)) !== text(sides[1].run(document.buffer))) {
  throw new Error('the two pipelines give different output');
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
const quantile = (sorted, q) => sorted[Math.floor(q * (sorted.length - 1))];

async function measure(side) {
  for (let i = 0; i < warmup; i++) side.run(document.buffer);
  const events = [];
  const observer = new PerformanceObserver((list) => events.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  await turn();
  collectGarbage();
  await turn();
  events.length = 0;
  const start = process.memoryUsage();
  let peakHeap = start.heapUsed;
  const times = new Array(count);
  const now = clocks[options.clock];
  for (let i = 0; i < count; i++) {
    const t0 = now();
    side.run(document.buffer);
    times[i] = now() - t0;
    if ((i & 15) === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const end = process.memoryUsage();
  await turn();
  await turn();
  observer.disconnect();
  const gcs = events.filter((e) => !(e.detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED));
  times.sort((a, b) => a - b);
  return {
    side: side.name,
    how: side.how,
    p50: quantile(times, 0.5),
    p99: quantile(times, 0.99),
    max: times[times.length - 1],
    gc: gcs.length,
    gcMajor: gcs.filter((e) => e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR).length,
    gcMs: gcs.reduce((sum, e) => sum + e.duration, 0),
    heapGrowth: end.heapUsed - start.heapUsed,
    peakHeapGrowth: peakHeap - start.heapUsed,
    externalGrowth: end.external - start.external,
    rssGrowth: end.rss - start.rss,
  };
}

const results = [];
for (const side of sides) {
  say(`  ${side.name}: ${count} iterations…`);
  results.push(await measure(side));
}
arena.free();

const context = describeMachine(api, { clock: options.clock, document: document.bytes, fields: options.seedOptions.fields ?? 12000, projected: fields.length, count });
if (options.json) {
  console.log(JSON.stringify({ context, results }, null, 2));
} else {
  console.log(`seed pipeline · ${context.date.slice(0, 10)} · cpu: ${context.cpu} (${context.cores} cores) · node ${context.node} · simdjson kernel: ${context.implementation} · load ${context.load}`);
  console.log(`clock: ${options.clock === 'cpu' ? 'process CPU time' : 'wall time'} · document: ${bytes(document.bytes)} seed document; ${fields.length} fields projected; ${count} iterations after ${warmup} warm-up\n`);
  console.log(table(
    ['pipeline', 'p50', 'p99', 'max', 'gc', 'major gc', 'gc pause', 'heap Δ', 'peak heap Δ', 'external Δ', 'rss Δ'],
    results.map((r) => [r.side, duration(r.p50), duration(r.p99), duration(r.max), String(r.gc), String(r.gcMajor), `${r.gcMs.toFixed(1)} ms`,
      bytes(r.heapGrowth), bytes(r.peakHeapGrowth), bytes(r.externalGrowth), bytes(r.rssGrowth)]),
  ));
  console.log('');
  for (const r of results) console.log(`${r.side}: ${r.how}`);
  console.log('Δ = at the end of the loop minus at its start (after a forced GC); gc counts the collections V8 ran by itself.');
}
