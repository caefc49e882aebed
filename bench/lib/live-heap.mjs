// --live-heap=MB: JS data that stays alive for the whole run, as a service's
// own state would. Full collections mark it, so scenarios whose memory comes
// back only through a full collection (parseLazy arenas, external strings)
// pay more with a larger live heap; this makes that cost measurable.
const kept = [];

/** Allocates about `mb` MB of parsed-JSON-like objects and keeps them; returns the MB retained. */
export function retainLiveHeap(mb) {
  if (!(mb > 0)) return 0;
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const target = mb * 2 ** 20;
  let n = 0;
  while (process.memoryUsage().heapUsed - before < target) {
    const batch = [];
    for (let i = 0; i < 1000; i++, n++) {
      batch.push({ id: n, name: `record ${n}`, score: n / 7, tags: ['a', `t${n % 97}`], nested: { ok: n % 2 === 0, at: n * 1.5 } });
    }
    kept.push(batch);
  }
  globalThis.gc?.();
  return Math.round((process.memoryUsage().heapUsed - before) / 2 ** 20);
}
