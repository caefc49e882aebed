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

// node-gyp as npm runs it (npm passes its own copy in the environment); run
// directly (`node scripts/build.mjs`), the copy bundled with the npm that
// ships beside this Node, then one installed in node_modules, then the PATH.
function nodeGypScript() {
  if (process.env.npm_config_node_gyp) return process.env.npm_config_node_gyp;
  const bundled = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (existsSync(bundled)) return bundled;
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return null;
  }
}

function nodeGyp(args) {
  const script = nodeGypScript();
  if (script) return run(process.execPath, [script, ...args]);
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

// TypeScript to CommonJS in dist/, plus for each entry point a thin ESM module
// that re-exports it: the CommonJS exports object as the default export and
// each of its properties as a named export, with declarations that say the
// same (`export *` gives the named ones, the default is the exports object).
run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')]);
mkdirSync(join(root, 'dist'), { recursive: true });
for (const entry of ['index', 'register']) {
  const api = require(join(root, 'dist', `${entry}.js`));
  if (entry === 'register') api.unregister();  // loading it installed the globals in this process
  const names = Object.keys(api).filter((name) => name !== 'default');
  writeFileSync(
    join(root, 'dist', `${entry}.mjs`),
    `import api from './${entry}.js';\nexport const { ${names.join(', ')} } = api;\nexport default api;\n`,
  );
  writeFileSync(
    join(root, 'dist', `${entry}.d.mts`),
    `import api from './${entry}.js';\nexport * from './${entry}.js';\nexport default api;\n`,
  );
}
// The framework integrations (arenajson/fastify, arenajson/express): their ESM
// entries re-export the CommonJS module, its default export as theirs.
for (const entry of ['fastify', 'express']) {
  writeFileSync(
    join(root, 'dist', `${entry}.mjs`),
    `import api from './${entry}.js';\nexport * from './${entry}.js';\nexport default api.default;\n`,
  );
  writeFileSync(
    join(root, 'dist', `${entry}.d.mts`),
    `import api from './${entry}.js';\nexport * from './${entry}.js';\ndeclare const entry: typeof api.default;\nexport default entry;\n`,
  );
}
