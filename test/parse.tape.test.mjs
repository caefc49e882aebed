// parse(bytes) through the value tape (native/read/value_tape.h, lib/value-tape.ts)
// against V8's JSON.parse. ARENAJSON_PARSE_TAPE=always makes every input take
// the tape whatever its size or shape, so the generated documents, the
// JSONTestSuite and mutated texts all go through it, as bytes and as strings
// (a string holding a lone surrogate must still read as JSON.parse reads it);
// the last test checks which documents the default settings send there.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertSameJson, attempt, corpusDir, corpusFiles, suiteCases, suiteDir } from './support/oracle.mjs';
import { createRandom, edgeNumbers, generateDocument, mutate, specialKeys } from './support/generate.mjs';

process.env.ARENAJSON_PARSE_TAPE = 'always';
const { Arena, parse, metrics } = await import('../dist/index.mjs');
const indexUrl = new URL('../dist/index.mjs', import.meta.url).href;

// Same value as JSON.parse(text) (keys, order, -0, prototypes), or the same
// failure, for the bytes and (unless `bytesOnly`) for their text as a string.
function check(bytes, label, bytesOnly = false) {
  const text = Buffer.from(bytes).toString('utf8');
  const ok = same(() => parse(bytes), text, label);
  if (!bytesOnly) same(() => parse(text), text, `${label} (string)`);
  return ok;
}

function same(ours, text, label) {
  const expected = attempt(() => JSON.parse(text));
  const actual = attempt(ours);
  if (expected.ok) {
    assert.ok(actual.ok, `${label}: V8 accepts, we threw ${actual.error}`);
    assertSameJson(actual.value, expected.value, label);
  } else {
    assert.ok(!actual.ok, `${label}: V8 rejects, we accepted`);
    assert.ok(actual.error instanceof SyntaxError, `${label}: ${actual.error}`);
    assert.equal(actual.error.message, expected.error.message, label);
  }
  return expected.ok;
}

// How many parses the tape made (each counts as a native parse).
function tapeParses(fn) {
  const before = metrics().documentsParsed;
  fn();
  return metrics().documentsParsed - before;
}

test('every JSONTestSuite file through the tape matches JSON.parse', () => {
  let taken = 0;
  for (const entry of suiteCases()) {
    const bytes = readFileSync(join(suiteDir, entry.file));
    taken += tapeParses(() => check(bytes, entry.file, true));
    const latin1 = bytes.toString('latin1');
    same(() => parse(latin1), latin1, `${entry.file} (as Latin-1 text)`);
    check(new Uint8Array(bytes), `${entry.file} (Uint8Array)`);
  }
  assert.ok(taken > 90, `only ${taken} suite files went through the tape`);
});

test('the corpus through the tape matches JSON.parse', () => {
  for (const file of corpusFiles) {
    const bytes = readFileSync(join(corpusDir, file));
    assert.equal(tapeParses(() => check(bytes, file)), 2, `${file} took the tape as bytes and as a string`);
  }
});

test('3,000 generated documents (edge numbers, special keys, escapes, lone surrogates) match JSON.parse', () => {
  const random = createRandom(0x7a9e);
  let taken = 0;
  for (let i = 0; i < 3000; i++) {
    const text = generateDocument(random, { maxDepth: 1 + (i % 7), maxItems: 2 + (i % 9), loneSurrogates: i % 5 === 0 });
    taken += tapeParses(() => check(Buffer.from(text), `document ${i}: ${text.slice(0, 200)}`));
  }
  assert.ok(taken >= 2900, `only ${taken} of 3000 took the tape`);
});

test('every edge number and special key, alone and in arrays and objects, matches JSON.parse', () => {
  const numbers = edgeNumbers.join(',');
  const texts = [
    `[${numbers}]`, `[${numbers},"x"]`, `[[${numbers}],[],[${numbers}]]`,
    ...edgeNumbers, ...edgeNumbers.map((n) => `{"n":${n}}`),
    '{' + specialKeys.map((key, i) => `${key.includes('\\') ? `"${key}"` : JSON.stringify(key)}:${i}`).join(',') + '}',
    '{"__proto__":{"polluted":1},"a":[{"__proto__":null}]}', '{"\\u005f_proto__":[1]}',
    '{"a":1,"a":2,"b":3,"a":4}', '{"2":1,"1":2,"b":3,"0":4,"4294967295":5,"4294967294":6}',
    '"\\ud800"', '["\\udc00\\ud800", "\\ud83d\\ude00", "é", "\\u0000"]', '["\ud800", "\udc00x", "\ufffd"]',
    '\ufeff[1]', '[1,]', '{"a" 1}', '[' + '1,'.repeat(5000) + '2]',
  ];
  for (const text of texts) check(Buffer.from(text), text.slice(0, 120));
});

test('3,000 mutated documents fail or succeed exactly as JSON.parse', () => {
  const random = createRandom(0xbad5);
  for (let i = 0; i < 3000; i++) {
    const text = generateDocument(random, { maxDepth: 4, maxItems: 5 });
    const { kind, input } = mutate(random, text);
    check(typeof input === 'string' ? Buffer.from(input) : input, `${kind} of ${text.slice(0, 120)}`);
  }
});

test('toJS() through the tape: documents, subtrees, edited documents and built values match JSON.parse', () => {
  const random = createRandom(0x7015);
  const arena = new Arena();
  for (let i = 0; i < 600; i++) {
    const text = generateDocument(random, { maxDepth: 2 + (i % 5), maxItems: 2 + (i % 7), loneSurrogates: i % 4 === 0 });
    const expected = JSON.parse(text);
    const doc = arena.parse(text);
    assertSameJson(doc.toJS(), expected, `document ${i}`);
    if (typeof expected === 'object' && expected !== null) {
      for (const key of Object.keys(expected).slice(0, 3)) {
        const path = Array.isArray(expected) ? key : key.replace(/[.|*?#@!\\{}\[\]()=<>%,:"]/g, '\\$&');
        const value = doc.query(path);
        if (value !== undefined) assertSameJson(value.toJS(), expected[key], `document ${i} .${key}`);
      }
    }
    if (i % 10 === 0) arena.reset();
  }
  const doc = arena.parse('{"a":[1,2,{"b":-0}],"c":"x"}');
  doc.set('a.2.d', [1e21, 'é']);
  doc.delete('c');
  assertSameJson(doc.toJS(), { a: [1, 2, { b: -0, d: [1e21, 'é'] }] }, 'edited');
  const built = arena.object();
  built.set('x', { y: [1, 2, 3] });
  built.set('z', doc.query('a'));
  assertSameJson(built.toJS(), { x: { y: [1, 2, 3] }, z: [1, 2, { b: -0, d: [1e21, 'é'] }] }, 'built');
  arena.free();
});

test('deep nesting: the tape declines past its depth limit and JSON.parse answers', () => {
  for (const depth of [1999, 2000, 2001, 5000]) {
    const array = '['.repeat(depth) + '1' + ']'.repeat(depth);
    const object = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    check(Buffer.from(array), `array depth ${depth}`);
    check(Buffer.from(object), `object depth ${depth}`);
  }
});

test('default settings: large byte documents take the tape unless short strings crowd them; strings only when ASCII and number-heavy', () => {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', `
    import { parse, metrics } from ${JSON.stringify(indexUrl)};
    import { readFileSync } from 'node:fs';
    const taken = (bytes) => { const before = metrics().documentsParsed; parse(bytes); return metrics().documentsParsed - before; };
    const result = {};
    for (const file of ${JSON.stringify(corpusFiles)}) result[file] = taken(readFileSync(${JSON.stringify(corpusDir)} + '/' + file));
    result.small = taken(Buffer.from(JSON.stringify({ a: [1, 2, 3] })));
    const canadaText = readFileSync(${JSON.stringify(corpusDir)} + '/canada.json', 'utf8');
    result.canadaString = taken(canadaText);
    result.twitterString = taken(readFileSync(${JSON.stringify(corpusDir)} + '/twitter.json', 'utf8'));
    const lone = canadaText.trimEnd().slice(0, -1) + ',"\\ud800":"\\udc00"}';
    result.loneSurrogateString = taken(lone);
    result.loneSurrogateSame = lone.includes('\\ud800') && JSON.stringify(parse(lone)) === JSON.stringify(JSON.parse(lone));
    const citm = JSON.parse(readFileSync(${JSON.stringify(corpusDir)} + '/citm_catalog.json', 'utf8'));
    result.repeatedStrings40KB = taken(Buffer.from(JSON.stringify({ performances: citm.performances.slice(0, 20) })));
    result.distinctStrings64KB = taken(Buffer.from(JSON.stringify(Array.from({ length: 2000 }, (_, i) => 'a distinct string, number ' + i))));
    result.shortStrings = taken(Buffer.from(JSON.stringify(Array.from({ length: 100000 }, (_, i) => 'k' + i))));
    result.uniqueKeysLater = taken(Buffer.from('[' + '1,'.repeat(20000) + JSON.stringify(Object.fromEntries(Array.from({ length: 50000 }, (_, i) => ['key' + i, i]))) + ']'));
    console.log(JSON.stringify(result));
  `], { encoding: 'utf8', env: { ...process.env, ARENAJSON_PARSE_TAPE: '' } });
  const result = JSON.parse(output);
  assert.deepEqual(result, {
    'twitter.json': 1, 'citm_catalog.json': 1, 'canada.json': 1, small: 0, shortStrings: 0, uniqueKeysLater: 0,
    canadaString: 1, twitterString: 0, loneSurrogateString: 0, loneSurrogateSame: true,
    repeatedStrings40KB: 1, distinctStrings64KB: 0,
  });
});

test('a setter on Array.prototype that frees the arena while the tape hands over strings does not crash', () => {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', `
    import { Arena, parse } from ${JSON.stringify(indexUrl)};
    const arena = new Arena();
    const doc = arena.parse(JSON.stringify({ a: ['x', 'y', { z: 'w' }], b: 'v' }));
    let fired = 0;
    Object.defineProperty(Array.prototype, '0', {
      configurable: true,
      set(value) { fired++; try { arena.free(); } catch {} ; Object.defineProperty(this, '0', { value, writable: true, enumerable: true, configurable: true }); },
    });
    let outcome;
    try { outcome = JSON.stringify(doc.toJS()); } catch (error) { outcome = error.code ?? String(error); }
    let parsed;
    try { parsed = JSON.stringify(parse(Buffer.from('["p","q"]'))); } catch (error) { parsed = error.code ?? String(error); }
    delete Array.prototype[0];
    console.log(JSON.stringify({ fired, outcome, parsed }));
  `], { encoding: 'utf8', env: { ...process.env, ARENAJSON_PARSE_TAPE: 'always' } });
  const result = JSON.parse(output);
  assert.ok(result.fired > 0, 'the setter never ran');
  assert.equal(result.parsed, '["p","q"]');
  assert.ok(typeof result.outcome === 'string');
});
