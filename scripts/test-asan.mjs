// npm run test:asan — the whole test suite against an addon built with
// AddressSanitizer and UndefinedBehaviorSanitizer.
//
// The sanitizer addon is built in build-asan/ (binding.gyp with arenajson_sanitize=1, which
// swaps node-gyp's -O3 for -O1 -g and the sanitizer flags), so the release
// build in build/ is untouched. Node itself is not instrumented, so the ASan
// runtime is preloaded; leak detection is off because V8 keeps memory until
// exit by design. The tests load the addon named by ARENAJSON_NATIVE.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stage = join(root, 'build-asan');
const run = (command, args, options = {}) => execFileSync(command, args, { stdio: 'inherit', ...options });

// The release build and dist/ first (the tests import dist/).
run(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root });

mkdirSync(stage, { recursive: true });
for (const name of ['binding.gyp', 'native']) {
  if (!existsSync(join(stage, name))) symlinkSync(join('..', name), join(stage, name));
}
const gypEnv = { ...process.env, GYP_DEFINES: 'arenajson_sanitize=1' };
const nodeGyp = (args) => {
  const bin = process.env.npm_config_node_gyp;
  if (bin) run(process.execPath, [bin, ...args], { cwd: stage, env: gypEnv });
  else run('node-gyp', args, { cwd: stage, env: gypEnv });
};
nodeGyp(['configure']);
nodeGyp(['build', '-j', '2']);

const runtime = execFileSync('g++', ['-print-file-name=libasan.so'], { encoding: 'utf8' }).trim();
const tests = readdirSync(join(root, 'test'))
  .filter((name) => name.endsWith('.test.mjs'))
  .map((name) => join('test', name));
const extra = process.argv.slice(2);
run(process.execPath, ['--test', ...extra, ...(extra.some((a) => a.endsWith('.mjs')) ? [] : tests)], {
  cwd: root,
  env: {
    ...process.env,
    ARENAJSON_NATIVE: join(stage, 'build', 'Release', 'arenajson.node'),
    ARENAJSON_SANITIZED: '1',
    LD_PRELOAD: runtime,
    ASAN_OPTIONS: 'detect_leaks=0:allocator_may_return_null=1:abort_on_error=1',
    UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1',
  },
});
