// Runs the test suite with simdjson's kernel forced: `node scripts/test-kernel.mjs fallback`
// tests the portable kernel a CPU without SIMD would use. (npm run test:fallback)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const kernel = process.argv[2];
if (!kernel) {
  console.error('usage: node scripts/test-kernel.mjs <kernel>   (fallback, westmere, haswell, icelake, ...)');
  process.exit(2);
}
const files = readdirSync(join(root, 'test'))
  .filter((name) => name.endsWith('.test.mjs'))
  .map((name) => join('test', name));
const result = spawnSync(process.execPath, ['--test', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SIMDJSON_FORCE_IMPLEMENTATION: kernel },
});
process.exit(result.status ?? 1);
