// Wall-clock companion to stringify.bench.mjs: doc.stringify(), its first
// write on a freshly parsed document, toBuffer() and space 2 against
// JSON.stringify of the same content, plus a pipeline that projects 1,000
// container paths (heavier on the writer than pipeline/seed's scalar fields).
// Baseline and ours alternate; the ratio is the median of per-round ratios.
// Run: node --expose-gc bench/stringify-quick.mjs [twitter.json ...] [--pipeline]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { Arena } from '../dist/index.mjs';
import { corpusDir as corpus } from './lib/documents.mjs';
import { seedDocument } from './lib/wide-seed.mjs';

// Runs `base` and `ours` alternately (so both see the same machine load) and
// returns their median times and the median of the per-round ratios.
function pair(base, ours, ms = 1500) {
  for (let i = 0; i < 5; i++) { base(); ours(); }
  const a = [], b = [], r = [];
  const stop = performance.now() + ms;
  while (performance.now() < stop) {
    let t = performance.now(); base(); const x = performance.now() - t;
    t = performance.now(); ours(); const y = performance.now() - t;
    a.push(x); b.push(y); r.push(x / y);
  }
  const median = (v) => v.sort((p, q) => p - q)[v.length >> 1];
  return { base: median(a), ours: median(b), ratio: median(r) };
}
const show = (p) => `${p.base.toFixed(3)} / ${p.ours.toFixed(3)} ms = ${p.ratio.toFixed(2)}x`;

const files = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const docs = {};
for (const name of ['twitter.json', 'citm_catalog.json', 'canada.json']) docs[name] = readFileSync(join(corpus, name));
docs['seed 5MB'] = seedDocument();
const all = process.argv.length <= 2;
const only = all ? Object.keys(docs) : files;

const arena = new Arena();
for (const name of only) {
  const bytes = docs[name];
  const obj = JSON.parse(bytes.toString());
  const doc = arena.parse(bytes);
  if (doc.stringify() !== JSON.stringify(obj)) throw new Error('mismatch ' + name);
  const s = pair(() => JSON.stringify(obj), () => doc.stringify());
  const b = pair(() => Buffer.from(JSON.stringify(obj)), () => doc.toBuffer());
  const p = pair(() => JSON.stringify(obj, null, 2), () => doc.stringify({ space: 2 }));
  // A fresh document each time: the first write of a document (nothing learned yet).
  const fresh = new Arena();
  const cold = [];
  for (let i = 0; i < 30; i++) {
    const d = fresh.parse(bytes);
    const t = performance.now();
    d.stringify();
    cold.push(performance.now() - t);
    fresh.reset();
  }
  const c = cold.sort((x, y) => x - y)[cold.length >> 1];
  console.log(`${name.padEnd(18)} stringify ${show(s)} (first write ${c.toFixed(3)} ms = ${(s.base / c).toFixed(2)}x) | toBuffer ${show(b)} | space2 ${show(p)}`);
}

// pipeline/seed: parse 5 MB -> project 1,000 paths into an object -> bytes -> reset.
if (all || process.argv.includes('--pipeline')) {
  const bytes = docs['seed 5MB'];
  const probe = JSON.parse(bytes.toString());
  const paths = [];
  for (let i = 0; paths.length < 1000; i++) {
    const item = i % probe.items.length;
    const keys = Object.keys(probe.items[item]);
    const key = keys[i % keys.length];
    paths.push([`items.${item}.${key}`, `out_${i}`, item, key]);
  }
  const plain = () => {
    const v = JSON.parse(bytes.toString());
    const out = {};
    for (const [, name, item, key] of paths) out[name] = v.items[item][key];
    return Buffer.from(JSON.stringify(out));
  };
  const pa = new Arena();
  const native = () => {
    const doc = pa.parse(bytes);
    const out = pa.object();
    for (const [path, name] of paths) out.set(name, doc.query(path));
    const buf = out.toBuffer();
    pa.reset();
    return buf;
  };
  { const x = plain().toString(), y = native().toString(); if (x !== y) { let i = 0; while (x[i] === y[i]) i++; throw new Error('pipeline mismatch at ' + i + ': ' + x.slice(i - 80, i + 80) + ' VS ' + y.slice(i - 80, i + 80)); } }
  const gcCount = (fn, n) => {
    let events = 0;
    const obs = new PerformanceObserver((list) => { events += list.getEntries().length; });
    obs.observe({ entryTypes: ['gc'] });
    for (let i = 0; i < n; i++) fn();
    return new Promise((r) => setTimeout(() => { obs.disconnect(); r(events); }, 50));
  };
  const pp = pair(plain, native, 4000);
  const ga = await gcCount(plain, 200);
  const gb = await gcCount(native, 200);
  console.log(`pipeline/seed      ${show(pp)}  gc events per 200: ${ga} / ${gb}`);
}
