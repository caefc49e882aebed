// pipeline/seed: parse → project 1,000 fields → serialize → forget, the
// arena way (arena.object(), toBuffer(), reset) against the plain-JS way.
import { hasArenaObject, missing } from './lib/features.mjs';
import { arenaPipeline, plainPipeline } from './lib/pipeline.mjs';
import { runFamily } from './lib/standalone.mjs';

export const projectedFields = 1000;

export const scenarios = [
  {
    name: 'pipeline/seed',
    ours: `parse → project ${projectedFields} paths into arena.object() → toBuffer() → reset`,
    baseline: 'JSON.parse → build object → JSON.stringify',
    prepare(api, document) {
      if (!hasArenaObject(api)) return missing('arena.object()');
      const fields = document.fields(projectedFields);
      const arena = new api.Arena();
      const buf = document.buffer;
      const ours = arenaPipeline(arena, fields);
      const baseline = plainPipeline(fields);
      return {
        ours: () => ours(buf),
        baseline: () => baseline(buf),
        dispose: () => arena.free(),
      };
    },
  },
];

await runFamily(import.meta.url, scenarios);
