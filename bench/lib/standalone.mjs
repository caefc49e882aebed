// Running one family file directly (node --expose-gc bench/parse.bench.mjs)
// shows mitata's own report: each scenario and document as a summary() of
// ours against the JSON baseline, with histograms and heap figures.
import { fileURLToPath } from 'node:url';
import { bench, do_not_optimize, run, summary } from 'mitata';
import { loadApi } from './api.mjs';
import { parseOptions } from './cli.mjs';
import { loadDocuments } from './documents.mjs';

export async function runFamily(moduleUrl, scenarios) {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  const options = parseOptions(process.argv.slice(2));
  const api = await loadApi({ build: options.build });
  const documents = loadDocuments(options.documents, options.seedOptions);
  const gc = options.innerGc ? 'inner' : 'once';
  const cleanup = [];
  let registered = 0;
  for (const scenario of scenarios) {
    for (const document of documents) {
      const prepared = scenario.prepare(api, document);
      if (prepared.missing) {
        console.log(`${scenario.name} · ${document.name}: not implemented (${prepared.missing})`);
        continue;
      }
      if (prepared.dispose) cleanup.push(prepared.dispose);
      registered++;
      summary(() => {
        bench(`${scenario.name} · ${document.name} · JSON`, () => do_not_optimize(prepared.baseline())).baseline(true).gc(gc);
        bench(`${scenario.name} · ${document.name} · ours`, () => do_not_optimize(prepared.ours())).gc(gc);
      });
    }
  }
  if (registered > 0) await run({ format: options.json ? 'json' : 'mitata' });
  for (const dispose of cleanup) dispose();
}
