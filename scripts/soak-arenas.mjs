// node --expose-gc scripts/soak-arenas.mjs [count] [rounds] [patterns] [--json]:
// arenas (and
// parseLazy views, which make one arena each) left to their finalizers, in
// rounds of `count` (default 2,000,000), beside the same count freed. Prints
// RSS and the live-arena count after each round and a collection; a leak
// shows as RSS or live arenas that climb from round to round. Used, bounded,
// by test/arena.finalizer.test.mjs. `patterns`: a comma-separated list of
// their numbers (0-5, in the order below), all by default.
import { Arena, metrics, parseLazy, release } from '../dist/index.mjs';

const count = Number(process.argv[2] ?? 2_000_000);
const rounds = Number(process.argv[3] ?? 3);
const only = process.argv[4] !== undefined && process.argv[4] !== '--json' ? process.argv[4].split(',').map(Number) : undefined;
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
const mib = () => Math.round(process.memoryUsage().rss / 2 ** 20);
async function settle() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const patterns = {
  'new Arena(), dropped': () => { new Arena(); },
  'new Arena() + parse, dropped': () => { new Arena().parse('{"a":[1,2,3]}'); },
  'parseLazy, dropped': () => { parseLazy('{"a":[1,2,3]}').a; },
  'new Arena(), freed': () => { new Arena().free(); },
  'parseLazy, released': () => { release(parseLazy('{"a":[1,2,3]}')); },
  'new Arena() kept until the round ends, dropped': (kept) => { kept.push(new Arena()); },
};

const report = { count, rounds, patterns: {} };
await settle();
report.start = { rss: mib(), live: metrics().arenasLive };
for (const [index, [name, make]] of Object.entries(patterns).entries()) {
  if (only !== undefined && !only.includes(index)) continue;
  const after = [];
  for (let round = 0; round < rounds; round++) {
    let kept = [];
    for (let i = 0; i < count; i++) make(kept);
    kept = null;
    await settle();
    after.push({ rss: mib(), live: metrics().arenasLive });
  }
  report.patterns[name] = after;
}
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(report));
} else {
  console.log(`start: RSS ${report.start.rss} MiB, ${report.start.live} live arenas; ${count} per round`);
  for (const [name, after] of Object.entries(report.patterns)) {
    console.log(`${name.padEnd(48)} ${after.map((a) => `${a.rss} MiB/${a.live} live`).join('  ')}`);
  }
}
