// Shared helpers for differential tests: where the test data lives, and a
// comparison that is stricter than deepStrictEqual (it also checks key order).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// The test data lives in the repository: the JSONTestSuite files with V8's
// answers in test/fixtures/json-test-suite/, the benchmark corpus in
// bench/corpus/. ARENAJSON_TESTDATA=<dir> reads both from <dir>/json-test-suite
// and <dir>/corpus instead.
const override = process.env.ARENAJSON_TESTDATA;
export const suiteDir = override ? join(override, 'json-test-suite') : join(root, 'test', 'fixtures', 'json-test-suite');
export const corpusDir = override ? join(override, 'corpus') : join(root, 'bench', 'corpus');
for (const dir of [suiteDir, corpusDir]) {
  if (!existsSync(dir)) throw new Error(`test data not found at ${dir}${override ? ' (from ARENAJSON_TESTDATA)' : ''}`);
}

/** The entries of v8-expected.json: what Node 20's JSON.parse does with each JSONTestSuite file. */
export function suiteCases() {
  return JSON.parse(readFileSync(join(suiteDir, 'v8-expected.json'), 'utf8')).tests;
}

export const corpusFiles = ['twitter.json', 'citm_catalog.json', 'canada.json'];

/** Asserts that two JSON-derived values are the same: same leaves (Object.is, so -0 counts), same key order. */
export function assertSameJson(actual, expected, where = '$') {
  if (expected === null || typeof expected !== 'object') {
    assert.ok(Object.is(actual, expected), `${where}: expected ${String(expected)}, got ${String(actual)}`);
    return;
  }
  assert.equal(Array.isArray(actual), Array.isArray(expected), `${where}: array vs object`);
  assert.ok(actual !== null && typeof actual === 'object', `${where}: expected a container`);
  assert.equal(Object.getPrototypeOf(actual), Object.getPrototypeOf(expected), `${where}: prototype differs`);
  const actualKeys = Reflect.ownKeys(actual);
  const expectedKeys = Reflect.ownKeys(expected);
  assert.deepEqual(actualKeys, expectedKeys, `${where}: keys differ`);
  for (const key of expectedKeys) {
    if (key === 'length' && Array.isArray(expected)) continue;
    assertSameJson(actual[key], expected[key], `${where}.${String(key)}`);
  }
}

/** Runs fn and returns {ok, value} or {ok: false, error}. */
export function attempt(fn) {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error };
  }
}
