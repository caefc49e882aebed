// Preloaded (--require) into every arm64 Node that runs under qemu-user. The
// kernel of an x64 machine cannot exec the arm64 binary that is
// process.execPath, so child processes started with it are started through
// ARENAJSON_QEMU_NODE (a script that runs the same binary under qemu) instead.
// Everything else about the child (arguments, options, stdio, IPC) is unchanged.
'use strict';
const childProcess = require('node:child_process');
const { syncBuiltinESMExports } = require('node:module');

const launcher = process.env.ARENAJSON_QEMU_NODE;
if (launcher) {
  const self = process.execPath;
  const redirect = (file) => (file === self || file === process.execPath ? launcher : file);
  for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync']) {
    const original = childProcess[name];
    childProcess[name] = function (file, ...rest) {
      return original.call(this, redirect(file), ...rest);
    };
  }
  const originalFork = childProcess.fork;
  childProcess.fork = function (modulePath, args, options) {
    if (!Array.isArray(args) && args !== undefined && args !== null && typeof args === 'object') {
      options = args;
      args = [];
    }
    const execPath = redirect(options?.execPath ?? self);
    return originalFork.call(this, modulePath, args ?? [], { ...options, execPath });
  };
  syncBuiltinESMExports();
}
