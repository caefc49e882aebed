// parse() and arena.parse().toJS() against V8's JSON.parse, on every
// JSONTestSuite file and the benchmark corpus, as strings and as bytes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Arena, parse } from '../dist/index.mjs';
import { assertSameJson, attempt, corpusDir, corpusFiles, suiteCases, suiteDir } from './support/oracle.mjs';

function checkAgainstV8(input, label, arena) {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
  const expected = attempt(() => JSON.parse(text));
  const ours = attempt(() => parse(input));
  const inArena = attempt(() => arena.parse(input).toJS());
  for (const [name, actual] of [['parse', ours], ['arena.parse', inArena]]) {
    if (expected.ok) {
      assert.ok(actual.ok, `${label} ${name}: V8 accepts, we threw ${actual.error}`);
      assertSameJson(actual.value, expected.value, `${label} ${name}`);
    } else {
      assert.ok(!actual.ok, `${label} ${name}: V8 rejects (${expected.error.message}), we accepted`);
      assert.equal(actual.error.constructor, SyntaxError, `${label} ${name}: not a genuine SyntaxError: ${actual.error}`);
      assert.equal(actual.error.code, 'ERR_JSON_SYNTAX');
      assert.equal(typeof actual.error.position, 'number');
      // V8's message for the text (for bytes, for their decoding), byte for byte.
      assert.equal(actual.error.message, expected.error.message, `${label} ${name}`);
    }
  }
}

test('every JSONTestSuite file, as a string and as a Buffer, matches JSON.parse', () => {
  const arena = new Arena();
  const cases = suiteCases();
  assert.equal(cases.length, 318);
  for (const entry of cases) {
    const bytes = readFileSync(join(suiteDir, entry.file));
    checkAgainstV8(bytes, `${entry.file} (bytes)`, arena);
    checkAgainstV8(new Uint8Array(bytes), `${entry.file} (Uint8Array)`, arena);
    checkAgainstV8(bytes.toString('utf8'), `${entry.file} (string)`, arena);
    assert.equal(attempt(() => parse(bytes)).ok, entry.accepts, `${entry.file}: v8-expected.json disagrees`);
    arena.reset();
  }
  arena.free();
});

test('the benchmark corpus matches JSON.parse, whole and at every top-level member', () => {
  const arena = new Arena();
  for (const file of corpusFiles) {
    const bytes = readFileSync(join(corpusDir, file));
    const expected = JSON.parse(bytes.toString('utf8'));
    assertSameJson(parse(bytes), expected, file);
    assertSameJson(parse(bytes.toString('utf8')), expected, file);
    const doc = arena.parse(bytes);
    assertSameJson(doc.toJS(), expected, file);
    for (const key of Object.keys(expected)) {
      assertSameJson(doc.get(key.replace(/[.|\\*?#@!{}\[\]()=<>%,:"]/g, '\\$&')), expected[key], `${file}.${key}`);
    }
    arena.reset();
  }
  arena.free();
});
