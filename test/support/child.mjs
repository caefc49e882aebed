// Runs hazardous code in a child process, so that a crash (a signal, an abort,
// a sanitizer report) fails the test instead of killing the test runner.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './oracle.mjs';
import { timeBound } from './scale.mjs';

/** URL of the package entry, for `import ... from` inside child code. */
export const entry = pathToFileURL(join(root, 'dist', 'index.mjs')).href;
/** Path of the CommonJS entry, for `require(...)` inside workers. */
export const entryCjs = join(root, 'dist', 'index.js');

/**
 * Runs `source` (an ES module) in a fresh node. The code reports by printing
 * one JSON line that starts with `result:`; returns it parsed, with the exit
 * status and the output.
 */
export function runChild(source, { args = [], env = {}, timeout = timeBound(120000) } = {}) {
  const child = spawnSync(process.execPath, [...args, '--input-type=module', '-e', source], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout,
    maxBuffer: 64 << 20,
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('result:'));
  return {
    status: child.status,
    signal: child.signal,
    stdout: child.stdout,
    stderr: child.stderr,
    result: line === undefined ? undefined : JSON.parse(line.slice('result:'.length)),
  };
}

/** Asserts that the child exited normally (status 0, no signal) and returns its result. */
export function expectClean(run, label = 'child') {
  assert.equal(run.signal, null, `${label} died of ${run.signal}\n${run.stderr}`);
  assert.equal(run.status, 0, `${label} exited with ${run.status}\n${run.stderr}\n${run.stdout.slice(-2000)}`);
  return run.result;
}
