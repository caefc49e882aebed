// npm run fuzz [-- [--target=<name>] libFuzzer flags]: builds the libFuzzer
// targets over the native engine (fuzz/<name>.fuzz.cc: parse_path, the
// parser and path engine with every modifier; read_write, the read plans
// under every option and the writer with every space and a length limit)
// with clang and AddressSanitizer + UndefinedBehaviorSanitizer, then runs
// each target (or the one named) with the flags, seeded from the test data in
// the repository (test/fixtures/json-test-suite and bench/corpus, or
// <dir>/json-test-suite and <dir>/corpus when ARENAJSON_TESTDATA=<dir>), and
// from fuzz/regressions.
// New inputs go to build-fuzz/corpus-<name>, crashes to
// build-fuzz/artifacts. Example: npm run fuzz -- -max_total_time=60 runs
// every target for a minute each.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
const targetArgument = process.argv.slice(2).find((a) => a.startsWith('--target='));
const fuzzerFlags = process.argv.slice(2).filter((a) => !a.startsWith('--target='));
const targets = readdirSync(join(root, 'fuzz'))
  .filter((name) => name.endsWith('.fuzz.cc'))
  .map((name) => name.slice(0, -'.fuzz.cc'.length))
  .filter((name) => targetArgument === undefined || name === targetArgument.slice('--target='.length));
if (targets.length === 0) throw new Error(`no fuzz target ${targetArgument}`);
const sources = [join(simdjsonDir, 'simdjson.cpp'), ...engine, ...targets.map((name) => join(root, 'fuzz', `${name}.fuzz.cc`))];

const flags = ['-std=c++17', '-O1', '-g', '-fno-exceptions', '-DSIMDJSON_EXCEPTIONS=0', '-fno-omit-frame-pointer',
  '-fsanitize=fuzzer-no-link,address,undefined', '-fno-sanitize-recover=undefined', '-I', join(root, 'native'), '-I', simdjsonDir];

// Rebuild an object when its source, or any engine header, is newer.
const headersUnder = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
  entry.isDirectory() ? headersUnder(join(dir, entry.name)) : entry.name.endsWith('.h') ? [join(dir, entry.name)] : []);
const newestHeader = Math.max(...headersUnder(join(root, 'native')).map((h) => statSync(h).mtimeMs));
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
const engineObjects = objects.slice(0, objects.length - targets.length);

const artifacts = join(out, 'artifacts') + '/';
mkdirSync(artifacts, { recursive: true });
const data = (testdata ? [join(testdata, 'json-test-suite'), join(testdata, 'corpus')]
  : [join(root, 'test', 'fixtures', 'json-test-suite'), join(root, 'bench', 'corpus')]).filter(existsSync);
if (data.length === 0) throw new Error(`no seed data at ${testdata ?? root}`);
// fuzz/regressions holds inputs that once broke a target: every run starts with them.
const seeds = [...data, join(root, 'fuzz', 'regressions')].filter(existsSync);

let status = 0;
for (const [i, name] of targets.entries()) {
  const binary = join(out, `${name}_fuzzer`);
  execFileSync(clang, ['-fsanitize=fuzzer,address,undefined', ...engineObjects, objects[engineObjects.length + i], '-o', binary], { stdio: 'inherit' });
  const corpus = join(out, name === 'parse_path' ? 'corpus' : `corpus-${name}`);
  mkdirSync(corpus, { recursive: true });
  const dictionary = join(root, 'fuzz', `${name}.dict`);
  const defaults = ['-max_len=65536', '-timeout=20', `-artifact_prefix=${artifacts}${name}-`, '-print_final_stats=1',
    ...(existsSync(dictionary) ? [`-dict=${dictionary}`] : [`-dict=${join(root, 'fuzz', 'parse_path.dict')}`])];
  console.log(`fuzz ${name}`);
  const result = spawnSync(binary, [...defaults, ...fuzzerFlags, corpus, ...seeds], { stdio: 'inherit' });
  if (result.status !== 0) status = result.status ?? 1;
}
process.exit(status);
