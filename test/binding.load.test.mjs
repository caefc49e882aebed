// Which addon the package loads: the one node-gyp-build resolves, and with
// PREBUILDS_ONLY=1 the prebuild (so `PREBUILDS_ONLY=1 npm test` tests what ships).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { implementation } from '../dist/index.mjs';
import { root } from './support/oracle.mjs';

const require = createRequire(import.meta.url);

// The arenajson addons mapped into this process.
function loadedAddons() {
  const lines = readFileSync('/proc/self/maps', 'utf8').split('\n');
  const files = lines.map((line) => line.slice(line.indexOf('/'))).filter((file) => /arenajson[^/]*\.node$/.test(file));
  return [...new Set(files)];
}

test('the addon in use is the one node-gyp-build resolves', { skip: process.platform !== 'linux' }, () => {
  assert.equal(typeof implementation, 'string');
  // ARENAJSON_NATIVE (the sanitizer run) names the file to load instead.
  const expected = process.env.ARENAJSON_NATIVE ? resolve(process.env.ARENAJSON_NATIVE) : require('node-gyp-build').path(root);
  assert.deepEqual(loadedAddons(), [expected]);
});

test('with PREBUILDS_ONLY=1 the prebuild for this platform is what loads', { skip: !process.env.PREBUILDS_ONLY }, () => {
  const [addon] = loadedAddons();
  assert.ok(addon.startsWith(join(root, 'prebuilds', `${process.platform}-${process.arch}`) + sep), addon);
});
