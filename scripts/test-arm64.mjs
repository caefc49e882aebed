// npm run test:arm64: the test suite on Linux arm64, emulated on x64.
//   1. The arm64 prebuild (npm run prebuild:arm64) when it is missing or older
//      than native/, and dist/.
//   2. npm pack; the tarball is installed into a temporary app by the arm64
//      Node and npm under qemu, with no compiler on PATH: the install must take
//      the prebuild, not build.
//   3. The repository's test/ (with bench/ and docs/, which the tests read) is
//      copied into the installed package, so `../dist` in a test is the
//      installed dist/ and the addon is the installed prebuild (PREBUILDS_ONLY=1);
//      every test file then runs on the arm64 Node under qemu-aarch64-static.
// Arguments: test files to run (default: all), --jobs=N (files at a time,
// default 2), --keep (keep the temporary directory). Emulation makes the suite
// several times slower than on the host.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, sep } from 'node:path';
import { arm64Env, ensureArm64, npmCli, root } from './arm64.mjs';

const argv = process.argv.slice(2);
const keep = argv.includes('--keep');
const jobs = Number(argv.find((arg) => arg.startsWith('--jobs='))?.slice(7) ?? 2);
const only = argv.filter((arg) => !arg.startsWith('--')).map((file) => basename(file));
const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const log = (message) => console.log(`test:arm64: ${message}`);
let work;
function fail(message) {
  console.error(`test:arm64: FAILED: ${message}`);
  if (work) console.error(`test:arm64: kept ${work} for inspection`);
  process.exit(1);
}
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (result.error) fail(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  return result.stdout ?? '';
}

if (process.platform !== 'linux' || process.arch !== 'x64') fail(`runs on x64 Linux (this is ${process.platform}-${process.arch}); on arm64, run npm test`);
let tools;
try {
  tools = ensureArm64();
} catch (error) {
  fail(error.message);
}

// 1. The arm64 prebuild, rebuilt when any native source is newer; dist/.
function newest(dir) {
  return Math.max(...readdirSync(join(root, dir), { withFileTypes: true }).map((entry) =>
    entry.isDirectory() ? newest(join(dir, entry.name)) : statSync(join(root, dir, entry.name)).mtimeMs));
}
const prebuildDir = join(root, 'prebuilds', 'linux-arm64');
const prebuilds = existsSync(prebuildDir) ? readdirSync(prebuildDir).filter((name) => name.endsWith('.node')) : [];
const sourceTime = Math.max(newest('native'), statSync(join(root, 'binding.gyp')).mtimeMs);
if (prebuilds.length === 0 || Math.min(...prebuilds.map((name) => statSync(join(prebuildDir, name)).mtimeMs)) < sourceTime) {
  log('prebuilds/linux-arm64 is missing or older than native/: cross-building it');
  const since = Date.now();
  run(process.execPath, [join(root, 'scripts', 'prebuild-arm64.mjs')], { cwd: root, stdio: 'inherit' });
  log(`cross build: ${seconds(since)}`);
}
run(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

// 2. The tarball, installed by arm64 npm with no compiler on PATH.
work = mkdtempSync(join(tmpdir(), 'arenajson-arm64-'));
const npm = (args, options) => run(process.execPath, [npmCli(), ...args], options);
const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], { cwd: root }));
if (!packed.files.some((file) => file.path.startsWith('prebuilds/linux-arm64/'))) fail('the tarball has no prebuilds/linux-arm64/');
log(`packed ${packed.filename}: ${packed.size} bytes`);

const bin = join(work, 'bin');
mkdirSync(bin);
symlinkSync(tools.node, join(bin, 'node'));
symlinkSync(tools.npm, join(bin, 'npm'));
symlinkSync('/bin/sh', join(bin, 'sh'));
const bare = arm64Env(tools, { PATH: bin, HOME: process.env.HOME ?? work });
bare.PATH = bin;
bare.npm_config_cache = npm(['config', 'get', 'cache'], { cwd: root }).trim();
bare.npm_config_update_notifier = 'false';
for (const tool of ['make', 'cc', 'gcc', 'g++', 'c++', 'python3', 'node-gyp']) {
  if (spawnSync('/bin/sh', ['-c', `command -v ${tool}`], { env: bare }).status === 0) fail(`${tool} is on the bare PATH`);
}
const app = join(work, 'app');
mkdirSync(app);
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'arm64-app', private: true }, null, 2));
let since = Date.now();
run(tools.npm, ['install', join(work, packed.filename), '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: app, env: bare });
const installed = join(realpathSync(app), 'node_modules', 'arenajson');
if (existsSync(join(installed, 'build'))) fail('the arm64 install compiled the addon instead of taking the prebuild');
const arch = run(tools.node, ['-p', 'process.arch'], { cwd: app, env: bare }).trim();
log(`npm install on ${arch} (qemu), no compiler on PATH: took the prebuild (${seconds(since)})`);

// 3. The tests inside the installed package. Files the package does not ship
// are copied in; the devDependencies the tests import are linked from the repository.
// The package ships part of bench/ and docs/ (the results and notes the README
// links); the copy adds the rest (the corpus, the benchmark programs) beside them,
// and the sources some tests read (lib/ for its import graph, scripts/ for the soak).
for (const dir of ['test', 'bench', 'docs', 'lib', 'scripts']) {
  if (existsSync(join(root, dir))) cpSync(join(root, dir), join(installed, dir), { recursive: true });
}
const { devDependencies = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const name of Object.keys(devDependencies)) {
  const target = join(app, 'node_modules', name);
  if (!existsSync(target) && existsSync(join(root, 'node_modules', name))) {
    mkdirSync(join(target, '..'), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), target);
  }
}
// The test data travels with test/ and bench/ (copied above); an ARENAJSON_TESTDATA
// override in the environment is passed on as it is.
// ARENAJSON_TEST_SCALE: the heaviest generated-input tests do a quarter of their
// iterations, and child processes get four times as long (test/support/scale.mjs).
const testEnv = { ARENAJSON_TEST_SCALE: '0.25', ...arm64Env(tools), PREBUILDS_ONLY: '1' };
delete testEnv.npm_config_node_gyp;

const files = readdirSync(join(installed, 'test'))
  .filter((name) => name.endsWith('.test.mjs') && (only.length === 0 || only.includes(name)))
  .sort();
if (files.length === 0) fail(`no test file matches ${only.join(', ')}`);
const logs = join(work, 'logs');
mkdirSync(logs);
log(`running ${files.length} test files on ${tools.elf.split(sep).slice(-3, -2)} under qemu, ${jobs} at a time`);

const totals = { tests: 0, pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 };
const failed = [];
function runFile(name) {
  return new Promise((resolve) => {
    const begun = Date.now();
    const child = spawn(tools.node, ['--test-reporter=tap', join('test', name)], { cwd: installed, env: testEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.on('close', (code, signal) => {
      const output = Buffer.concat(chunks).toString('utf8');
      writeFileSync(join(logs, `${name}.tap`), output);
      const counts = {};
      for (const key of Object.keys(totals)) {
        const match = new RegExp(`^# ${key} (\\d+)$`, 'm').exec(output);
        counts[key] = match ? Number(match[1]) : 0;
        totals[key] += counts[key];
      }
      const ok = code === 0 && counts.fail === 0 && counts.cancelled === 0 && counts.tests > 0;
      if (!ok) failed.push(name);
      log(`${ok ? 'ok    ' : 'FAILED'} ${name}: ${counts.pass}/${counts.tests} passed${counts.skipped ? `, ${counts.skipped} skipped` : ''} in ${seconds(begun)}${signal ? ` (${signal})` : ''}`);
      if (!ok) process.stdout.write(output.split('\n').filter((line) => !/^\s*(ok \d|# Subtest|---|\.\.\.|duration_ms|type: )/.test(line)).slice(-80).join('\n') + '\n');
      resolve();
    });
  });
}
since = Date.now();
const queue = [...files];
await Promise.all(Array.from({ length: Math.max(1, jobs) }, async () => {
  while (queue.length) await runFile(queue.shift());
}));
log(`${totals.tests} tests in ${files.length} files: ${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped, ${totals.cancelled} cancelled; suite ${seconds(since)}, total ${seconds(started)}`);
if (failed.length) fail(`${failed.join(', ')}`);
if (keep) log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
