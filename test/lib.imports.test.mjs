// The modules of lib/ import each other one way: no module reaches itself
// through its own imports at run time. (Type-only imports are erased and do
// not count.) A cycle works only while nothing is used during loading, so the
// next change could break it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const lib = new URL('../lib/', import.meta.url).pathname;

// Runtime edges: `import {...} from './x'` and `export {...} from './x'`,
// leaving out `import type` / `export type` and imports of types only.
function runtimeImports(source) {
  const edges = new Set();
  const statement = /^(import|export)\s+(type\s+)?([^;]*?)\s+from\s+'\.\/([\w-]+)'/gms;
  for (const match of source.matchAll(statement)) {
    if (match[2]) continue;
    const names = match[3].match(/\{([^}]*)\}/);
    if (names && names[1].split(',').map((n) => n.trim()).filter(Boolean).every((n) => n.startsWith('type '))) continue;
    edges.add(match[4]);
  }
  return edges;
}

function graph() {
  const edges = new Map();
  for (const file of readdirSync(lib)) {
    if (!file.endsWith('.ts')) continue;
    edges.set(file.slice(0, -3), runtimeImports(readFileSync(join(lib, file), 'utf8')));
  }
  return edges;
}

test('the edge reader sees runtime imports and skips type-only ones', () => {
  const edges = runtimeImports([
    "import { a, type B } from './one';",
    "import type { C } from './two';",
    "import { type D } from './three';",
    "export { e } from './four';",
    "import {\n  f,\n} from './five';",
  ].join('\n'));
  assert.deepEqual([...edges].sort(), ['five', 'four', 'one']);
});

test('lib/ has no import cycle', () => {
  const edges = graph();
  assert.ok(edges.size > 10, 'lib/ modules were found');
  const state = new Map();  // 1: on the current path, 2: done
  const cycles = [];
  const visit = (name, path) => {
    if (state.get(name) === 2) return;
    if (state.get(name) === 1) {
      cycles.push([...path.slice(path.indexOf(name)), name].join(' → '));
      return;
    }
    state.set(name, 1);
    for (const next of edges.get(name) ?? []) visit(next, [...path, name]);
    state.set(name, 2);
  };
  for (const name of edges.keys()) visit(name, []);
  assert.deepEqual(cycles, []);
});
