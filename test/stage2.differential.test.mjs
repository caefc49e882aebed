// Stage 2 against its former self: the product's parse_document() and the
// stage 2 it replaced (test/native/stage2-oracle.cc) must agree on every
// accept/reject decision and, for accepted texts, on every field of every node.
// The test compiles a small driver (test/native/stage2-differential.cc) with
// g++ against the native sources and the simdjson library of the addon's build,
// feeds it a number-dense generated set plus hostile inputs, and also checks
// each decision on valid UTF-8 against JSON.parse. Skipped (with the reason)
// where there is no compiler or no build of simdjson, as with a prebuild.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateSeed } from '../bench/data/seed.mjs';
import { createRandom, edgeNumbers, generateDocument, mutate } from './support/generate.mjs';
import { root } from './support/oracle.mjs';
import { scaled } from './support/scale.mjs';

const sanitized = process.env.ARENAJSON_SANITIZED === '1';
const sources = [
  'test/native/stage2-differential.cc', 'test/native/stage2-oracle.cc', 'native/parse/stage2.cc',
  'native/parse/document.cc', 'native/parse/kernel.cc', 'native/parse/materialize.cc', 'native/memory/arena.cc',
  'native/memory/error.cc',
];
const headers = [
  'test/native/stage2-oracle.h', 'test/native/stage2-compare.h', 'native/parse/stage2.h', 'native/parse/document.h', 'native/parse/json_chars.h',
  'native/parse/kernel.h', 'native/parse/materialize.h', 'native/parse/unicode.h', 'native/memory/arena.h',
  'native/memory/error.h', 'native/memory/size_limits.h', 'native/parse/compact_numbers.h', 'native/parse/stage2_kernel.h',
];
const simdjsonLibrary = join(root, 'build', 'Release', 'simdjson.a');
const simdjsonDir = join(root, 'node_modules', '@nozbe', 'simdjson', 'src');

// The driver, built once per content of its sources (cached under build/).
function buildDriver() {
  if (!existsSync(simdjsonLibrary)) return { skip: `no ${simdjsonLibrary} (the addon was not built from source)` };
  const hash = createHash('sha256');
  for (const file of [...sources, ...headers]) hash.update(readFileSync(join(root, file)));
  hash.update(sanitized ? 'sanitized' : 'release');
  const dir = join(root, 'build', 'stage2-differential');
  const driver = join(dir, `driver-${hash.digest('hex').slice(0, 16)}-${sanitized ? 'sanitized' : 'release'}`);
  if (existsSync(driver)) return { driver };
  mkdirSync(dir, { recursive: true });
  // Drivers of older sources are of no more use.
  for (const old of readdirSync(dir)) if (old.startsWith(`driver-`) && old.endsWith(sanitized ? '-sanitized' : '-release')) rmSync(join(dir, old), { force: true });
  const flags = sanitized ? ['-O1', '-g', '-fsanitize=address,undefined', '-fno-sanitize=vptr'] : ['-O2'];
  const { LD_PRELOAD, ...env } = process.env;  // the sanitizer runtime preloaded for Node, not for g++
  const made = spawnSync('g++', [
    '-std=c++17', ...flags, '-fno-exceptions', '-DSIMDJSON_EXCEPTIONS=0', '-DNDEBUG',
    '-I', join(root, 'native'), '-I', simdjsonDir, '-I', join(root, 'test', 'native'),
    ...sources.map((file) => join(root, file)), simdjsonLibrary, '-o', `${driver}.partial`,
  ], { encoding: 'utf8', env });
  if (made.error?.code === 'ENOENT') return { skip: 'no g++ on PATH' };
  assert.equal(made.status, 0, `g++ failed:\n${made.stderr}`);
  execFileSync('mv', [`${driver}.partial`, driver]);
  return { driver };
}

// Inputs as [uint32 LE length][bytes]...
function pack(inputs) {
  const parts = [];
  for (const input of inputs) {
    const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input, 'utf8');
    const header = Buffer.alloc(4);
    header.writeUInt32LE(bytes.length);
    parts.push(header, bytes);
  }
  return Buffer.concat(parts);
}

// Number tokens at every edge, valid or not.
const numberTokens = [
  ...edgeNumbers, '-', '--1', '+1', '1.', '.5', '-.5', 'e5', 'E5', '1e', '1e+', '1e-', '1E+-1', '01', '-01', '00',
  '0.', '-0.', '0e', '1.e5', '1..2', '1.2.3', '0x10', '1_000', 'Infinity', '-Infinity', 'NaN', '1e99999999999',
  '1e-99999999999', '-1e309', '1e308', '1e-400', '2e53', String(2 ** 53 - 1), String(2 ** 53), String(2 ** 53 + 1),
  `-${2 ** 53 + 1}`, '9'.repeat(15), '9'.repeat(16), '-' + '9'.repeat(15), '-' + '9'.repeat(16), '1'.repeat(31),
  '1'.repeat(32), '1'.repeat(33), '1'.repeat(64), '1'.repeat(400), '0.' + '1'.repeat(30), '0.' + '1'.repeat(31),
  '1.' + '5'.repeat(40), '12345.678', '99999', '-0.001', '1e5', '1E-5', '1.5e+5', '-0e5', '0.0001', '123"4"',
  '1 2', '1\t', '1\n', '1\r', '-0', '-0.0', '0', '7', '-7', '1/2', '1e5.5', '٣', '１',
];

// Each token in every position a number takes.
function numberCases() {
  const mixedRun = '1,2.5,3,4.25,5,6.125,7,8.5,9,1.5,12,0.001';
  const out = [];
  for (const t of numberTokens) {
    out.push(t, `[${t}]`, `[${t},1]`, `[1,${t}]`, `[1, ${t} ]`, `{"a":${t}}`, `{"a":${t} ,"b":2}`, `[[${t}],[${t}]]`,
      `[[1,2],[${t},3]]`, `[${t},"x"]`, `[${t},[1]]`, ` ${t} `, `{"k":[${t}]}`, `[${t}${t}]`, `[${t}:1]`, `[${t}]]`,
      // After a run that alternates integers and decimals, the next run is read the other way (read_number_run).
      `[[${mixedRun}],[${t}]]`, `[[${mixedRun}],[1,${t},2.5]]`, `{"a":[${mixedRun}],"b":[${t},1]}`);
  }
  return out;
}

// Strings: escapes of every kind at every offset of the 64-byte blocks, non-ASCII, bad escapes.
// Compact arrays of numbers (no whitespace, at least four elements), which
// stage 2 reads 64 bytes at a time (native/parse/compact_numbers.h): each
// token at every offset of a block and across block ends, alone and in the
// nestings that reach that reader, and random compact runs with one byte
// changed.
function compactCases(random) {
  const out = [];
  const short = (i) => ['1', '-2', '3.5', '0', '-0.25', '47', '0.001', '-9'][i % 8];
  for (const t of numberTokens) {
    for (const shift of [0, 1, 2, 5, 13, 30, 31, 32, 33, 58, 59, 60, 61, 62, 63, 64]) {
      // `shift` bytes of numbers before the token: "1," pairs, and one "10," for odd shifts.
      const lead = [...(shift % 2 ? ['10'] : []), ...Array.from({ length: shift >> 1 }, () => '1')].slice(0, 40);
      const run = [...lead, t, ...Array.from({ length: 6 }, (_, i) => short(i))].join(',');
      out.push(`[${run}]`);
      if (shift % 4 === 0) {
        out.push(`[${t},${run}]`, `{"a":[${run}],"b":1}`, `[[${run}],[${run}]]`, `[[1,2],[${run}],[3,4]]`,
          `[[${run}],[1,2],[${run}]]`, `[${run}]]`, `[${run},]`, `[${run}`, `[${run} ]`, `[${run}\n]`);
      }
    }
  }
  const bytes = '0123456789.,-eE+ []{}"x';
  for (let i = 0; i < scaled(3000, 300); i++) {
    const run = Array.from({ length: random.between(4, 80) }, () => {
      const roll = random.next();
      if (roll < 0.4) return String(random.int(100000) * (random.chance(0.2) ? -1 : 1));
      if (roll < 0.8) return (random.int(100000) / 1000 - (random.chance(0.2) ? 100 : 0)).toFixed(random.between(1, 4));
      if (roll < 0.9) return random.pick(['0', '-0', '9'.repeat(random.between(14, 18)), '0.' + '5'.repeat(random.between(1, 70))]);
      return random.pick(numberTokens);
    }).join(',');
    let text = random.chance(0.5) ? `[${run}]` : `{"k":[[${run}],[${run}]]}`;
    if (random.chance(0.7)) {
      const at = random.between(1, text.length - 2);
      text = text.slice(0, at) + bytes[random.int(bytes.length)] + text.slice(at + (random.chance(0.5) ? 1 : 0));
    }
    out.push(text);
  }
  return out;
}

// Arrays of numbers with whitespace around their commas (`[1, 2]`, the
// output of JSON.stringify(x, null, 2) or of Python's json.dumps), which the
// same reader takes once it meets whitespace: each token after runs of
// whitespace that end at every offset of a block, runs longer than a block,
// a compact start that turns spaced, separators out of place, arrays left
// open at the end of the text (the padding after it is spaces too), and
// random spaced runs with one byte changed.
function spacedCases(random) {
  const out = [];
  const gaps = [' ', '\n', '\t', '\r\n', '\n' + ' '.repeat(30), ' '.repeat(63), ' '.repeat(64), ' '.repeat(65),
    ' '.repeat(130)];
  const short = (i) => ['1', '-2', '3.5', '0', '-0.25', '47', '0.001', '-9'][i % 8];
  for (const t of numberTokens) {
    for (const shift of [0, 1, 2, 7, 30, 31, 32, 33, 60, 61, 62, 63, 64]) {
      const lead = Array.from({ length: 4 }, (_, i) => short(i)).join(', ');
      const fill = ' '.repeat(shift);
      out.push(`[${lead},${fill}${t}, 1, 2]`, `[${lead}${fill}, ${t} ,3,4]`, `[${lead}, ${t}${fill}]`);
      if (shift % 4 === 0) {
        out.push(`{"a": [${lead},${fill}${t}, 5, 6], "b": 1}`, `[[${lead}, ${t}],${fill}[${lead}]]`);
      }
    }
    for (const gap of gaps) out.push(`[1,${gap}2,${gap}${t},${gap}4${gap}]`, `[1${gap},2${gap},${t}${gap},4]`);
  }
  // Short numbers, more than 16 to a block, at every alignment, so that a
  // number runs across each block end.
  for (let shift = 0; shift < 64; shift++) {
    const lead = '7,'.repeat(shift >> 1) + (shift % 2 ? ' ' : '');
    out.push(`[${lead}${'12, 3,4, 5,-6,7, 8,9,0.5,'.repeat(6)}0]`, `[${lead}${'1, 2, 3, 4, -5, 0, 6, 78, '.repeat(8)}9]`);
  }
  const broken = ['[1, 2 3, 4, 5]', '[1, 2,, 3, 4]', '[1, 2, , 3, 4]', '[1, 2, 3, 4 ,]', '[1, 2, 3, 4, ]',
    '[1 , 2 , 3 , 4 ]', '[1, 2, 3, 4 5]', '[1, 2, 3,\n4\n,\n5]', '[1,\f2, 3, 4]', '[1,\u00a02, 3, 4]', '[1, 2, 3, - 4]',
    '[1, 2, 3, 4. ]', '[1, 2, 3, 0 1]', '[1, 2, 3, 4] ', '[1, 2, 3, 4 ]]'];
  out.push(...broken);
  // Left open at the end of the text, with whitespace up to it.
  for (const tail of ['', ' ', ',', ', ', ' '.repeat(40), ',' + ' '.repeat(70), '\n'.repeat(64)]) {
    out.push(`[1, 2, 3, 4, 5${tail}`, `[1,2,3,4,5,6,7,8${tail}`, `{"a":[1, 2, 3, 4, 5${tail}`);
  }
  for (let i = 0; i < scaled(3000, 300); i++) {
    const n = random.between(4, 60);
    const compactFor = random.chance(0.3) ? random.int(n) : 0;  // a compact start, then whitespace
    let run = '';
    for (let k = 0; k < n; k++) {
      const roll = random.next();
      const value = roll < 0.45 ? String(random.int(100000) * (random.chance(0.2) ? -1 : 1))
        : roll < 0.9 ? (random.int(100000) / 1000).toFixed(random.between(1, 4)) : random.pick(numberTokens);
      if (k > 0) run += k < compactFor ? ',' : `${random.pick(['', '', ' ', '\n  '])},${random.pick([' ', '\n' + ' '.repeat(random.int(70)), '\t', ''])}`;
      run += value;
    }
    let text = random.chance(0.5) ? `[${run}${random.pick(['', ' ', '\n'])}]` : JSON.stringify({ k: [[0]] }, null, 2).replace('0', run);
    if (random.chance(0.7)) {
      const at = random.between(1, text.length - 2);
      text = text.slice(0, at) + random.pick([' ', '\n', ',', '-', '.', '0', '5', 'e', ']', '\t', '\u000b']) +
        text.slice(at + (random.chance(0.5) ? 1 : 0));
    }
    out.push(text);
  }
  // Pretty-printed documents of numbers.
  for (let i = 0; i < scaled(200, 20); i++) {
    const numbers = Array.from({ length: random.between(4, 200) }, () => random.int(1e6) / random.pick([1, 10, 1000]));
    const indent = random.pick([2, 4, '\t', 10]);
    out.push(JSON.stringify({ a: { b: numbers, c: [numbers.slice(0, 5), numbers] } }, null, indent));
  }
  return out;
}

// Strings: escapes of every kind at every offset of the 64-byte blocks, non-ASCII, bad escapes.
function stringCases() {
  const escapes = ['\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', '\\u0041', '\\uD83D\\uDE00', '\\uDC00',
    '\\u00e9', '\\uABCD', '\\x', '\\u12', '\\u12G4', '\\U0041', '\\', '\\\\\\', '\\\'', '\\0', '\\é', '\\😀'];
  const fillers = ['a', 'é', '中', '😀'];
  const out = [];
  for (const escape of escapes) {
    for (const offset of [0, 1, 14, 15, 16, 30, 31, 32, 60, 62, 63, 64, 65, 127, 128, 255, 256, 319, 320, 383]) {
      const filler = fillers[offset % fillers.length];
      out.push(`"${'a'.repeat(offset)}${escape}"`, `["${filler.repeat(offset)}${escape}x",1]`,
        `{"${'k'.repeat(offset)}${escape}":"${escape}"}`,
        // Bodies of 256 bytes or more take the wide escape loop (stage2.cc).
        `["${'a'.repeat(offset)}${escape}${'b\\n'.repeat(90)}"]`, `"${escape.repeat(40)}${filler.repeat(offset)}${escape}"`);
    }
  }
  // Every printable ASCII byte after a backslash and in each digit of a \u
  // escape, in a short body and in one long enough for the wide loop.
  for (let code = 0x20; code < 0x7f; code++) {
    const c = code === 0x22 ? '\\"' : code === 0x5c ? '\\\\' : String.fromCharCode(code);
    for (const escape of [`\\${c}`, `\\u${c}000`, `\\u0${c}00`, `\\u00${c}0`, `\\u000${c}`]) {
      out.push(`["a${escape}b"]`, `["${'x'.repeat(code % 64)}${escape}${'y\\n'.repeat(100)}"]`);
    }
  }
  for (const body of ['', ' ', 'a', '\\\\', '\\"', 'a\\"', '\\\\\\"', '"', '\t', '\u0001', '\u001f', '\u007f', 'é']) {
    out.push(`"${body}"`, `["${body}"]`, `{"${body}":1}`, `["${body}" , "x"]`);
  }
  // Invalid UTF-8 (stage 1 rejects it) inside and outside strings.
  for (const bad of [[0xff], [0x80], [0xc0, 0xaf], [0xc3], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
    out.push(Buffer.concat([Buffer.from('["a'), Buffer.from(bad), Buffer.from('b",1]')]));
    out.push(Buffer.concat([Buffer.from('[1,'), Buffer.from(bad), Buffer.from(']')]));
  }
  return out;
}

// Containers: nesting, empty and unclosed ones, separators out of place.
function structureCases() {
  const out = ['', ' ', '[', ']', '{', '}', '[]', '{}', '[[]]', '[{}]', '{"a":{}}', '[,]', '[1,]', '{"a":1,}', '{"a"}',
    '{"a":}', '{:1}', '{1:1}', '[1:2]', '{"a",1}', 'true', 'false', 'null', 'tru', 'nul', 'nulll', '[true,false,null]',
    '[truefalse]', '[null1]', '{"a":true}', '[]]', '[[]', '{}}', '"a"', '"a" "b"', '1 1', '[1][2]', '{}{}'];
  for (const depth of [1, 2, 63, 64, 65, 1000, 5000]) {
    out.push('['.repeat(depth) + ']'.repeat(depth), '['.repeat(depth), '['.repeat(depth) + '1' + ']'.repeat(depth),
      '{"a":'.repeat(depth) + '1' + '}'.repeat(depth), '[1,'.repeat(depth) + '2' + ']'.repeat(depth),
      '[['.repeat(depth) + ']'.repeat(depth), '{"a":['.repeat(depth));
  }
  return out;
}

// Number-dense documents: the bench's telemetry profile, small, and arrays of
// generated numbers of every shape, plus the corpus-like nesting of canada.
function denseCases(random) {
  const out = [generateSeed({ profile: 'telemetry', size: scaled(400000, 50000), fields: scaled(1500, 200), seed: 3 })];
  const numberText = () => {
    const roll = random.next();
    if (roll < 0.35) return String(random.int(100000));
    if (roll < 0.7) return (random.int(100000) / 1000).toFixed(3);
    if (roll < 0.8) return String(-random.int(1e9));
    if (roll < 0.9) return random.pick(edgeNumbers);
    return `${random.int(10)}.${random.int(1e6)}e${random.pick(['', '+', '-'])}${random.int(400)}`;
  };
  for (let i = 0; i < scaled(600, 50); i++) {
    const n = random.between(0, 120);
    const row = () => Array.from({ length: n }, numberText).join(random.chance(0.2) ? ', ' : ',');
    const shape = random.int(4);
    if (shape === 0) out.push(`[${row()}]`);
    else if (shape === 1) out.push(`[[${row()}],[${row()}]]`);
    else if (shape === 2) out.push(`{"a":[${row()}],"b":{"c":[${row()}, "s"]}}`);
    else out.push(`[${row()}${random.chance(0.5) ? ',[1,[2]]' : ''},{"x":[[${row()}]]}]`);
  }
  return out;
}

function allCases() {
  const random = createRandom(21);
  const inputs = [...numberCases(), ...compactCases(random), ...spacedCases(random), ...stringCases(), ...structureCases(), ...denseCases(random)];
  const generated = [];
  for (let i = 0; i < scaled(1500, 100); i++) {
    generated.push(generateDocument(random, { maxDepth: random.between(1, 6), maxItems: random.between(1, 12) }));
  }
  inputs.push(...generated);
  // Every valid case broken in the ways real input breaks (a BOM is turned
  // away before stage 2 ever runs, so it is left out).
  const valid = [...inputs.filter((x) => typeof x === 'string' && x.length < 20000)];
  for (let i = 0; i < scaled(8000, 400); i++) {
    const { kind, input } = mutate(random, random.pick(valid));
    if (kind !== 'bom') inputs.push(input);
  }
  return inputs;
}

const built = buildDriver();

test('stage 2 gives the same nodes and the same decisions as the stage 2 it replaced', { skip: built.skip }, (t) => {
  const inputs = allCases();
  const dir = join(tmpdir(), `arenajson-stage2-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'inputs.bin');
  writeFileSync(file, pack(inputs));
  const { LD_PRELOAD, ...env } = process.env;
  const run = spawnSync(built.driver, ['compare', file], { encoding: 'utf8', maxBuffer: 1 << 26, env, timeout: 120000 });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(run.signal, null, `driver killed by ${run.signal}: ${run.stderr}`);
  const lines = run.stdout.trimEnd().split('\n');
  const summary = lines.pop();
  assert.match(summary, /^summary /, `no summary: ${run.stderr}`);
  assert.equal(lines.length, inputs.length, summary);
  const mismatches = [];
  let checked = 0;
  for (const [i, line] of lines.entries()) {
    const input = inputs[i];
    const shown = JSON.stringify(Buffer.isBuffer(input) ? input.toString('latin1') : input).slice(0, 200);
    if (line.startsWith('MISMATCH')) {
      mismatches.push(`${line} on ${shown}`);
      continue;
    }
    // V8's verdict, where the text is what JSON.parse would see.
    const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input);
    const text = bytes.toString('utf8');
    if (!Buffer.from(text).equals(bytes)) continue;  // invalid UTF-8: V8 would see U+FFFD
    let v8 = true;
    try {
      JSON.parse(text);
    } catch {
      v8 = false;
    }
    checked++;
    if (v8 !== (line === 'accept')) mismatches.push(`JSON.parse ${v8 ? 'accepts' : 'rejects'}, stage 2 says ${line}, on ${shown}`);
  }
  assert.deepEqual(mismatches.slice(0, 10), [], `${mismatches.length} mismatches; ${summary}`);
  assert.equal(run.status, 0, summary);
  t.diagnostic(`${summary}; ${checked} decisions checked against JSON.parse`);
  // The set must reach both outcomes in numbers, or it proves little.
  const [, accepted, rejected] = /accepted (\d+) rejected (\d+)/.exec(summary).map(Number);
  assert.ok(accepted > 1000 && rejected > 1000, summary);
  assert.ok(checked > inputs.length * 0.9, `only ${checked} of ${inputs.length} checked against JSON.parse`);
});
