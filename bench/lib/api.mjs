// Loads the package under test from dist/, building it first (quietly: build
// output goes to stderr so that --json output stays clean on stdout).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function loadApi({ build = true } = {}) {
  if (build) {
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 2, 2] });
  }
  return import(pathToFileURL(join(root, 'dist', 'index.mjs')).href);
}
