// Builds what the tests need: the TypeScript (always) and the addon (when no
// prebuild or earlier build fits, or when native sources changed).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// Build output goes to stderr, so that commands whose stdout is data (`npm pack
// --json`, which runs this as `prepare`; `bench --json`) stay parseable.
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: ['inherit', 2, 'inherit'] });

function nodeGyp(args) {
  const bin = process.env.npm_config_node_gyp;
  if (bin) return run(process.execPath, [bin, ...args]);
  return run('node-gyp', args);
}

// The addon: rebuild incrementally when a build exists (make skips what is up
// to date, and simdjson is its own static library), build from scratch when
// nothing can be loaded.
const built = join(root, 'build', 'Release', 'arenajson.node');
if (process.env.PREBUILDS_ONLY !== '1') {
  if (existsSync(join(root, 'build', 'Makefile'))) {
    nodeGyp(['build', '-j', '2']);
  } else {
    let loadable = false;
    try {
      require('node-gyp-build').path(root);
      loadable = true;
    } catch {}
    if (!loadable) nodeGyp(['rebuild', '-j', '2']);
  }
}

// TypeScript to CommonJS in dist/, plus a thin ESM entry that re-exports it.
run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')]);
mkdirSync(join(root, 'dist'), { recursive: true });
const names = Object.keys(require(join(root, 'dist', 'index.js'))).filter((name) => name !== 'default');
writeFileSync(
  join(root, 'dist', 'index.mjs'),
  `import api from './index.js';\nexport const { ${names.join(', ')} } = api;\nexport default api;\n`,
);
writeFileSync(join(root, 'dist', 'index.d.mts'), `export * from './index.js';\n`);
