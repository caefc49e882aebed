// lazy/few and lazy/all: parseLazy(buf) + a few nested reads (or a walk over
// every field) against JSON.parse(buf.toString()) + the same reads, on the
// same bytes in the same process. Run: node --expose-gc bench/lazy.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bench, do_not_optimize, run, summary } from 'mitata';
import { parseLazy, release } from '../dist/index.mjs';
import { corpusDir as corpus } from './lib/documents.mjs';
import { seedDocument } from './lib/wide-seed.mjs';

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
