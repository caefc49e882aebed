// Where lazy/few's time goes: parseLazy(buf) + 5 property reads, beside the
// same reads on a view of a reused arena, with the view released at once,
// with a ring of live views (memory that rotates, no garbage collection), and
// left to the garbage collector as lazy/few leaves it. CPU time in one
// process, in alternating rounds; each figure is the median over rounds of a
// round's mean (a mean, so that the collections a side causes are charged to
// it).
//
//   node --expose-gc bench/lib/lazy-speed.mjs [--document=telemetry,twitter] [--rounds=9]
//        [--against=DIR] [--no-build]
//
// --against=DIR also times the package built in DIR (a checkout or a copy
// with dist/ and build/Release/), side by side with this one, in the same
// rounds.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { loadApi } from './api.mjs';
import { parseOptions, plainErrors } from './cli.mjs';
import { loadDocuments } from './documents.mjs';
import { compileReader } from './paths.mjs';

const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1e3;
};

// Calls per round: about 30 ms of work for the baseline at least.
const callsFor = (bytes) => Math.max(4, Math.min(200, Math.round(60e6 / bytes)));
const kept = 8;

function sidesOf(api, buffer, read) {
  const arena = new api.Arena();
  const ring = [];
  return {
    sides: {
      'arena.parse + lazy() + 5 reads + reset': () => {
        read(arena.parse(buffer).lazy());
        arena.reset();
      },
      'parseLazy + 5 reads + release': () => {
        const view = api.parseLazy(buffer);
        read(view);
        api.release(view);
      },
      [`parseLazy + 5 reads, ${kept} kept`]: () => {
        const view = api.parseLazy(buffer);
        read(view);
        ring.push(view);
        if (ring.length > kept) api.release(ring.shift());
      },
      'parseLazy + 5 reads (lazy/few)': () => read(api.parseLazy(buffer)),
    },
    dispose() {
      for (const view of ring) api.release(view);
      arena.free();
    },
  };
}

plainErrors();
const options = parseOptions(process.argv.slice(2), { rounds: Number, against: String });
const apis = { this: await loadApi({ build: options.build }) };
if (options.against) {
  const require = createRequire(import.meta.url);
  apis.against = require(join(resolve(options.against), 'dist', 'index.js'));
}
const rounds = options.rounds ?? 9;
const documents = loadDocuments(options.documents, options.seedOptions);
console.log(`load average ${loadavg()[0].toFixed(2)}`);
for (const document of documents) {
  const { buffer } = document;
  const read = compileReader(document.fields(5));
  const sides = { 'JSON.parse(buf.toString()) + 5 reads': () => read(JSON.parse(buffer.toString())) };
  const cleanup = [];
  for (const [name, api] of Object.entries(apis)) {
    const made = sidesOf(api, buffer, read);
    cleanup.push(made.dispose);
    for (const [side, fn] of Object.entries(made.sides)) sides[Object.keys(apis).length > 1 ? `${side} [${name}]` : side] = fn;
  }
  const calls = callsFor(document.bytes);
  const results = Object.fromEntries(Object.keys(sides).map((name) => [name, []]));
  for (const fn of Object.values(sides)) for (let i = 0; i < 3; i++) fn();
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(sides)) {
      const start = cpuNow();
      for (let i = 0; i < calls; i++) fn();
      results[name].push((cpuNow() - start) / calls);
    }
  }
  for (const dispose of cleanup) dispose();
  const json = median(results['JSON.parse(buf.toString()) + 5 reads']);
  console.log(`${document.name} (${document.bytes} bytes), ${calls} calls a round, median of ${rounds} rounds:`);
  for (const [name, list] of Object.entries(results)) {
    const ns = median(list);
    console.log(`  ${name.padEnd(48)} ${(ns / 1e6).toFixed(3).padStart(8)} ms  JSON.parse/this ${(json / ns).toFixed(2)}×`);
  }
}
console.log(`load average ${loadavg()[0].toFixed(2)}`);
