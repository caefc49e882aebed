// query/few and query/many: parse into an arena, read N paths natively, reset;
// against JSON.parse and the same N reads by property access.
import { compileReader, gjsonPath } from './lib/paths.mjs';
import { runFamily } from './lib/standalone.mjs';

function queryScenario(name, count) {
  return {
    name,
    ours: `arena.parse(buf) + ${count} doc.get + reset`,
    baseline: `JSON.parse(buf.toString()) + the same ${count} reads`,
    prepare(api, document) {
      const fields = document.fields(count);
      const paths = fields.map(gjsonPath);
      const read = compileReader(fields);
      const buf = document.buffer;
      const arena = new api.Arena();
      return {
        ours() {
          const doc = arena.parse(buf);
          const out = new Array(paths.length);
          for (let i = 0; i < paths.length; i++) out[i] = doc.get(paths[i]);
          arena.reset();
          return out;
        },
        baseline: () => read(JSON.parse(buf.toString())),
        dispose: () => arena.free(),
      };
    },
  };
}

export const scenarios = [queryScenario('query/few', 5), queryScenario('query/many', 1000)];

await runFamily(import.meta.url, scenarios);
