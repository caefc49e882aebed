// The shipped type declarations, checked as users meet them: consumer files
// in both module kinds (test/types/*.mts, *.cts) type-check with the repo's
// own TypeScript under --strict (NodeNext resolution, which reads the
// package's `exports`; and bundler resolution for the ES module), and the
// declarations of each entry point name exactly the values its module
// exports at run time (default and named, ESM and CommonJS).
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { root } from './support/oracle.mjs';

const require = createRequire(import.meta.url);
const ts = require('typescript');

const consumers = {
  esm: join(root, 'test', 'types', 'esm-consumer.mts'),
  cjs: join(root, 'test', 'types', 'cjs-consumer.cts'),
};

// Library files (lib.*.d.ts, @types/node) parsed once for every program below.
const baseHost = ts.createCompilerHost({});
const parsed = new Map();
function hostFor(options) {
  const host = ts.createCompilerHost(options);
  host.getSourceFile = (fileName, languageVersion, onError, fresh) => {
    if (!fileName.includes('node_modules')) return baseHost.getSourceFile(fileName, languageVersion, onError, fresh);
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    if (!parsed.has(key)) parsed.set(key, baseHost.getSourceFile(fileName, languageVersion, onError, fresh));
    return parsed.get(key);
  };
  return host;
}

// The program's diagnostics for the consumer files and the package's own
// declarations (dist/), as tsc --strict reports them; the libraries beneath
// (lib.*.d.ts, @types/node) are not checked, which spares most of the time.
function compile(files, options) {
  const settings = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, types: ['node'], ...options };
  const program = ts.createProgram(files, settings, hostFor(settings));
  const ours = program.getSourceFiles().filter((file) => files.includes(file.fileName) || file.fileName.startsWith(join(root, 'dist')));
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const file of ours) diagnostics.push(...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file));
  const messages = diagnostics.map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file) return text;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${diagnostic.file.fileName}(${line + 1},${character + 1}): TS${diagnostic.code} ${text}`;
  });
  return { program, messages };
}

const nodeNext = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext };
let nodeNextProgram;

test('the consumer files type-check under --strict, ESM and CommonJS (NodeNext), declarations included', () => {
  const { program, messages } = compile([consumers.esm, consumers.cjs], nodeNext);
  assert.deepEqual(messages, []);
  // Resolved through the package's `exports`: the .d.mts for import, the .d.ts for require.
  const resolved = program.getSourceFiles().map((file) => file.fileName).filter((name) => name.startsWith(join(root, 'dist')));
  for (const file of ['index.d.mts', 'index.d.ts', 'register.d.mts', 'register.d.ts']) {
    assert.ok(resolved.includes(join(root, 'dist', file)), `${file} not used: ${resolved}`);
  }
  nodeNextProgram = program;
});

test('the ES module consumer type-checks under bundler resolution too', () => {
  const { messages } = compile([consumers.esm], { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler });
  assert.deepEqual(messages, []);
});

// Where @types/node is installed: the repository's node_modules, or the app's
// when the suite runs from an installed package (npm run test:arm64).
const typesRoot = dirname(dirname(createRequire(join(root, 'package.json')).resolve('@types/node/package.json')));

test('the old resolution (node10, no `exports`) finds both entry points through `types` and `typesVersions`', () => {
  // node10 does not resolve a package by its own name: the consumer sits beside a node_modules/arenajson link.
  const dir = mkdtempSync(join(tmpdir(), 'arenajson-types-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules', 'arenajson'), 'dir');
    const file = join(dir, 'consumer.ts');
    writeFileSync(file, [
      "import { unregister } from 'arenajson/register';",
      "import { Arena, parse } from 'arenajson';",
      "const n: number = parse<number>('1');",
      'new Arena().free();',
      'unregister();',
      'export { n };',
      '',
    ].join('\n'));
    const { messages } = compile([file], {
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      typeRoots: [typesRoot],
    });
    assert.deepEqual(messages, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The names of the values a declaration file exports (types left out).
function declaredValues(program, file) {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  assert.ok(source, `${file} is not in the program`);
  const names = [];
  for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(source))) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    if (target.flags & ts.SymbolFlags.Value) names.push(symbol.escapedName === 'export=' ? 'export=' : symbol.name);
  }
  return names.sort();
}

test('each entry point\'s declarations name exactly the values it exports at run time', async () => {
  const program = nodeNextProgram ?? compile([consumers.esm, consumers.cjs], nodeNext).program;
  for (const entry of ['index', 'register']) {
    const esm = await import(pathToFileURL(join(root, 'dist', `${entry}.mjs`)).href);
    assert.deepEqual(declaredValues(program, join(root, 'dist', `${entry}.d.mts`)), Object.keys(esm).sort(), `${entry}.d.mts`);
    assert.ok(Object.hasOwn(esm, 'default'), entry);
    const cjs = require(join(root, 'dist', `${entry}.js`));
    if (entry === 'register') cjs.unregister();
    assert.deepEqual(declaredValues(program, join(root, 'dist', `${entry}.d.ts`)), Object.keys(cjs).sort(), `${entry}.d.ts`);
    assert.equal(esm.default, cjs, `${entry}: the default export is the CommonJS exports object`);
  }
});
