// lazy/few and lazy/all: parseLazy(buf) + a few nested reads (or a walk over
// every field) against JSON.parse(buf.toString()) + the same reads, on the
// same bytes in the same process. Run: node --expose-gc bench/lazy.mjs
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bench, do_not_optimize, run, summary } from 'mitata';
import { parseLazy, release } from '../dist/index.mjs';

const corpus = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'testdata', 'corpus');

// A deterministic ~5 MB document nested 8 levels: strings with non-ASCII and
// escapes, ints, doubles, arrays of numbers, bools and nulls.
function seedDocument(size = 5e6, seed = 1) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const words = ['alpha', 'beta', 'δέλτα', 'ε', '東京', 'ñandú', 'a "quoted" word', 'tab\there', 'zeta'];
  const text = (n) => Array.from({ length: n }, () => words[Math.floor(next() * words.length)]).join(' ');
  const node = (depth) => {
    const out = {};
    for (let i = 0; i < 3; i++) {
      const roll = next();
      if (depth < 8 && roll < 0.55) out[`field_${i}`] = node(depth + 1);
      else if (roll < 0.7) out[`field_${i}`] = Array.from({ length: 40 }, () => Math.floor(next() * 1e6) / 100);
      else if (roll < 0.9) out[`field_${i}`] = text(40);
      else if (roll < 0.95) out[`field_${i}`] = Math.floor(next() * 1e9);
      else out[`field_${i}`] = roll < 0.97 ? null : true;
    }
    return out;
  };
  const root = { meta: { name: 'seed', version: 1 }, items: [] };
  while (JSON.stringify(root).length < size) root.items.push(node(1));
  return Buffer.from(JSON.stringify(root));
}

const documents = {
  'seed 5MB': [seedDocument(), (v) => [v.meta.name, v.items[10].field_0, v.items[100].field_1, v.items[200].field_2, v.items.length]],
  'citm_catalog.json': [readFileSync(join(corpus, 'citm_catalog.json')),
    (v) => [v.events['138586341'].name, v.performances[100].start, v.areaNames['205705993'], v.venueNames.PLEYEL_PLEYEL, v.seatCategoryNames['338937295']]],
  'twitter.json': [readFileSync(join(corpus, 'twitter.json')),
    (v) => [v.statuses[50].user.screen_name, v.statuses[10].id, v.search_metadata.count, v.statuses[99].entities.hashtags.length, v.statuses[3].text]],
};

function walk(value) {
  if (typeof value !== 'object' || value === null) return 1;
  let count = 0;
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) count += walk(value[i]);
  else for (const key of Object.keys(value)) count += walk(value[key]);
  return count;
}

for (const [name, [bytes, reads]] of Object.entries(documents)) {
  summary(() => {
    bench(`JSON.parse + 5 reads (${name})`, () => do_not_optimize(reads(JSON.parse(bytes.toString())))).baseline(true).gc('inner');
    bench(`parseLazy + 5 reads + release (${name})`, () => {
      const view = parseLazy(bytes);
      do_not_optimize(reads(view));
      release(view);
    }).gc('inner');
  });
  summary(() => {
    bench(`JSON.parse + walk all (${name})`, () => do_not_optimize(walk(JSON.parse(bytes.toString())))).baseline(true).gc('inner');
    bench(`parseLazy + walk all + release (${name})`, () => {
      const view = parseLazy(bytes);
      do_not_optimize(walk(view));
      release(view);
    }).gc('inner');
  });
}

await run();
