// The table a person reads: one row per scenario and document.
import { bytes, duration, ratio, table } from './format.mjs';
import { memoryTable } from './memory.mjs';

export function header(context) {
  const date = context.date.slice(0, 10);
  return [
    `arenajson benchmarks · ${date} · ${context.mode} mode · clock: ${context.clock === 'cpu' ? 'process CPU time' : 'wall time'}${context.innerGc ? ' · GC before every call' : ''}${context.liveHeapMB ? ` · ${context.liveHeapMB} MB of other JS data alive` : ''}`,
    `cpu: ${context.cpu} (${context.cores} cores) · node ${context.node} · simdjson kernel: ${context.implementation} · mitata ${context.mitata} · load ${context.load}`,
    `documents: ${Object.entries(context.documents).map(([name, size]) => `${name} ${bytes(size)}`).join(', ')}`,
  ].join('\n');
}

export const legend = (context) =>
  [
    'ratio = JSON time / ours (above 1× ours is faster): the median, over alternating rounds, of JSON median / ours median.',
    'p50 and p99 are per call, over all rounds.',
    `gc = GC events V8 ran during ${context.memoryRuns} calls after a forced GC; heap = V8 heap allocated per call in those calls.`,
  ].join('\n');

export function resultsTable(entries) {
  const rows = entries.map((e) => {
    if (e.status !== 'ok') {
      return [e.scenario, e.document, e.status === 'error' ? 'error' : 'not implemented', '-', '-', '-', '-', '-', '-', '-', '-'];
    }
    const { ours, baseline } = e;
    return [
      e.scenario, e.document,
      duration(ours.p50), duration(baseline.p50), ratio(e.ratio),
      duration(ours.p99), duration(baseline.p99),
      String(ours.gc), String(baseline.gc),
      bytes(ours.heap), bytes(baseline.heap),
    ];
  });
  const header = ['scenario', 'document', 'ours p50', 'JSON p50', 'ratio', 'ours p99', 'JSON p99', 'ours gc', 'JSON gc', 'ours heap', 'JSON heap'];
  return table(header, rows);
}

export function notes(entries) {
  const seen = new Set();
  const lines = [];
  for (const e of entries) {
    if (e.status === 'ok') continue;
    const line = e.status === 'error' ? `${e.scenario} on ${e.document}: error: ${e.note}` : `${e.scenario}: ${e.note}`;
    if (!seen.has(line)) lines.push(line);
    seen.add(line);
  }
  return lines.join('\n');
}

export function report(result) {
  const memory = result.context.arenaMemory ? `arena memory per document (arena.stats after one parse into a fresh arena):\n${memoryTable(result.context.arenaMemory)}` : '';
  return [header(result.context), '', resultsTable(result.scenarios), '', memory, '', legend(result.context), notes(result.scenarios)]
    .filter((part, i, all) => part !== '' || all[i + 1] !== '')
    .join('\n')
    .trimEnd();
}
