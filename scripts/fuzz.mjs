// npm run fuzz [-- libFuzzer flags]: builds the libFuzzer target over the
// native parser and path engine (fuzz/parse_path.fuzz.cc) with clang and
// AddressSanitizer + UndefinedBehaviorSanitizer, then runs it seeded from the
// test data in the repository (test/fixtures/json-test-suite and bench/corpus,
// or <dir>/json-test-suite and <dir>/corpus when ARENAJSON_TESTDATA=<dir>).
// New inputs go to build-fuzz/corpus, crashes to
// build-fuzz/artifacts. Example: npm run fuzz -- -max_total_time=60
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const out = join(root, 'build-fuzz');
const testdata = process.env.ARENAJSON_TESTDATA;
const clang = process.env.CXX_FUZZ ?? 'clang++';

const simdjsonDir = dirname(require.resolve('@nozbe/simdjson/src/simdjson.h'));
// The engine sources are binding.gyp's, minus the binding (native/binding/,
// and anything else that talks Node-API).
const gyp = readFileSync(join(root, 'binding.gyp'), 'utf8');
const engine = [...gyp.matchAll(/"(native\/[^"]+\.cc)"/g)]
  .filter((m) => !m[1].startsWith('native/binding/'))
  .map((m) => join(root, m[1]))
  .filter((file) => !readFileSync(file, 'utf8').includes('<napi.h>'));
const sources = [join(simdjsonDir, 'simdjson.cpp'), ...engine, join(root, 'fuzz', 'parse_path.fuzz.cc')];

const flags = ['-std=c++17', '-O1', '-g', '-fno-exceptions', '-DSIMDJSON_EXCEPTIONS=0', '-fno-omit-frame-pointer',
  '-fsanitize=fuzzer-no-link,address,undefined', '-fno-sanitize-recover=undefined', '-I', join(root, 'native'), '-I', simdjsonDir];

// Rebuild an object when its source, or any engine header, is newer.
const newestHeader = Math.max(...['arena.h', 'document.h', 'error.h', 'materialize.h', 'path.h']
  .map((h) => join(root, 'native', h)).filter(existsSync).map((h) => statSync(h).mtimeMs));
mkdirSync(join(out, 'obj'), { recursive: true });
const objects = sources.map((source) => {
  const object = join(out, 'obj', basename(source).replace(/\.c(c|pp)$/, '.o'));
  const stale = !existsSync(object) || statSync(object).mtimeMs < Math.max(statSync(source).mtimeMs, source.includes('simdjson.cpp') ? 0 : newestHeader);
  if (stale) {
    console.log(`compile ${basename(source)}`);
    execFileSync(clang, [...flags, '-c', source, '-o', object], { stdio: 'inherit' });
  }
  return object;
});
const binary = join(out, 'parse_path_fuzzer');
execFileSync(clang, ['-fsanitize=fuzzer,address,undefined', ...objects, '-o', binary], { stdio: 'inherit' });

const corpus = join(out, 'corpus');
const artifacts = join(out, 'artifacts') + '/';
mkdirSync(corpus, { recursive: true });
mkdirSync(artifacts, { recursive: true });
const seeds = (testdata ? [join(testdata, 'json-test-suite'), join(testdata, 'corpus')]
  : [join(root, 'test', 'fixtures', 'json-test-suite'), join(root, 'bench', 'corpus')]).filter(existsSync);
if (seeds.length === 0) throw new Error(`no seed data at ${testdata ?? root}`);

const defaults = ['-max_len=65536', '-timeout=20', `-artifact_prefix=${artifacts}`, `-dict=${join(root, 'fuzz', 'parse_path.dict')}`, '-print_final_stats=1'];
const result = spawnSync(binary, [...defaults, ...process.argv.slice(2), corpus, ...seeds], { stdio: 'inherit' });
process.exit(result.status ?? 1);
