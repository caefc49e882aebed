// The integrations' TypeScript types: a file that uses them as documented
// compiles (with the subpath exports resolved as Node resolves them), and the
// misuses it marks with @ts-expect-error are errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './support/oracle.mjs';

test('module augmentation and route generics type request bodies per mode', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [
    tsc, '--noEmit', '--strict', '--skipLibCheck', '--module', 'node16', '--moduleResolution', 'node16',
    '--target', 'es2022', '--types', 'node', join(root, 'test', 'support', 'types', 'http.mts'),
  ], { cwd: root, encoding: 'utf8', timeout: 120000 });
  assert.equal(run.status, 0, run.stdout + run.stderr);
});
