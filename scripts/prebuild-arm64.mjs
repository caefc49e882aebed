// npm run prebuild:arm64 (and the second half of npm run prebuild):
// prebuilds/linux-arm64/arenajson.glibc.node, cross-compiled on x64 Linux.
//
// prebuildify drives node-gyp with --arch=arm64 in build-arm64/ (binding.gyp and
// native/ linked in), so the host build in build/ is untouched. The compiler,
// archiver and strip are Debian's aarch64-linux-gnu tools, the headers the
// arm64 Node's own (--nodedir: a cross build must not download anything), and
// the flags binding.gyp's, which name no CPU: simdjson picks its kernel when the
// addon loads. The result is loaded once under qemu as a smoke check.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { crossEnv, ensureArm64, npmCli, root, stageDir } from './arm64.mjs';

const require = createRequire(import.meta.url);
const log = (message) => console.error(`prebuild:arm64: ${message}`);

if (process.platform === 'linux' && process.arch === 'arm64') {
  log('this machine is arm64: prebuildify made prebuilds/linux-arm64 natively');
  process.exit(0);
}
if (process.platform !== 'linux' || process.arch !== 'x64') {
  log(`skipped: the arm64 cross build runs on x64 Linux (this is ${process.platform}-${process.arch})`);
  process.exit(0);
}

let tools;
try {
  tools = ensureArm64();
} catch (error) {
  log(error.message);
  process.exit(1);
}

mkdirSync(stageDir, { recursive: true });
for (const name of ['binding.gyp', 'native']) {
  if (!existsSync(join(stageDir, name))) symlinkSync(join('..', name), join(stageDir, name));
}

// node-gyp: the one npm runs scripts with, else the one bundled with npm.
const nodeGyp = process.env.npm_config_node_gyp ?? join(dirname(npmCli()), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const { name } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const started = Date.now();
const build = spawnSync(
  process.execPath,
  [require.resolve('prebuildify/bin.js'), '--napi', '--strip', '--tag-libc', '--arch', 'arm64', '--name', name, '--cwd', stageDir, '--out', root],
  {
    cwd: stageDir,
    stdio: ['ignore', 2, 2],
    env: { ...crossEnv(tools.nodedir), PREBUILD_NODE_GYP: nodeGyp, JOBS: process.env.JOBS ?? '2' },
  },
);
if (build.status !== 0) {
  log(`prebuildify exited ${build.status ?? build.signal}`);
  process.exit(1);
}
const output = join(root, 'prebuilds', 'linux-arm64', `${name}.glibc.node`);
if (!existsSync(output)) {
  log(`prebuildify made no ${output}`);
  process.exit(1);
}

// The binary is an arm64 shared object, and it loads on the arm64 Node.
const header = readFileSync(output).subarray(0, 20);
if (header.readUInt16LE(18) !== 183) {
  log(`${output} is not an arm64 binary`);
  process.exit(1);
}
const kernel = execFileSync(tools.node, ['-p', `require(${JSON.stringify(output)}).implementation`], { encoding: 'utf8' }).trim();
log(`prebuilds/linux-arm64/${name}.glibc.node: ${readFileSync(output).length} bytes, built in ${((Date.now() - started) / 1000).toFixed(0)} s; loads under qemu (kernel ${kernel})`);
