// Runs scenarios on documents, ours beside the baseline, and collects results.
import { Buffer } from 'node:buffer';
import { describeMachine } from './context.mjs';
import { collectGarbage, measurePair, modes, stopObservingGc } from './measure.mjs';
import { arenaMemory } from './memory.mjs';

const asText = (result) => (Buffer.isBuffer(result) || result instanceof Uint8Array ? Buffer.from(result).toString('utf8') : result);

// Both sides must compute the same thing, or the comparison means nothing.
function checkSameResult(prepared) {
  const ours = asText(prepared.ours());
  const baseline = asText(prepared.baseline());
  const same = typeof baseline === 'string' ? ours === baseline : JSON.stringify(ours) === JSON.stringify(baseline);
  if (!same) throw new Error('ours and the baseline give different results');
}

/** Measures one scenario on one document; never throws (failures become status 'error'). */
export async function runScenario(api, scenario, document, options) {
  const entry = {
    scenario: scenario.name,
    document: document.name,
    bytes: document.bytes,
    status: 'ok',
  };
  let prepared;
  try {
    prepared = scenario.prepare(api, document);
    if (prepared.missing) return { ...entry, status: 'not implemented', note: prepared.missing };
    checkSameResult(prepared);
    const { baseline, ours, ratio } = await measurePair(prepared, options);
    return { ...entry, ours, baseline, ratio };
  } catch (error) {
    return { ...entry, status: 'error', note: error?.message ?? String(error) };
  } finally {
    prepared?.dispose?.();
  }
}

/**
 * Runs `scenarios` × `documents` (from loadDocuments); `progress(entry)` is told about each
 * result as it lands. Returns { context, scenarios: [entries] }.
 */
export async function runSuite(api, { scenarios, documents, mode = 'full', innerGc = false, clock = 'cpu', liveHeapMB = 0, progress = () => {} }) {
  collectGarbage();  // fails early, with the fix, when node lacks --expose-gc
  const results = [];
  for (const scenario of scenarios) {
    for (const document of documents) {
      const entry = await runScenario(api, scenario, document, { mode, innerGc, clock });
      results.push(entry);
      progress(entry);
    }
  }
  stopObservingGc();
  const context = describeMachine(api, {
    mode,
    clock,
    innerGc,
    liveHeapMB,
    memoryRuns: modes[mode].memoryRuns,
    documents: Object.fromEntries(documents.map((d) => [d.name, d.bytes])),
    arenaMemory: arenaMemory(api, documents),
  });
  return { context, scenarios: results };
}
