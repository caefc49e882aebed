// simdjson's kernel: SIMDJSON_FORCE_IMPLEMENTATION picks it (the portable
// `fallback` covers CPUs without SIMD); an unknown or empty name must neither
// crash nor break parsing. Each case runs in a child process, because the
// kernel is chosen once, when the addon loads.
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { implementation } from '../dist/index.mjs';
import { root } from './support/oracle.mjs';
import { scaled } from './support/scale.mjs';

// simdjson's kernels on every architecture it supports; a build holds only its own.
const kernels = ['icelake', 'haswell', 'westmere', 'arm64', 'ppc64', 'lasx', 'lsx', 'fallback'];
const foreignKernel = process.arch === 'arm64' ? 'haswell' : 'arm64';

// The portable kernel checks UTF-8 only where it must (not outside strings, not
// after a backslash) and leaves the rest to the syntax check, so for invalid
// UTF-8 the kernels agree on the error but not on the reported position (the
// SIMD kernels stop before the syntax check and report 0).
function comparable(outcomes) {
  return outcomes.map(([name, hex, ...outcome]) =>
    isUtf8(Buffer.from(hex, 'hex')) ? [name, hex, ...outcome] : [name, hex, ...outcome.slice(0, 2)],
  );
}

function runWithKernel(name) {
  const env = { ...process.env };
  if (name === undefined) delete env.SIMDJSON_FORCE_IMPLEMENTATION;
  else env.SIMDJSON_FORCE_IMPLEMENTATION = name;
  const child = spawnSync(process.execPath, [join(root, 'test', 'support', 'kernel-child.mjs')], {
    env,
    encoding: 'utf8',
  });
  assert.equal(child.signal, null, `kernel ${name}: killed by ${child.signal}\n${child.stderr}`);
  assert.equal(child.status, 0, `kernel ${name}: exit ${child.status}\n${child.stderr}`);
  const warnings = [...child.stderr.matchAll(/\[(ARENAJSON_\w+)\] Warning/g)].map((match) => match[1]);
  return { ...JSON.parse(child.stdout), warnings };
}

test('the detected kernel is a simdjson kernel and parses correctly', () => {
  const result = runWithKernel(undefined);
  assert.ok(kernels.includes(result.implementation), result.implementation);
  assert.deepEqual(result.warnings, []);
  assert.ok(result.checked > scaled(300, 60));
});

test('on arm64 the detected kernel is the NEON one (arm64)', { skip: process.arch !== 'arm64' }, () => {
  const result = runWithKernel(undefined);
  assert.equal(result.implementation, 'arm64');
  assert.deepEqual(result.warnings, []);
});

test('SIMDJSON_FORCE_IMPLEMENTATION=fallback selects the portable kernel, which parses correctly', () => {
  const result = runWithKernel('fallback');
  assert.equal(result.implementation, 'fallback');
  assert.deepEqual(result.warnings, []);
});

test('every kernel this CPU runs gives the same answers; the others are replaced with a warning', () => {
  const detected = runWithKernel(undefined);
  const best = detected.implementation;
  assert.ok(detected.outcomes.length > 40);
  for (const [name, input, kind] of detected.outcomes) {
    if (kind !== 'SyntaxError' && !kind.startsWith('"') && !kind.startsWith('[') && !kind.startsWith('{')) {
      assert.fail(`${name} ${input}: ${kind}`);
    }
  }
  for (const name of kernels) {
    const result = runWithKernel(name);
    if (result.implementation === name) {
      assert.deepEqual(result.warnings, [], name);
      assert.deepEqual(comparable(result.outcomes), comparable(detected.outcomes), `${name} disagrees with ${best}`);
    } else {
      assert.equal(result.implementation, best, name);
      assert.deepEqual(result.warnings, ['ARENAJSON_KERNEL'], name);
    }
  }
});

test('an unknown or empty kernel name falls back to the detected kernel instead of failing', () => {
  const best = runWithKernel(undefined).implementation;
  for (const name of ['no-such-kernel', 'FALLBACK', foreignKernel, '']) {
    const result = runWithKernel(name);
    assert.equal(result.implementation, best, JSON.stringify(name));
    assert.deepEqual(result.warnings, name === '' ? [] : ['ARENAJSON_KERNEL'], JSON.stringify(name));
  }
});

test('when the suite runs under a forced kernel, that kernel is the one in use', () => {
  const forced = process.env.SIMDJSON_FORCE_IMPLEMENTATION;
  if (forced) assert.equal(implementation, forced);
  else assert.ok(kernels.includes(implementation), implementation);
});
