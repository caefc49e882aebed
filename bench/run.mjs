// npm run bench [-- options]: every scenario of SPEC §4 against its JSON.*
// baseline on the same data in the same process. `--help` lists the options.
import { writeFileSync } from 'node:fs';
import { loadApi } from './lib/api.mjs';
import { parseOptions, plainErrors } from './lib/cli.mjs';
import { loadDocuments } from './lib/documents.mjs';
import { duration, ratio } from './lib/format.mjs';
import { report } from './lib/report.mjs';
import { selectScenarios } from './lib/scenarios.mjs';
import { runSuite } from './lib/suite.mjs';
import { retainLiveHeap } from './lib/live-heap.mjs';

function progressLine(entry) {
  const result = entry.status === 'ok' ? `${ratio(entry.ratio)} (ours ${duration(entry.ours.p50)}, JSON ${duration(entry.baseline.p50)})` : entry.status;
  process.stderr.write(`  ${entry.scenario} · ${entry.document}: ${result}\n`);
}

plainErrors();
const options = parseOptions(process.argv.slice(2));
const scenarios = selectScenarios(options.scenarios);
const api = await loadApi({ build: options.build });
const liveHeapMB = retainLiveHeap(options.liveHeap);
const result = await runSuite(api, {
  scenarios,
  documents: loadDocuments(options.documents, options.seedOptions),
  mode: options.quick ? 'quick' : 'full',
  innerGc: options.innerGc,
  clock: options.clock,
  liveHeapMB,
  progress: progressLine,
});
const json = JSON.stringify(result, null, 2);
if (options.out) writeFileSync(options.out, json + '\n');
console.log(options.json ? json : report(result));
if (result.scenarios.some((e) => e.status === 'error')) process.exitCode = 1;
