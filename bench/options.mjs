// Cost of the read options and of parseAsync, on this machine:
//   node --expose-gc bench/options.mjs
// Median of timed rounds (wall clock), setup outside the timed closure.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Arena, parse } from '../dist/index.mjs';
import { corpusDir } from '../test/support/oracle.mjs';

function median(fn, rounds = 30) {
  const times = [];
  for (let i = 0; i < rounds; i++) {
    globalThis.gc?.();
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

const row = (cells) => console.log('| ' + cells.join(' | ') + ' |');
console.log(`node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
row(['document', 'operation', 'median ms', 'vs default']);
row(['---', '---', '---:', '---:']);
for (const file of ['canada.json', 'twitter.json', 'citm_catalog.json']) {
  const text = readFileSync(join(corpusDir, file), 'utf8');
  const arena = new Arena();
  const doc = arena.parse(text);
  const base = median(() => doc.toJS());
  row([file, 'toJS()', base.toFixed(2), '1.00']);
  for (const options of [{ bigint: 'unsafe' }, { bigint: 'always' }, { proto: 'remove' }, { proto: 'error' }]) {
    const t = median(() => doc.toJS(options));
    row([file, `toJS(${JSON.stringify(options)})`, t.toFixed(2), (t / base).toFixed(2)]);
  }
  const jsonBase = median(() => JSON.parse(text));
  row([file, 'JSON.parse', jsonBase.toFixed(2), '1.00']);
  for (const options of [{ bigint: 'unsafe' }, { proto: 'remove' }]) {
    const t = median(() => parse(text, options));
    row([file, `parse(text, ${JSON.stringify(options)})`, t.toFixed(2), (t / jsonBase).toFixed(2)]);
  }
  arena.free();
}

// parseAsync vs parse on ~50 MB: latency, and the longest stretch the event
// loop could not run a 1 ms timer.
const unit = JSON.stringify({ id: 1, name: 'row name with some text', tags: ['a', 'b', 'c'], value: 3.25, nested: { x: [1, 2, 3], y: null } });
const big = Buffer.from('[' + Array.from({ length: Math.ceil((50 << 20) / (unit.length + 1)) }, () => unit).join(',') + ']');
async function blocking(run) {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  last = performance.now();
  worst = 0;
  const start = performance.now();
  await run();
  const latency = performance.now() - start;
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(timer);
  return { latency, worst };
}
console.log(`\n${(big.length / 1048576).toFixed(1)} MB document`);
row(['call', 'latency ms', 'longest event-loop stall ms']);
row(['---', '---:', '---:']);
for (let round = 0; round < 3; round++) {
  const arena = new Arena({ initialSize: big.length * 2 });
  arena.parse(big);  // touch the arena's pages once, so neither timed call pays for them
  arena.reset();
  const sync = await blocking(async () => arena.parse(big));
  arena.reset();
  const async = await blocking(() => arena.parseAsync(big));
  arena.reset();
  const string = big.toString();
  const asyncString = await blocking(() => arena.parseAsync(string));
  arena.free();
  const json = await blocking(async () => JSON.parse(string));
  if (round === 2) {
    row(['arena.parse(buffer)', sync.latency.toFixed(1), sync.worst.toFixed(1)]);
    row(['await arena.parseAsync(buffer)', async.latency.toFixed(1), async.worst.toFixed(1)]);
    row(['await arena.parseAsync(string)', asyncString.latency.toFixed(1), asyncString.worst.toFixed(1)]);
    row(['JSON.parse(string)', json.latency.toFixed(1), json.worst.toFixed(1)]);
  }
}
