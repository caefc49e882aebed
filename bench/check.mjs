// npm run bench:check: the regression check. Runs the suite in quick mode and
// compares each ratio (baseline median / ours median) with bench/baseline.json;
// fails when one fell more than the tolerance (default 25%) below it. Ratios
// only, never absolute times: the baseline may come from another machine.
//
// npm run bench:baseline (check.mjs --write) measures and rewrites the file.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadApi, root } from './lib/api.mjs';
import { parseOptions, plainErrors } from './lib/cli.mjs';
import { loadDocuments } from './lib/documents.mjs';
import { ratio, table } from './lib/format.mjs';
import { header } from './lib/report.mjs';
import { allScenarios, selectScenarios } from './lib/scenarios.mjs';
import { runScenario, runSuite } from './lib/suite.mjs';
import { retainLiveHeap } from './lib/live-heap.mjs';

function tolerance(text) {
  const value = text?.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (!(value >= 0 && value < 1)) throw new Error(`--tolerance must be a fraction in [0, 1) or a percentage, not ${text}`);
  return value;
}

plainErrors();
const options = parseOptions(process.argv.slice(2), {
  tolerance,
  baseline: (file) => file,
  write: () => true,
});
const baselineFile = options.baseline ?? join(root, 'bench', 'baseline.json');
const allowed = options.tolerance ?? 0.25;
// The baseline is measured the same way as the check (quick mode): how long
// a run lasts changes the state of V8's heap and with it JSON.parse's times,
// so ratios from longer runs are not comparable with quick ones.
const mode = 'quick';
const say = (line) => process.stderr.write(`${line}\n`);

const api = await loadApi({ build: options.build });
const documents = loadDocuments(options.documents, options.seedOptions);
const scenarios = selectScenarios(options.scenarios);
const progress = (e) => say(`  ${e.scenario} · ${e.document}: ${e.status === 'ok' ? ratio(e.ratio) : e.status}`);
const measuring = { mode, innerGc: options.innerGc, clock: options.clock, liveHeapMB: retainLiveHeap(options.liveHeap) };
const current = await runSuite(api, { scenarios, documents, ...measuring, progress });

if (options.write) {
  writeFileSync(baselineFile, JSON.stringify(current, null, 2) + '\n');
  console.log(`${header(current.context)}\n\nwrote ${baselineFile} (${current.scenarios.filter((e) => e.status === 'ok').length} ratios)`);
  process.exit(current.scenarios.some((e) => e.status === 'error') ? 1 : 0);
}

if (!existsSync(baselineFile)) {
  console.error(`no baseline at ${baselineFile}: run npm run bench:baseline`);
  process.exit(1);
}
const baseline = JSON.parse(readFileSync(baselineFile, 'utf8'));
for (const setting of ['innerGc', 'clock', 'liveHeapMB']) {
  if (baseline.context[setting] !== current.context[setting]) {
    say(`warning: ${setting} is ${current.context[setting]} here but was ${baseline.context[setting]} for the baseline`);
  }
}
const key = (e) => `${e.scenario} · ${e.document}`;
const before = new Map(baseline.scenarios.map((e) => [key(e), e]));
const floor = (e) => e.ratio * (1 - allowed);

// A ratio under its floor is measured up to twice more before it counts, and
// the best of the tries stands: on a shared machine one slow spell should not
// fail the check, while a real regression shows every time.
const retries = 2;
for (const [i, entry] of current.scenarios.entries()) {
  const old = before.get(key(entry));
  for (let attempt = 0; attempt < retries; attempt++) {
    const best = current.scenarios[i];
    if (old?.status !== 'ok' || best.status !== 'ok' || best.ratio >= floor(old)) break;
    say(`  ${key(entry)}: ${ratio(best.ratio)} is under ${ratio(floor(old))}; measuring again`);
    const scenario = allScenarios.find((s) => s.name === entry.scenario);
    const document = documents.find((d) => d.name === entry.document);
    const again = await runScenario(api, scenario, document, measuring);
    if (again.status === 'ok' && again.ratio > best.ratio) current.scenarios[i] = again;
  }
}

const rows = [];
let failed = 0;
for (const entry of current.scenarios) {
  const old = before.get(key(entry));
  let verdict;
  if (entry.status === 'error') verdict = `FAIL: ${entry.note}`;
  else if (!old || old.status !== 'ok') verdict = entry.status === 'ok' ? 'new (not in baseline)' : entry.status;
  else if (entry.status !== 'ok') verdict = `FAIL: was measured, now ${entry.status}`;
  else if (entry.ratio < floor(old)) verdict = `FAIL: more than ${Math.round(allowed * 100)}% below baseline`;
  else verdict = 'ok';
  if (verdict.startsWith('FAIL')) failed++;
  const change = old?.status === 'ok' && entry.status === 'ok' ? `${((entry.ratio / old.ratio - 1) * 100).toFixed(0)}%` : '-';
  rows.push([entry.scenario, entry.document, old?.status === 'ok' ? ratio(old.ratio) : '-', entry.status === 'ok' ? ratio(entry.ratio) : '-', change, verdict]);
}

// --out=FILE: the ratios measured here (best of the tries), in the baseline's format.
if (options.out) writeFileSync(options.out, JSON.stringify(current, null, 2) + '\n');

console.log(header(current.context));
console.log(`baseline: ${baselineFile} (${baseline.context.date.slice(0, 10)}, ${baseline.context.cpu}, node ${baseline.context.node})\n`);
console.log(table(['scenario', 'document', 'baseline', 'now', 'change', 'verdict'], rows));
console.log(`\nratio = JSON time / ours (median over alternating rounds); tolerance ${Math.round(allowed * 100)}% (--tolerance=).`);
if (failed > 0) {
  console.log(`${failed} regression${failed === 1 ? '' : 's'}.`);
  process.exitCode = 1;
} else {
  console.log('no regressions.');
}
