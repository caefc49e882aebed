// Measures the two sides of a scenario: a fixed number of calls under a
// perf_hooks GC observer for GC events and V8 heap, then mitata for the timing.
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { do_not_optimize, measure } from 'mitata';

/**
 * Clocks in nanoseconds. `cpu` is the process's CPU time (user + system, all
 * threads, so V8's helper threads count too): on a busy shared machine a call
 * that is preempted does not look slower. `wall` is elapsed time.
 */
export const clocks = {
  cpu: () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) * 1e3;
  },
  wall: () => performance.now() * 1e6,
};

const forced = constants.NODE_PERFORMANCE_GC_FLAGS_FORCED;
const major = constants.NODE_PERFORMANCE_GC_MAJOR;

// Timing runs in many short rounds that alternate the two sides (baseline,
// ours, baseline, ours, ...): on a shared machine a busy spell then lands on
// both sides, and the ratio is taken round by round. mitata collects garbage
// (untimed) before each round, so neither side pays for what the other left.
export const modes = {
  full: { rounds: 16, timing: { min_samples: 3, min_cpu_time: 100e6 }, memoryRuns: 10 },
  // About a minute for the whole suite on a 2-core machine.
  quick: { rounds: 8, timing: { min_samples: 2, min_cpu_time: 30e6 }, memoryRuns: 10 },
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

// `runs` calls after a forced GC: the GC events V8 ran on its own (seen by the
// perf_hooks observer; forced ones excluded), and the V8 heap one call
// allocates: the growth of the used heap plus what each GC in between
// reclaimed (v8.GCProfiler reports the heap before and after every GC).
async function memoryPass(run, runs) {
  observeGc();
  await turn();
  collectGarbage();
  gcEntries.length = 0;
  const profiler = new GCProfiler();
  const start = performance.now();
  profiler.start();
  const before = heapUsed();
  for (let i = 0; i < runs; i++) run();
  const after = heapUsed();
  const profile = profiler.stop();
  const end = performance.now();
  await turn();
  await turn();
  const events = gcEntries.filter((e) => e.startTime >= start && e.startTime <= end && !(e.detail.flags & forced));
  let reclaimed = 0;
  for (const gc of profile.statistics) reclaimed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
  return {
    gc: events.length,
    gcMajor: events.filter((e) => e.detail.kind === major).length,
    gcMs: events.reduce((sum, e) => sum + e.duration, 0),
    heap: Math.max(0, Math.round((after - before + reclaimed) / runs)),
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
 * samples of all rounds together) and { gc, gcMajor, gcMs, heap }; `ratio` is
 * the median over rounds of (baseline median / ours median).
 */
export async function measurePair({ baseline, ours }, { mode = 'full', innerGc = false, clock = 'cpu' } = {}) {
  const settings = modes[mode];
  const sides = { baseline, ours };
  const runs = {};
  const memory = {};
  const samples = {};
  for (const [side, fn] of Object.entries(sides)) {
    runs[side] = () => do_not_optimize(fn());
    memory[side] = await memoryPass(runs[side], settings.memoryRuns);
    samples[side] = [];
  }
  const timing = { ...settings.timing, inner_gc: innerGc, now: clocks[clock] };
  const ratios = [];
  for (let round = 0; round < settings.rounds; round++) {
    const medians = {};
    for (const side of Object.keys(sides)) {
      const stats = await measure(runs[side], timing);
      samples[side].push(...stats.samples);
      medians[side] = stats.p50;
    }
    ratios.push(medians.baseline / medians.ours);
  }
  ratios.sort((a, b) => a - b);
  const result = { ratio: quantile(ratios, 0.5) };
  for (const side of Object.keys(sides)) result[side] = { ...summarize(samples[side]), ...memory[side] };
  return result;
}
