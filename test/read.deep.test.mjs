// Nesting depth that the input controls never reaches a native recursion:
// deep arrays and objects (30k, 100k and a million levels) read through
// every entry point that takes the read options, under every option, give
// JSON.parse's result (V8 parses any depth) with the option applied, or
// ERR_JSON_PROTO naming the deep path. In a child process (a crash fails
// the test) and in a worker thread, whose stack is smaller.
//
// A million levels take about 0.4 s per read (most of it V8 building the
// nested result), so the full million-level matrix runs only with
// ARENAJSON_DEEP_FULL=1; the default runs it for the combined options.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectClean, runChild } from './support/child.mjs';

const full = process.env.ARENAJSON_DEEP_FULL === '1';
const support = new URL('./support/deep-read.mjs', import.meta.url).href;

function childSource(calls) {
  return `
import { runDeepReads } from ${JSON.stringify(support)};
const runs = [];
${calls}
const failures = runs.flatMap((r) => r.failures);
console.log('result:' + JSON.stringify({ checked: runs.reduce((n, r) => n + r.checked, 0), failures: failures.slice(0, 40) }));
`;
}

const manyLevels = `runs.push(await runDeepReads([30000, 100000]));`;
const million = full
  ? `runs.push(await runDeepReads([1000000]));`
  : `runs.push(await runDeepReads([1000000], ['array', 'object'], [{ proto: 'remove', bigint: 'always' }, { proto: 'error' }]));`;

test('deep documents through every read entry point and option match JSON.parse (child process)', () => {
  const result = expectClean(runChild(childSource(manyLevels + '\n' + million), { timeout: 600000 }));
  assert.deepEqual(result.failures, []);
  assert.ok(result.checked >= 132 * 2 + 44, `checked ${result.checked}`);
});

test('the same inside a worker thread (child process)', () => {
  const calls = manyLevels + '\n' + (full ? million : `runs.push(await runDeepReads([1000000], ['array'], [{ proto: 'remove', bigint: 'unsafe' }]));`);
  const body = `import { parentPort } from 'node:worker_threads';` + childSource(calls).replace("console.log('result:' + JSON.stringify(", 'parentPort.postMessage((');
  const program = `
import { Worker } from 'node:worker_threads';
const w = new Worker(new URL('data:text/javascript,' + encodeURIComponent(${JSON.stringify(body)})));
const message = await new Promise((resolve, reject) => { w.on('message', resolve); w.on('error', reject); });
console.log('result:' + JSON.stringify(message));
`;
  const result = expectClean(runChild(program, { timeout: 600000 }));
  assert.deepEqual(result.failures, []);
  assert.ok(result.checked >= 132 * 2 + 11, `checked ${result.checked}`);
});
