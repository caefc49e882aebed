// Global install: `arenajson/register` makes parse and stringify the process's
// JSON.parse and JSON.stringify, and unregister() gives V8's back. Each case
// runs in a child process (a stack overflow or a broken global must not take
// the runner with it): the parse/stringify differential corpus through the
// globals, every library path that once called the globals (and so recursed
// without end once they were replaced), real code that calls JSON.parse
// internally (TypeScript's JSON reading, node:util, the test runner itself),
// then unregister().
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { expectClean, runChild } from './support/child.mjs';
import { root } from './support/oracle.mjs';

const support = (file) => JSON.stringify(pathToFileURL(join(root, 'test', 'support', file)).href);

// Exercises every path of the library that used to call JSON.parse or
// JSON.stringify (errors, JSON Lines, BigInts, the builder, lazy views, odd
// gaps, the tape) and checks each against the functions saved in `original`.
const libraryPaths = `
function libraryPaths(arenajson, original, label) {
  const { Arena, get, parse, parseLazy, stringify } = arenajson;
  const syntax = (fn, expected) => assert.throws(fn, (error) => error.constructor === SyntaxError && error.code === 'ERR_JSON_SYNTAX'
    && (expected === undefined || error.message === expected), label);
  const v8Message = (text) => { try { original.parse(text); } catch (error) { return error.message; } };
  const arena = new Arena();
  syntax(() => JSON.parse('[1,]'), v8Message('[1,]'));
  syntax(() => JSON.parse(Buffer.from('{"a" 1}')), v8Message('{"a" 1}'));
  syntax(() => arena.parse('{"a":tru}'), v8Message('{"a":tru}'));
  syntax(() => arena.parseLines('1\\n[2,'));
  syntax(() => get('{"a":1}\\n{', '..#'));
  syntax(() => parseLazy(Buffer.from('[1, 2')), v8Message('[1, 2'));
  syntax(() => JSON.parse('{"a":', { bigint: 'always' }), v8Message('{"a":'));
  assert.deepEqual(JSON.parse('[12345678901234567890]', { bigint: 'always' }), [12345678901234567890n], label);
  assert.equal(stringify({ n: 12345678901234567890n, m: [1n] }, null, 1, { bigint: true }), '{\\n "n": 12345678901234567890,\\n "m": [\\n  1\\n ]\\n}', label);
  assert.equal(stringify({ n: 5n }, (key, value) => value, 0, { bigint: true }), '{"n":5}', label);
  const built = arena.object();
  built.set('a.b', { c: [1, { d: 'e' }], toJSON() { return { wrapped: true }; } });
  built.set('n', { big: 7n }, { bigint: true });
  built.set('list', [1, 2]);
  assert.equal(JSON.stringify(built), original.stringify({ a: { b: { wrapped: true } }, n: { big: 7 }, list: [1, 2] }), label);
  assert.equal(built.stringify({ space: '\\ud800' }), original.stringify(built.toJS(), null, '\\ud800'), label);
  const text = original.stringify({ rows: Array.from({ length: 3000 }, (_, i) => ({ id: i, name: 'row ' + i, tags: ['x', i % 7] })) });
  const doc = arena.parse(text);
  const view = doc.lazy();
  assert.equal(view.rows[2999].name, 'row 2999', label);
  assert.deepEqual(Object.keys(view.rows[5]), ['id', 'name', 'tags'], label);
  assert.equal(JSON.stringify(view), text, label);
  assert.equal(JSON.stringify(doc, null, 2), original.stringify(original.parse(text), null, 2), label);
  assert.deepEqual(JSON.parse(text), original.parse(text), label);  // past the tape's threshold
  assert.deepEqual(JSON.parse(Buffer.from(text)), original.parse(text), label);
  arena.free();
}
`;

test('import \'arenajson/register\': the differential corpus, the library\'s own paths and real code through the globals; unregister() restores V8\'s', () => {
  const source = `
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { format, inspect } from 'node:util';
import { assertSameJson, attempt, corpusDir, corpusFiles, root, suiteCases, suiteDir } from ${support('oracle.mjs')};
import { random, randomJson } from ${support('random-text.mjs')};
${libraryPaths}
const original = { parse: JSON.parse, stringify: JSON.stringify };
const registration = await import('arenajson/register');
const arenajson = await import('arenajson');
assert.equal(JSON.parse, arenajson.parse);
assert.equal(JSON.stringify, arenajson.stringify);
assert.deepEqual(Object.keys(registration).sort(), ['default', 'register', 'unregister']);

// The global JSON.parse gives what V8's gives: values, or the SyntaxError (constructor and message).
const counts = { parsed: 0, rejected: 0, stringified: 0 };
function sameParse(input, label, reviver) {
  const expected = attempt(() => original.parse(input, reviver));  // V8 reads a Buffer through toString()
  const actual = attempt(() => JSON.parse(input, reviver));
  assert.equal(actual.ok, expected.ok, label + ': ' + (actual.error ?? expected.error));
  if (expected.ok) {
    assertSameJson(actual.value, expected.value, label);
    counts.parsed++;
  } else {
    assert.equal(actual.error.constructor, expected.error.constructor, label);
    assert.equal(actual.error.message, expected.error.message, label);
    assert.equal(actual.error.code, 'ERR_JSON_SYNTAX', label);
    counts.rejected++;
  }
}
function sameStringify(value, replacer, space, label) {
  const expected = attempt(() => original.stringify(value, replacer, space));
  const actual = attempt(() => JSON.stringify(value, replacer, space));
  assert.equal(actual.ok, expected.ok, label);
  if (expected.ok) assert.equal(actual.value, expected.value, label);
  else assert.deepEqual([actual.error.constructor, actual.error.message], [expected.error.constructor, expected.error.message], label);
  counts.stringified++;
}

for (const entry of suiteCases()) {
  const bytes = readFileSync(join(suiteDir, entry.file));
  sameParse(bytes.toString('utf8'), entry.file);
  sameParse(bytes, entry.file + ' (Buffer)');
}
const reviver = function (key, value) { return typeof value === 'number' ? value * 2 : Array.isArray(value) ? [key, ...value] : value; };
for (const file of corpusFiles) {
  const text = readFileSync(join(corpusDir, file), 'utf8');
  sameParse(text, file);
  sameParse(Buffer.from(text), file + ' (Buffer)');
  sameParse(text, file + ' (reviver)', reviver);
  const value = original.parse(text);
  for (const [replacer, space] of [[undefined, undefined], [null, 2], [null, '\\t'], [(key, v) => (typeof v === 'number' ? String(v) : v), 1], [['id', 'name', 'type', 'features', 'events'], 0]]) {
    sameStringify(value, replacer, space, file);
  }
}
const next = random(1616);
for (let i = 0; i < 300; i++) {
  const text = randomJson(next, 4, 6);
  sameParse(text, 'random #' + i);
  sameParse(text.slice(0, Math.floor(next() * text.length)), 'random truncated #' + i);
  const value = original.parse(text);
  sameStringify(value, undefined, i % 4, 'random #' + i);
}
const cyclic = { a: [] };
cyclic.a.push(cyclic);
const specials = [undefined, null, () => 1, Symbol('s'), 10n, { n: 1n }, cyclic, NaN, -0, Infinity, new Date(0), new Map([[1, 2]]),
  Object(1), Object('s'), Object(false), [undefined, () => 1, Symbol('x')], { toJSON(key) { return 'key:' + key; } }, '\\ud800\\u2028"', [[[]]], {}];
for (const [i, value] of specials.entries()) {
  for (const space of [undefined, 2, '--', 20, '\\ud800', Object(3)]) sameStringify(value, null, space, 'special #' + i);
  sameStringify(value, (key, v) => v, undefined, 'special #' + i + ' (replacer)');
}

libraryPaths(arenajson, original, 'registered');

// Real code that calls JSON.parse / JSON.stringify.
const require = createRequire(join(root, 'package.json'));
const ts = require('typescript');
assert.deepEqual(ts.readJson(join(root, 'package.json'), ts.sys), original.parse(readFileSync(join(root, 'package.json'), 'utf8')));
const errors = [];
ts.validateLocaleAndSetLanguage('de', ts.sys, errors);
assert.deepEqual(errors, []);
const localeFile = join(require.resolve('typescript/package.json'), '..', 'lib', 'de', 'diagnosticMessages.generated.json');
const german = original.parse(readFileSync(localeFile, 'utf8'));
const message = ts.Diagnostics.Unknown_compiler_option_0;
assert.equal(ts.getLocaleSpecificMessage(message), german[message.key]);
assert.notEqual(german[message.key], message.message);
assert.equal(format('%j', { a: [1, 'b'] }), '{"a":[1,"b"]}');
assert.deepEqual(await new Response('{"a":[1,{"b":null}]}').json(), { a: [1, { b: null }] });  // fetch (undici) calls the global
await assert.rejects(new Response('{"a":').json(), (error) => error.constructor === SyntaxError && error.code === 'ERR_JSON_SYNTAX');
assert.equal(inspect(JSON.parse('{"a":{"b":[1,2]}}'), { depth: 0 }), '{ a: [Object] }');

// unregister() gives V8's functions back; the library keeps working.
registration.unregister();
assert.equal(JSON.parse, original.parse);
assert.equal(JSON.stringify, original.stringify);
assert.deepEqual(arenajson.parse('[1]'), [1]);
// register() again, and a global replaced since then is left alone by unregister().
registration.register();
assert.equal(JSON.parse, arenajson.parse);
const foreign = (text) => original.parse(text);
JSON.parse = foreign;
registration.unregister();
assert.equal(JSON.parse, foreign);
assert.equal(JSON.stringify, original.stringify);
JSON.parse = original.parse;

// Installed by hand, as \`JSON.parse = parse\` code bases do: no path recurses.
JSON.parse = arenajson.parse;
JSON.stringify = arenajson.stringify;
libraryPaths(arenajson, original, 'by hand');
JSON.parse = original.parse;
JSON.stringify = original.stringify;
console.log('result:' + original.stringify(counts));
`;
  const counts = expectClean(runChild(source), 'register');
  assert.ok(counts.parsed > 500 && counts.rejected > 400 && counts.stringified > 400, JSON.stringify(counts));
});

test('require(\'arenajson/register\') installs once; import of it in the same process is the same module', () => {
  const source = `
const assert = require('node:assert/strict');
const original = { parse: JSON.parse, stringify: JSON.stringify };
const registration = require('arenajson/register');
const arenajson = require('arenajson');
assert.equal(JSON.parse, arenajson.parse);
assert.equal(JSON.stringify, arenajson.stringify);
assert.equal(require('arenajson/register'), registration);
assert.deepEqual(JSON.parse(Buffer.from('{"a":[1,2]}')), { a: [1, 2] });
import('arenajson/register').then((esm) => {
  assert.equal(esm.unregister, registration.unregister);
  assert.equal(esm.default, registration);
  esm.unregister();
  assert.equal(JSON.parse, original.parse);
  assert.equal(JSON.stringify, original.stringify);
  console.log('result:' + JSON.stringify({ ok: true }));
});
`;
  const child = spawnSync(process.execPath, ['-e', source], { cwd: root, encoding: 'utf8', timeout: 60000 });
  assert.equal(child.status, 0, child.stderr);
  assert.match(child.stdout, /result:\{"ok":true\}/);
});

// Under qemu's user-mode emulation (npm run test:arm64) the runner's own
// children go through a shell that cannot execute the arm64 Node.
const emulated = process.env.ARENAJSON_QEMU_NODE ? 'the test runner\'s children cannot start the arm64 Node under qemu user-mode emulation' : false;

test('node --import arenajson/register --test: the test runner runs with the globals installed', { skip: emulated }, () => {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;  // a runner of its own, not a child of this one
  const child = spawnSync(process.execPath, ['--import', 'arenajson/register', '--test', '--test-reporter=tap', join('test', 'support', 'register-suite.mjs')],
    { cwd: root, env, encoding: 'utf8', timeout: 120000 });
  assert.equal(child.status, 0, child.stdout + child.stderr);
  assert.match(child.stdout, /^# pass 4$/m);
  assert.match(child.stdout, /^# fail 0$/m);
  assert.match(child.stdout, /# \{"list":\[1,"two",\{"three":3\}\],"nested":\{"ok":true,"none":null\}\}/);
});

test('lib/ calls JSON.parse and JSON.stringify only through the functions taken at load (lib/builtin-json.ts)', () => {
  const calls = [];
  for (const file of readdirSync(join(root, 'lib')).filter((name) => name.endsWith('.ts'))) {
    const code = readFileSync(join(root, 'lib', file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    for (const match of code.matchAll(/\bJSON\s*\.\s*(parse|stringify)\s*(\(|\.\s*(call|apply|bind)\b)/g)) calls.push(`${file}: ${match[0]}`);
  }
  assert.deepEqual(calls, []);
});
