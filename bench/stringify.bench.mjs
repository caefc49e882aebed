// stringify/doc (a parsed document serialized from native memory) and
// stringify/value (the drop-in stringify), against JSON.stringify.
import { hasNativeDocStringify, missing } from './lib/features.mjs';
import { runFamily } from './lib/standalone.mjs';

export const scenarios = [
  {
    name: 'stringify/doc',
    ours: 'doc.stringify()',
    baseline: 'JSON.stringify(obj) of the same content',
    prepare(api, document) {
      if (!hasNativeDocStringify(api)) return missing('native doc.stringify');
      const arena = new api.Arena();
      const doc = arena.parse(document.buffer);
      const obj = document.value;
      return {
        ours: () => doc.stringify(),
        baseline: () => JSON.stringify(obj),
        dispose: () => arena.free(),
      };
    },
  },
  {
    name: 'stringify/value',
    ours: 'stringify(obj)',
    baseline: 'JSON.stringify(obj)',
    prepare(api, document) {
      const obj = document.value;
      return {
        ours: () => api.stringify(obj),
        baseline: () => JSON.stringify(obj),
      };
    },
  },
];

await runFamily(import.meta.url, scenarios);
