// Every scenario of SPEC §4, in the order of its table.
import { scenarios as parse } from '../parse.bench.mjs';
import { scenarios as query } from '../query.bench.mjs';
import { scenarios as lazy } from '../lazy.bench.mjs';
import { scenarios as stringify } from '../stringify.bench.mjs';
import { scenarios as pipeline } from '../pipeline.bench.mjs';

export const allScenarios = [...parse, ...query, ...lazy, ...stringify, ...pipeline];

/** Scenarios named in `selection` (exact names or families such as 'parse'); all when empty. */
export function selectScenarios(selection, scenarios = allScenarios) {
  if (!selection || selection.length === 0) return scenarios;
  const chosen = scenarios.filter((s) => selection.some((want) => s.name === want || s.name.startsWith(`${want}/`)));
  const unknown = selection.filter((want) => !scenarios.some((s) => s.name === want || s.name.startsWith(`${want}/`)));
  if (unknown.length > 0) {
    throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}`);
  }
  return chosen;
}
