// lazy/few: the lazy view (parseLazy) and five property reads, against
// JSON.parse and the same reads.
import { hasParseLazy, missing } from './lib/features.mjs';
import { compileReader } from './lib/paths.mjs';
import { runFamily } from './lib/standalone.mjs';

export const scenarios = [
  {
    name: 'lazy/few',
    ours: 'parseLazy(buf) + 5 property reads',
    baseline: 'JSON.parse(buf.toString()) + the same 5 reads',
    prepare(api, document) {
      if (!hasParseLazy(api)) return missing('parseLazy');
      const read = compileReader(document.fields(5));
      const buf = document.buffer;
      return {
        ours: () => read(api.parseLazy(buf)),
        baseline: () => read(JSON.parse(buf.toString())),
      };
    },
  },
];

await runFamily(import.meta.url, scenarios);
