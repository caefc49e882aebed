// parse/buffer and parse/string: the drop-in parse against JSON.parse.
import { runFamily } from './lib/standalone.mjs';

export const scenarios = [
  {
    name: 'parse/buffer',
    ours: 'parse(buf)',
    baseline: 'JSON.parse(buf.toString())',
    prepare(api, document) {
      const buf = document.buffer;
      return {
        ours: () => api.parse(buf),
        baseline: () => JSON.parse(buf.toString()),
      };
    },
  },
  {
    name: 'parse/string',
    ours: 'parse(str)',
    baseline: 'JSON.parse(str)',
    prepare(api, document) {
      const str = document.text;
      return {
        ours: () => api.parse(str),
        baseline: () => JSON.parse(str),
      };
    },
  },
];

await runFamily(import.meta.url, scenarios);
