// arena.parse alone, beside JSON.parse, parse(buf) and a copy of the input,
// timed in alternating rounds in one process (CPU time): the figures that tell stage 1,
// stage 2 and the JS side apart on one document.
//
//   node --expose-gc bench/lib/parse-speed.mjs [--document=telemetry,seed] [--rounds=15] [--no-build]
import { loadApi } from './api.mjs';
import { parseOptions, plainErrors } from './cli.mjs';
import { loadDocuments } from './documents.mjs';
import { arenaMemory, memoryTable } from './memory.mjs';
import { loadavg } from 'node:os';

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
};

// The median time of `calls` calls of fn, in ns of process CPU time (a call
// preempted by other work on a shared machine is not charged for the wait).
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1e3;
};
function timeCalls(fn, calls) {
  const times = [];
  for (let i = 0; i < calls; i++) {
    const start = cpuNow();
    fn();
    times.push(cpuNow() - start);
  }
  return median(times);
}

plainErrors();
const options = parseOptions(process.argv.slice(2), { rounds: Number });
const api = await loadApi({ build: options.build });
const documents = loadDocuments(options.documents, options.seedOptions);
const rounds = options.rounds ?? 15;
const loadBefore = loadavg()[0];
for (const document of documents) {
  const { buffer } = document;
  const arena = new api.Arena();
  const sides = {
    'arena.parse': () => {
      arena.parse(buffer);
      arena.reset();
    },
    'JSON.parse(buf.toString())': () => JSON.parse(buffer.toString()),
    'parse(buf)': () => api.parse(buffer),
    'Buffer.from(buf) (a copy)': () => Buffer.from(buffer),
  };
  const results = Object.fromEntries(Object.keys(sides).map((name) => [name, []]));
  for (const fn of Object.values(sides)) for (let i = 0; i < 3; i++) fn();
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(sides)) results[name].push(timeCalls(fn, 5));
  }
  arena.free();
  console.log(`${document.name} (${document.bytes} bytes), median of ${rounds} rounds:`);
  const json = median(results['JSON.parse(buf.toString())']);
  for (const [name, list] of Object.entries(results)) {
    const ns = median(list);
    console.log(`  ${name.padEnd(28)} ${(ns / 1e6).toFixed(2).padStart(7)} ms  ${(document.bytes / ns).toFixed(2)} GB/s  JSON.parse/this ${(json / ns).toFixed(2)}×`);
  }
}
console.log(memoryTable(arenaMemory(api, documents)));
console.log(`load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`);
