// npm run test:pack: checks the package the way users receive it.
//   1. The prebuild for this platform exists and is newer than the native
//      sources (otherwise `npm run prebuild` makes it).
//   2. dist/ is rebuilt from scratch and `npm pack` makes the tarball; its file
//      list is checked (what must ship, what must not: no tests, test fixtures or
//      benchmark corpus), every relative link of a shipped Markdown file must
//      name a file in the tarball, and the README's "about N kB" must be within
//      15% of the packed size.
//   3. The tarball is installed into a temporary project whose PATH holds only
//      node, npm and sh (no make, cc, g++, python3), from the npm cache when it can
//      be. require, import, the TypeScript types and a parse/query/serialize
//      round trip against JSON.parse are checked, and so is that the addon
//      loaded is the prebuild.
//   4. The same tarball is installed with --build-from-source (compiler on
//      PATH): a source build from the tarball works and is what loads.
//   5. On x64 Linux, the tarball also holds prebuilds/linux-arm64 (made by
//      npm run prebuild:arm64 when missing or stale), and it is installed by the
//      arm64 Node and npm under qemu with no compiler on PATH: the round trip
//      runs on arm64, on simdjson's NEON kernel, from that prebuild.
// `--no-source` skips step 4, `--no-arm64` step 5; `--keep` keeps the temporary directory.
import { spawnSync } from 'node:child_process';
import {
  existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { arm64Env, ensureArm64 } from './arm64.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = new Set(process.argv.slice(2));
const target = `${process.platform}-${process.arch}`;

const log = (message) => console.log(`test:pack: ${message}`);
function fail(message) {
  console.error(`test:pack: FAILED: ${message}`);
  if (work) console.error(`test:pack: kept ${work} for inspection`);
  process.exit(1);
}
function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', ...options });
  if (result.error) fail(`${command} ${commandArgs.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    fail(`${command} ${commandArgs.join(' ')} exited ${result.status}\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  }
  return result.stdout ?? '';
}

// npm itself: the CLI script this run was started by, else the one on PATH.
function findNpmCli() {
  if (process.env.npm_execpath && existsSync(process.env.npm_execpath)) return process.env.npm_execpath;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'npm');
    if (dir && existsSync(candidate)) return realpathSync(candidate);
  }
  return fail('npm not found');
}
const npmCli = findNpmCli();
const npm = (npmArgs, options) => run(process.execPath, [npmCli, ...npmArgs], options);

let work;

// 1. The prebuild, rebuilt when any native source is newer.
// Every file under native/ (the binding lives in native/binding/), as
// 'native/...' paths with forward slashes.
function nativeFiles(dir = 'native') {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? nativeFiles(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`],
  );
}
function newestSource() {
  const files = ['binding.gyp', ...nativeFiles()];
  return Math.max(...files.map((file) => statSync(join(root, file)).mtimeMs));
}
function prebuildFiles(platform = target) {
  const dir = join(root, 'prebuilds', platform);
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.node')).map((name) => join(dir, name)) : [];
}
let prebuilds = prebuildFiles();
if (prebuilds.length === 0 || Math.min(...prebuilds.map((file) => statSync(file).mtimeMs)) < newestSource()) {
  log(`prebuilds/${target} is missing or older than native/: running npm run prebuild`);
  npm(['run', 'prebuild'], { cwd: root, stdio: 'inherit' });
  prebuilds = prebuildFiles();
  if (prebuilds.length === 0) fail(`npm run prebuild made nothing in prebuilds/${target}`);
}
// The arm64 prebuild, cross-compiled on x64 Linux, the same way.
const arm64 = process.platform === 'linux' && process.arch === 'x64' && !args.has('--no-arm64');
if (arm64) {
  const arm64Prebuilds = prebuildFiles('linux-arm64');
  if (arm64Prebuilds.length === 0 || Math.min(...arm64Prebuilds.map((file) => statSync(file).mtimeMs)) < newestSource()) {
    log('prebuilds/linux-arm64 is missing or older than native/: running npm run prebuild:arm64');
    npm(['run', 'prebuild:arm64'], { cwd: root, stdio: 'inherit' });
  }
  prebuilds.push(...prebuildFiles('linux-arm64'));
  if (!prebuilds.some((file) => file.includes(`${sep}linux-arm64${sep}`))) fail('npm run prebuild:arm64 made nothing in prebuilds/linux-arm64');
}
const prebuildNames = prebuilds.map((file) => relative(root, file).split(sep).join('/'));
log(`prebuild: ${prebuildNames.join(', ')}`);

// 2. dist/ from scratch (no stale files), then the tarball.
rmSync(join(root, 'dist'), { recursive: true, force: true });
run(process.execPath, [join(root, 'scripts', 'build.mjs')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PREBUILDS_ONLY: '1' },
});
work = mkdtempSync(join(tmpdir(), 'arenajson-pack-'));
const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], { cwd: root }));
const tarball = join(work, packed.filename);
const shipped = packed.files.map((file) => file.path);
// The documents the README links to (bench/RESULTS.md links the other two).
const shippedDocs = ['docs/api.md', 'docs/path-syntax.md', 'bench/README.md', 'bench/RESULTS.md', 'bench/NOTES.md', 'bench/NOTES-stringify.md'];
const mustShip = [
  'package.json', 'README.md', 'LICENSE', 'binding.gyp',
  'dist/index.js', 'dist/index.mjs', 'dist/index.d.ts', 'dist/index.d.mts',
  'dist/register.js', 'dist/register.mjs', 'dist/register.d.ts', 'dist/register.d.mts',
  'dist/fastify.js', 'dist/fastify.mjs', 'dist/fastify.d.ts', 'dist/fastify.d.mts',
  'dist/express.js', 'dist/express.mjs', 'dist/express.d.ts', 'dist/express.d.mts',
  ...shippedDocs,
  ...prebuildNames,
  ...nativeFiles(),
];
for (const file of mustShip) if (!shipped.includes(file)) fail(`the tarball lacks ${file}`);
const mustNotShip = /^(test|bench|build|scripts|lib|fuzz|\.ci|node_modules)\/|^tsconfig\.json$|\.tgz$/;
for (const file of shipped) {
  if (mustNotShip.test(file) && !shippedDocs.includes(file)) fail(`the tarball ships ${file}`);
}
// The test data stays in the repository (it is 6 MB): no JSON but package.json.
for (const file of shipped) if (file.endsWith('.json') && file !== 'package.json') fail(`the tarball ships ${file}`);

// Every relative link in a shipped Markdown file names a file (or a folder
// holding files) in the tarball; code spans and fenced blocks are not links.
function relativeLinks(markdown) {
  const prose = markdown.replace(/^```[^]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^()\s]+)\)/g)].map((match) => match[1])
    .filter((target) => !/^([a-z][a-z0-9+.-]*:|#)/i.test(target));
}
for (const doc of shipped.filter((file) => file.endsWith('.md'))) {
  for (const target of relativeLinks(readFileSync(join(root, doc), 'utf8'))) {
    const file = posix.normalize(posix.join(posix.dirname(doc), decodeURI(target.split('#')[0])));
    const found = shipped.some((name) => name === file || name.startsWith(file.replace(/\/?$/, '/')));
    if (!found) fail(`${doc} links to ${target}, which is not in the tarball`);
  }
}
log(`tarball ${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${shipped.length} files`);
const claim = /The package \(`npm pack`\)\s+is\s+about\s+(\d+)\s+kB/.exec(readFileSync(join(root, 'README.md'), 'utf8'));
if (!claim) fail('README.md no longer states the package size ("The package (`npm pack`) is about N kB")');
if (Math.abs(packed.size / 1000 - Number(claim[1])) > Number(claim[1]) * 0.15) {
  fail(`README.md says the package is about ${claim[1]} kB; npm pack gives ${Math.round(packed.size / 1000)} kB`);
}

// The round trip every consumer runs, from CommonJS and from ESM. It prints
// the path of the arenajson addon mapped into the process.
const roundTrip = String.raw`
const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');

function sameJson(actual, expected, where) {
  if (expected === null || typeof expected !== 'object') {
    assert.ok(Object.is(actual, expected), where + ': ' + actual + ' !== ' + expected);
    return;
  }
  assert.equal(Array.isArray(actual), Array.isArray(expected), where);
  assert.deepEqual(Object.keys(actual), Object.keys(expected), where + ': keys');
  for (const key of Object.keys(expected)) sameJson(actual[key], expected[key], where + '.' + key);
}

module.exports = function roundTrip(api) {
  const items = Array.from({ length: 200 }, (_, i) => ({ id: i, name: 'item ' + i + ' é𝄞"\\', tags: ['a', i % 7], ok: i % 3 === 0 }));
  const text = '{"a":{"b":[1,2.5,-0,1e308,"x\\u00e9"]},"é":null,"10":"ten","2":true,"big":12345678901234567890,' +
    '"s":"tab\\t \\ud834\\udd1e \u2028","items":' + JSON.stringify(items) + '}';
  const expected = JSON.parse(text);

  sameJson(api.parse(text), expected, 'parse(string)');
  sameJson(api.parse(Buffer.from(text)), expected, 'parse(Buffer)');
  assert.equal(api.stringify(api.parse(text)), JSON.stringify(expected));
  assert.equal(api.stringify(api.parse(text), null, 2), JSON.stringify(expected, null, 2));
  assert.throws(() => api.parse('{"a":'), (error) => error instanceof SyntaxError && error.code === 'ERR_JSON_SYNTAX');

  assert.equal(api.get(text, 'a.b.1'), 2.5);
  assert.equal(api.get(text, 'a.b.#'), 5);
  assert.ok(Object.is(api.get(text, 'a.b.2'), -0));
  assert.equal(api.get(text, 'items.150.name'), expected.items[150].name);
  assert.equal(api.get(text, 'no.such.path'), undefined);
  assert.deepEqual(JSON.parse(api.getRaw(text, 'a.b')), expected.a.b);

  const arena = new api.Arena();
  const doc = arena.parse(Buffer.from(text));
  sameJson(doc.toJS(), expected, 'doc.toJS()');
  assert.equal(doc.get('items.42.tags.1'), 0);
  const value = doc.query('items.7');
  assert.equal(value.type, 'object');
  sameJson(value.toJS(), expected.items[7], 'value.toJS()');
  assert.deepEqual(JSON.parse(value.raw()), expected.items[7]);
  assert.equal(value.stringify(), JSON.stringify(expected.items[7]));
  assert.equal(doc.query('items').length, 200);
  assert.equal(arena.stats.documents, 1);
  arena.reset();
  assert.throws(() => doc.get('a'), (error) => error.code === 'ERR_ARENA_STALE');
  arena.free();
  assert.throws(() => arena.parse('1'), (error) => error.code === 'ERR_ARENA_FREED');

  assert.equal(typeof api.implementation, 'string');
  assert.ok(api.implementation.length > 0);
};

// The addon this process loaded, from the kernel's list of mapped files.
module.exports.loadedAddon = function loadedAddon() {
  const maps = readFileSync('/proc/self/maps', 'utf8').split('\n');
  const files = new Set(maps.map((line) => line.slice(line.indexOf('/'))).filter((file) => file.endsWith('.node') && file.includes('arenajson')));
  return [...files];
};
`;

const consumerCjs = `
const arenajson = require('arenajson');
const roundTrip = require('./round-trip.cjs');
roundTrip(arenajson);
console.log(JSON.stringify({ implementation: arenajson.implementation, addon: roundTrip.loadedAddon() }));
`;

const consumerMjs = `
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import arenajson, { Arena, parse, stringify, get, getRaw, implementation } from 'arenajson';
const roundTrip = createRequire(import.meta.url)('./round-trip.cjs');
assert.equal(parse, arenajson.parse);
roundTrip({ Arena, parse, stringify, get, getRaw, implementation });
console.log(JSON.stringify({ implementation, addon: roundTrip.loadedAddon() }));
`;

// Type-only consumers, ESM and CommonJS; the @ts-expect-error lines prove the
// types are real declarations, not an untyped module.
const consumerMts = `
import { Arena, parse, stringify, get, getRaw, implementation, type ArenaStats } from 'arenajson';
const arena: Arena = new Arena({ initialSize: 1 << 16, maxSize: 1 << 24 });
const doc = arena.parse('{"a":[1,2]}');
const first: unknown = doc.get('a.0');
const raw: string | undefined = doc.getRaw('a');
const kind: 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' | undefined = doc.query('a')?.type;
const stats: ArenaStats = arena.stats;
const used: number = stats.bytesUsed;
const text: string | undefined = stringify(parse(Buffer.from('[1]')));
const one: unknown = get('{"a":1}', 'a');
const oneRaw: string | undefined = getRaw(new Uint8Array([49]), '@this');
const kernel: string = implementation;
// @ts-expect-error a path is a string
get('{}', 42);
// @ts-expect-error arena options are numbers
new Arena({ maxSize: 'big' });
arena.free();
export { first, raw, kind, used, text, one, oneRaw, kernel };
`;
const consumerCts = `
import arenajson = require('arenajson');
const value: unknown = arenajson.parse('{"a":1}');
const kernel: string = arenajson.implementation;
// @ts-expect-error parse takes text or bytes
arenajson.parse(42);
export = { value, kernel };
`;

function writeConsumer(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2));
  writeFileSync(join(dir, 'round-trip.cjs'), roundTrip);
  writeFileSync(join(dir, 'consumer.cjs'), consumerCjs);
  writeFileSync(join(dir, 'consumer.mjs'), consumerMjs);
  writeFileSync(join(dir, 'consumer.mts'), consumerMts);
  writeFileSync(join(dir, 'consumer.cts'), consumerCts);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types: ['node'],
      typeRoots: [join(root, 'node_modules', '@types')],
    },
    files: ['consumer.mts', 'consumer.cts'],
  }, null, 2));
}

// An environment with nothing from the developer's shell or from npm's own run.
function cleanEnv(path) {
  const env = { PATH: path, HOME: process.env.HOME ?? work };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  env.npm_config_cache = npm(['config', 'get', 'cache'], { cwd: root }).trim();
  env.npm_config_update_notifier = 'false';
  return env;
}

function install(dir, env, extra = []) {
  npm(['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', ...extra], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function checkConsumer(dir, env, expectedAddonDir, node = process.execPath, kernel = undefined) {
  for (const script of ['consumer.cjs', 'consumer.mjs']) {
    const result = JSON.parse(run(node, [script], { cwd: dir, env }));
    if (result.addon.length !== 1 || !result.addon[0].startsWith(expectedAddonDir + sep)) {
      fail(`${script} loaded ${JSON.stringify(result.addon)}, expected a file in ${expectedAddonDir}`);
    }
    if (kernel && result.implementation !== kernel) fail(`${script} runs on kernel ${result.implementation}, expected ${kernel}`);
    log(`${script}: ok (kernel ${result.implementation}, addon ${relative(dir, result.addon[0])})`);
  }
  // The types do not depend on the platform: checked on the host only.
  if (node !== process.execPath) return;
  run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: dir, env });
  log('tsc --noEmit on consumer.mts and consumer.cts: ok');
}

// 3. No compiler: PATH is one directory holding node, npm and the shell npm
// runs install scripts with.
const bin = join(work, 'bin');
mkdirSync(bin);
symlinkSync(process.execPath, join(bin, 'node'));
symlinkSync(npmCli, join(bin, 'npm'));
symlinkSync('/bin/sh', join(bin, 'sh'));
const bareEnv = cleanEnv(bin);
for (const tool of ['make', 'cc', 'gcc', 'g++', 'c++', 'clang', 'python', 'python3', 'node-gyp']) {
  const found = spawnSync('/bin/sh', ['-c', `command -v ${tool}`], { env: bareEnv, encoding: 'utf8' });
  if (found.status === 0) fail(`${tool} is on the bare PATH: ${found.stdout.trim()}`);
}
const bare = join(work, 'no-compiler');
writeConsumer(bare);
install(bare, bareEnv);
const bareInstalled = join(realpathSync(bare), 'node_modules', 'arenajson');
if (existsSync(join(bareInstalled, 'build'))) fail('the install compiled something (node_modules/arenajson/build exists)');
log('npm install <tarball> with no compiler on PATH: ok');
checkConsumer(bare, bareEnv, join(bareInstalled, 'prebuilds', target));

// 4. From source, with the toolchain on PATH.
if (!args.has('--no-source')) {
  const source = join(work, 'from-source');
  writeConsumer(source);
  const sourceEnv = { ...cleanEnv(`${bin}${delimiter}${process.env.PATH}`), npm_config_build_from_source: 'true', npm_config_jobs: '2' };
  install(source, sourceEnv);
  const sourceInstalled = join(realpathSync(source), 'node_modules', 'arenajson');
  if (!existsSync(join(sourceInstalled, 'build', 'Release', 'arenajson.node'))) fail('--build-from-source built no addon');
  log('npm install <tarball> --build-from-source: ok');
  checkConsumer(source, sourceEnv, join(sourceInstalled, 'build', 'Release'));
}

// 5. On arm64 (the arm64 Node and npm under qemu), no compiler on PATH.
if (arm64) {
  let tools;
  try {
    tools = ensureArm64();
  } catch (error) {
    fail(error.message);
  }
  const arm64Bin = join(work, 'bin-arm64');
  mkdirSync(arm64Bin);
  symlinkSync(tools.node, join(arm64Bin, 'node'));
  symlinkSync(tools.npm, join(arm64Bin, 'npm'));
  symlinkSync('/bin/sh', join(arm64Bin, 'sh'));
  const arm64Bare = { ...arm64Env(tools, cleanEnv(arm64Bin)), PATH: arm64Bin };
  for (const tool of ['make', 'cc', 'gcc', 'g++', 'c++', 'clang', 'python', 'python3', 'node-gyp', 'aarch64-linux-gnu-g++']) {
    const found = spawnSync('/bin/sh', ['-c', `command -v ${tool}`], { env: arm64Bare, encoding: 'utf8' });
    if (found.status === 0) fail(`${tool} is on the bare arm64 PATH: ${found.stdout.trim()}`);
  }
  const onArm64 = join(work, 'arm64-no-compiler');
  writeConsumer(onArm64);
  run(tools.npm, ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'], {
    cwd: onArm64,
    env: arm64Bare,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const arm64Installed = join(realpathSync(onArm64), 'node_modules', 'arenajson');
  if (existsSync(join(arm64Installed, 'build'))) fail('the arm64 install compiled something (node_modules/arenajson/build exists)');
  const arch = run(tools.node, ['-p', 'process.arch'], { cwd: onArm64, env: arm64Bare }).trim();
  if (arch !== 'arm64') fail(`the arm64 Node reports ${arch}`);
  log('npm install <tarball> on arm64 (qemu) with no compiler on PATH: ok');
  checkConsumer(onArm64, arm64Bare, join(arm64Installed, 'prebuilds', 'linux-arm64'), tools.node, 'arm64');
}

if (args.has('--keep')) log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
log(`passed: ${packed.filename}, ${packed.size} bytes`);
