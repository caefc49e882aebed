// Measures one side of a scenario: mitata for the timing, then a fixed number
// of runs under a perf_hooks GC observer for GC events and V8 heap growth.
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { do_not_optimize, measure } from 'mitata';

const forced = constants.NODE_PERFORMANCE_GC_FLAGS_FORCED;
const major = constants.NODE_PERFORMANCE_GC_MAJOR;

// Timing runs in rounds that alternate the two sides (baseline, ours,
// baseline, ours, ...), so that a slow spell of a shared machine or a heap
// that grew during one side does not land on one side only.
export const modes = {
  full: { rounds: 3, timing: { min_samples: 8, min_cpu_time: 400e6 }, memoryRuns: 10 },
  // About a minute for the whole suite on a 2-core machine.
  quick: { rounds: 2, timing: { min_samples: 5, min_cpu_time: 150e6 }, memoryRuns: 10 },
};

export function collectGarbage() {
  if (typeof globalThis.gc !== 'function') throw new Error('run node with --expose-gc (npm run bench does)');
  globalThis.gc();
}

const heapUsed = () => getHeapStatistics().used_heap_size;
const turn = () => new Promise((resolve) => setImmediate(resolve));

// Entries reach the observer asynchronously; record them all with their time.
const gcEntries = [];
let observer;
function observeGc() {
  if (observer) return;
  observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcEntries.push(entry);
  });
  observer.observe({ entryTypes: ['gc'] });
}

export function stopObservingGc() {
  observer?.disconnect();
  observer = undefined;
}

const median = (sorted) => (sorted.length === 0 ? 0 : sorted[(sorted.length - 1) >> 1]);

// `runs` calls after a forced GC: the GC events V8 ran on its own (forced ones
// excluded) and the median V8 heap growth of one call.
async function memoryPass(run, runs) {
  observeGc();
  await turn();
  collectGarbage();
  gcEntries.length = 0;
  const start = performance.now();
  const growth = [];
  for (let i = 0; i < runs; i++) {
    const before = heapUsed();
    run();
    growth.push(heapUsed() - before);
  }
  const end = performance.now();
  await turn();
  await turn();
  const events = gcEntries.filter((e) => e.startTime >= start && e.startTime <= end && !(e.detail.flags & forced));
  // A call during which V8 collected shows a shrink, not what the call allocated.
  const allocated = growth.filter((bytes) => bytes >= 0).sort((a, b) => a - b);
  return {
    gc: events.length,
    gcMajor: events.filter((e) => e.detail.kind === major).length,
    gcMs: events.reduce((sum, e) => sum + e.duration, 0),
    heap: median(allocated),
  };
}

const quantile = (sorted, q) => sorted[Math.floor(q * (sorted.length - 1))];

function summarize(samples) {
  const sorted = samples.slice().sort((a, b) => a - b);
  return {
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    avg: sorted.reduce((sum, x) => sum + x, 0) / sorted.length,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    samples: sorted.length,
  };
}

/**
 * Measures both sides of a scenario: first a memory pass of each (which also
 * warms them up), then mitata timing in alternating rounds. Each side gets
 * { p50, p99, avg, min, max, samples } in nanoseconds per call (mitata's
 * samples of all rounds together) and { gc, gcMajor, gcMs, heap }.
 */
export async function measurePair(sides, { mode = 'full', innerGc = false } = {}) {
  const settings = modes[mode];
  const runs = Object.fromEntries(Object.entries(sides).map(([side, fn]) => [side, () => do_not_optimize(fn())]));
  const memory = {};
  const samples = {};
  for (const side of Object.keys(runs)) {
    memory[side] = await memoryPass(runs[side], settings.memoryRuns);
    samples[side] = [];
  }
  for (let round = 0; round < settings.rounds; round++) {
    for (const side of Object.keys(runs)) {
      const stats = await measure(runs[side], { ...settings.timing, inner_gc: innerGc });
      samples[side].push(...stats.samples);
    }
  }
  return Object.fromEntries(Object.keys(runs).map((side) => [side, { ...summarize(samples[side]), ...memory[side] }]));
}
