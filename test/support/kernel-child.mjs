// Run in a child process by kernel.select.test.mjs, with SIMDJSON_FORCE_IMPLEMENTATION
// set by the parent: reports the kernel in use and checks parse/get/stringify
// against JSON.parse on generated documents and the corpus. (Warnings go to
// stderr, where the parent reads them: they are emitted while the package loads.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Arena, get, implementation, parse, stringify } from '../../dist/index.mjs';
import { assertSameJson, corpusDir, corpusFiles } from './oracle.mjs';
import { scaled } from './scale.mjs';

// A small seeded generator: strings long enough to cross simdjson's 64-byte
// blocks, escapes, non-ASCII text, quotes and backslashes at block edges.
let seed = 0x2545f491;
const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pieces = ['a', 'é', '𝄞', '\\', '"', '\n', '\u0001', ' ', '{', ']', ',', ':', '0'];
function text() {
  let out = '';
  const length = Math.floor(next() * 90);
  for (let i = 0; i < length; i++) out += pieces[Math.floor(next() * pieces.length)];
  return out;
}
function value(depth) {
  const pick = Math.floor(next() * (depth > 4 ? 4 : 6));
  if (pick === 0) return text();
  if (pick === 1) return Math.floor(next() * 2e9) - 1e9 + (next() < 0.5 ? next() : 0);
  if (pick === 2) return [true, false, null][Math.floor(next() * 3)];
  if (pick === 3) return -0.5e-300 * next();
  if (pick === 4) return Array.from({ length: Math.floor(next() * 6) }, () => value(depth + 1));
  const object = {};
  for (let i = Math.floor(next() * 6); i > 0; i--) object[text()] = value(depth + 1);
  return object;
}

let checked = 0;
const arena = new Arena();
const generatedDocuments = scaled(300, 60);
for (let i = 0; i < generatedDocuments; i++) {
  const source = JSON.stringify({ id: i, body: value(0) }, null, i % 3 === 0 ? 2 : undefined);
  const expected = JSON.parse(source);
  assertSameJson(parse(source), expected, `generated ${i}`);
  assertSameJson(parse(Buffer.from(source)), expected, `generated ${i} (bytes)`);
  assertSameJson(arena.parse(source).toJS(), expected, `generated ${i} (arena)`);
  assertSameJson(get(source, 'id'), i, `generated ${i} get`);
  if (stringify(parse(source)) !== JSON.stringify(expected)) throw new Error(`generated ${i}: stringify differs`);
  // Cut the document short: every prefix is invalid JSON and must be a SyntaxError.
  const cut = source.slice(0, Math.floor(next() * (source.length - 1)));
  let threw = false;
  try {
    parse(cut);
  } catch (error) {
    threw = error instanceof SyntaxError && error.code === 'ERR_JSON_SYNTAX';
  }
  if (!threw) throw new Error(`generated ${i}: a truncated document was not a SyntaxError`);
  arena.reset();
  checked++;
}
for (const file of corpusFiles) {
  const bytes = readFileSync(join(corpusDir, file));
  assertSameJson(parse(bytes), JSON.parse(bytes.toString('utf8')), file);
  checked++;
}

// Hostile inputs whose outcome (value, or error code and position) every kernel
// must agree on: non-ASCII after a backslash, invalid UTF-8 in and out of strings.
const hostile = [
  '["\\🌀"]', '[1,,"\\é"]', '["\\\\é", "\\éé"]', '{"a\\é":1}', '[\\é]', '"\\\u0080"', '"é\\',
  [0x22, 0x5c, 0xff, 0x22], [0x22, 0x5c, 0x5c, 0xff, 0x22], [0x5b, 0xff, 0x5d], [0x22, 0xe9, 0x22], [0x22, 0xf0, 0x9f, 0x22],
];
const outcomes = [];
for (const input of hostile) {
  const bytes = typeof input === 'string' ? Buffer.from(input) : Buffer.from(input);
  for (const [name, run] of [
    ['parse(bytes)', () => parse(bytes)],
    ['parse(string)', () => parse(bytes.toString('utf8'))],
    ['arena.parse(bytes)', () => arena.parse(bytes).toJS()],
    ['arena.parse(string)', () => arena.parse(bytes.toString('utf8')).toJS()],
  ]) {
    try {
      outcomes.push([name, bytes.toString('hex'), JSON.stringify(run())]);
    } catch (error) {
      const kind = error instanceof SyntaxError ? 'SyntaxError' : String(error);
      outcomes.push([name, bytes.toString('hex'), kind, error.code, error.position]);
    }
  }
  arena.reset();
}
arena.free();
process.stdout.write(JSON.stringify({ implementation, checked, outcomes }));
