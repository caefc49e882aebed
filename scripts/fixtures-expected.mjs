// Regenerates what V8 says about the test data kept in the repository:
//   test/fixtures/json-test-suite/v8-expected.json  what JSON.parse does with each
//                                                   JSONTestSuite file
//   bench/corpus/manifest.json                      sizes, hashes, value counts and
//                                                   JSON.stringify hashes of the corpus
// Only the data files are read; the answers come from this Node's JSON.parse and
// JSON.stringify. `--check` writes nothing and exits 1 when a recorded answer
// differs from this Node's (the `generator` line, which names the Node version,
// is not compared).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const suiteDir = join(root, 'test', 'fixtures', 'json-test-suite');
const corpusDir = join(root, 'bench', 'corpus');
const check = process.argv.includes('--check');
const generatorNode = `Node ${process.version} (V8 ${process.versions.v8})`;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const gitBlob = (bytes) => createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');

/** Calls visit(value, depth) on every value of a JSON.parse result, the value itself at depth 0. */
function walk(value, visit, depth = 0) {
  visit(value, depth);
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) walk(child, visit, depth + 1);
  }
}

/** The same value: leaves by Object.is, containers by kind, key order and members. */
function sameValue(a, b) {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key, i) => key === keysB[i] && sameValue(a[key], b[key]));
}

/**
 * The tokens of a JSON text that JSON.parse accepted: the number literals as
 * written, and whether any object repeats a key.
 */
function scanAccepted(text) {
  const numbers = [];
  const stack = []; // per open container: null for an array, the Set of keys for an object
  let expectKey = false;
  let duplicateKeys = false;
  for (let i = 0; i < text.length;) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const keys = stack.at(-1);
      if (keys && expectKey) {
        const key = JSON.parse(text.slice(i, end + 1));
        if (keys.has(key)) duplicateKeys = true;
        keys.add(key);
        expectKey = false;
      }
      i = end + 1;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const literal = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 4096))[0];
      numbers.push(literal);
      i += literal.length;
    } else {
      if (c === '{') {
        stack.push(new Set());
        expectKey = true;
      } else if (c === '[') {
        stack.push(null);
      } else if (c === ']' || c === '}') {
        stack.pop();
      } else if (c === ',') {
        expectKey = stack.at(-1) !== null;
      }
      i += 1;
    }
  }
  return { numbers, duplicateKeys };
}

/** The significant digits of a decimal literal or of a double's shortest form. */
function significantDigits(literal) {
  const mantissa = literal.replace(/^-/, '').replace(/[eE].*$/, '').replace('.', '');
  return mantissa.replace(/^0+/, '').replace(/0+$/, '');
}

function hasLoneSurrogate(string) {
  return !string.isWellFormed();
}

/** Why the file's text or its parsed value does not round-trip exactly (see the fixture README). */
function flagsOf(bytes, text, accepted, value, result) {
  const flags = [];
  if (!Buffer.from(text, 'utf8').equals(bytes)) flags.push('utf8_lossy_decode');
  if (text.startsWith('\uFEFF')) flags.push('bom');
  if (!accepted) return flags;
  const strings = [];
  const numbers = [];
  walk(value, (v) => {
    if (typeof v === 'string') strings.push(v);
    else if (typeof v === 'number') numbers.push(v);
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) strings.push(...Object.keys(v));
  });
  if (strings.some(hasLoneSurrogate)) flags.push('lone_surrogate');
  if (numbers.some((n) => Object.is(n, -0))) flags.push('negative_zero');
  if (numbers.some((n) => !Number.isFinite(n))) flags.push('non_finite_number');
  const scanned = scanAccepted(text);
  const literals = scanned.numbers.map((literal) => ({ literal, parsed: Number(literal) }));
  if (literals.some(({ literal, parsed }) => parsed === 0 && significantDigits(literal) !== '')) {
    flags.push('number_underflow_to_zero');
  }
  if (literals.some(({ literal, parsed }) => Number.isFinite(parsed) && parsed !== 0
    && significantDigits(literal) !== significantDigits(String(Math.abs(parsed))))) {
    flags.push('number_precision_loss');
  }
  if (result === null || !sameValue(JSON.parse(result), value)) flags.push('value_not_roundtrip');
  if (scanned.duplicateKeys) flags.push('duplicate_keys');
  return flags;
}

const expectations = { y: 'must_accept', n: 'must_reject', i: 'implementation_defined' };

function suiteEntry(file) {
  const bytes = readFileSync(join(suiteDir, file));
  const text = bytes.toString('utf8');
  let value;
  let error = null;
  try {
    value = JSON.parse(text);
  } catch (thrown) {
    error = thrown;
  }
  const accepted = error === null;
  let result = null;
  if (accepted) {
    try {
      result = JSON.stringify(value) ?? null;
    } catch {}
  }
  return {
    file,
    expectation: expectations[file[0]],
    bytes: bytes.length,
    accepts: accepted,
    errorName: accepted ? null : error.constructor.name,
    error: accepted ? null : error.message,
    result,
    flags: flagsOf(bytes, text, accepted, value, result),
  };
}

function suiteExpected() {
  const files = readdirSync(suiteDir).filter((name) => /^[iny]_.*\.json$/.test(name)).sort();
  const tests = files.map(suiteEntry);
  const summary = {};
  for (const entry of tests) {
    const key = `${entry.file[0]}_${entry.accepts ? 'accepted' : 'rejected'}`;
    summary[key] = (summary[key] ?? 0) + 1;
  }
  const head = {
    generator: `JSON.parse(fs.readFileSync(file).toString("utf8")) in ${generatorNode}`,
    source: {
      repo: 'https://github.com/nst/JSONTestSuite',
      commit: '1ef36fa01286573e846ac449e8683f8833c5b26a',
      dir: 'test_parsing',
    },
    fields: {
      file: 'file name in this folder',
      expectation: 'y_ = must accept, n_ = must reject, i_ = implementation defined (from the file-name prefix)',
      bytes: 'file size in bytes',
      accepts: 'true if JSON.parse returned without throwing',
      errorName: 'constructor name of the thrown error (SyntaxError / RangeError), else null',
      error: 'message of the thrown error, else null',
      result: 'JSON.stringify(parsed value) as a string when accepted and stringify succeeded, else null',
      flags: 'reasons the parsed value or the text does not round-trip exactly; see README.md',
    },
    count: tests.length,
    summary: Object.fromEntries(Object.entries(summary).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
  // One test per line, so that a change of V8's answer is a one-line diff.
  const headText = JSON.stringify(head, null, 1).replace(/\n}$/, '');
  const lines = tests.map((entry) => `  ${JSON.stringify(entry)}`);
  return `${headText},\n "tests": [\n${lines.join(',\n')}\n ]\n}\n`;
}

const corpusSources = {
  'twitter.json': {
    repo: 'https://github.com/simdjson/simdjson',
    commit: 'f807de973580fb22cc0db6b3b896716684b0266c',
    path: 'jsonexamples/twitter.json',
  },
  'citm_catalog.json': {
    repo: 'https://github.com/simdjson/simdjson',
    commit: 'f807de973580fb22cc0db6b3b896716684b0266c',
    path: 'jsonexamples/citm_catalog.json',
  },
  'canada.json': {
    repo: 'https://github.com/simdjson/simdjson-data',
    commit: '4197c425e857f0ec38e89822fdd0bd9ea21f4daf',
    path: 'jsonexamples/canada.json',
    alsoIn: 'https://github.com/simdjson/simdjson jsonexamples/canada.json, same blob, 2018-03-23 .. 2021-06-04 (removed by commit 714f0ba22)',
  },
};

function corpusEntry(file) {
  const bytes = readFileSync(join(corpusDir, file));
  const text = bytes.toString('utf8');
  const value = JSON.parse(text);
  const stats = { maxDepth: 0, objects: 0, arrays: 0, keys: 0, strings: 0, numbers: 0, booleans: 0, nulls: 0 };
  walk(value, (v, depth) => {
    if (v === null) stats.nulls += 1;
    else if (Array.isArray(v)) stats.arrays += 1;
    else if (typeof v === 'object') {
      stats.objects += 1;
      stats.keys += Object.keys(v).length;
    } else stats[{ string: 'strings', number: 'numbers', boolean: 'booleans' }[typeof v]] += 1;
    stats.maxDepth = Math.max(stats.maxDepth, depth + 1);
  });
  const compact = JSON.stringify(value);
  const indented = JSON.stringify(value, null, 2);
  const { path, ...rest } = corpusSources[file];
  return {
    file,
    bytes: bytes.length,
    sha256: sha256(bytes),
    source: { repo: rest.repo, commit: rest.commit, path, gitBlob: gitBlob(bytes), ...(rest.alsoIn ? { alsoIn: rest.alsoIn } : {}) },
    validUtf8: Buffer.from(text, 'utf8').equals(bytes),
    asciiOnly: bytes.every((byte) => byte < 0x80),
    utf16Length: text.length,
    v8: {
      stats,
      stringify: { length: compact.length, utf8Bytes: Buffer.byteLength(compact), sha256OfUtf8: sha256(Buffer.from(compact)) },
      stringifySpace2: { length: indented.length, sha256OfUtf8: sha256(Buffer.from(indented)) },
    },
  };
}

function corpusManifest() {
  const manifest = {
    generator: `${generatorNode}: JSON.parse(buf.toString("utf8")), then JSON.stringify(value) and JSON.stringify(value, null, 2); sha256 over the UTF-8 bytes of those outputs`,
    license: 'twitter.json, citm_catalog.json: Apache-2.0 OR MIT (simdjson/simdjson). canada.json: Apache-2.0 (shipped by simdjson/simdjson 2018-2021; copied from simdjson-data, which has no license file). All contents are third-party data; see README.md.',
    files: Object.keys(corpusSources).map(corpusEntry),
  };
  return `${JSON.stringify(manifest, null, 1)}\n`;
}

const withoutGenerator = (text) => text.replace(/^ "generator": .*$/m, '');
let differs = false;
for (const [file, make] of [[join(suiteDir, 'v8-expected.json'), suiteExpected], [join(corpusDir, 'manifest.json'), corpusManifest]]) {
  const fresh = make();
  const name = file.slice(root.length + 1);
  if (!check) {
    writeFileSync(file, fresh);
    console.log(`wrote ${name}`);
    continue;
  }
  let recorded = '';
  try {
    recorded = readFileSync(file, 'utf8');
  } catch {}
  if (withoutGenerator(recorded) === withoutGenerator(fresh)) {
    console.log(`${name}: matches ${generatorNode}`);
  } else {
    differs = true;
    const a = withoutGenerator(recorded).split('\n');
    const b = withoutGenerator(fresh).split('\n');
    const line = a.findIndex((text, i) => text !== b[i]);
    console.error(`${name}: differs from ${generatorNode} at line ${line + 1}:\n  recorded: ${a[line]}\n  now:      ${b[line]}`);
  }
}
if (differs) process.exit(1);
