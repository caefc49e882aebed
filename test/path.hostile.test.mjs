// Hostile paths run in a child process under a time bound: very long paths,
// deeply nested queries and multipaths, many `*` against long keys and values,
// NUL and lone surrogates, deep documents through recursive modifiers. Each
// must return (no crash, no hang) with no result.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { timeBound } from './support/scale.mjs';

const child = `
import { get, getRaw, Arena } from ${JSON.stringify(new URL('../dist/index.mjs', import.meta.url).href)};
const long = 'a'.repeat(200000);
const doc = JSON.stringify({ [long]: long, list: [long, long + 'c', 'x'.repeat(100000)], k: { a: 1 } });
const deep = '['.repeat(5000) + ']'.repeat(5000);
const deepObject = '{"a":'.repeat(3000) + '1' + '}'.repeat(3000);
const stars = '*a'.repeat(5000) + 'b';
const cases = [
  [doc, 'a.'.repeat(300000) + 'a'],
  [doc, 'k.' + 'x'.repeat(3000000)],
  [doc, '#('.repeat(20000) + 'a==1' + ')'.repeat(20000)],
  [doc, 'list.' + '#(#('.repeat(500) + '==1' + '))'.repeat(500)],
  [doc, '{'.repeat(20000) + 'a' + '}'.repeat(20000)],
  [doc, '['.repeat(20000)],
  [doc, '@reverse|'.repeat(20000) + 'zz'],
  [doc, stars],
  [doc, 'list.#(%"' + stars + '")'],
  [doc, 'list.#(!%"' + '*a'.repeat(3000) + '").zz'],
  [doc, '*' + '?'.repeat(50000)],
  [doc, 'k\\u0000a'],
  [doc, '\\u0000'],
  [doc, 'k.\\ud800'],
  [doc, '\\udfff\\ud800.#(a==\\ud800)'],
  [doc, '!'.repeat(100000)],
  [doc, '..'.repeat(100000)],
  [doc, '@dig:' + stars + '|zz'],
  [doc, '#(a).'.repeat(50000) + '|x'],
  [doc, 'list.' + '#(%"*a*").'.repeat(20000)],
  [deep, '0.'.repeat(4999) + 'x'],
  [deep, '@pretty.zz'],
  [deep, '@dig:zz.zz'],
  [deep, '@flatten:{"deep":true}.zz'],
  [deepObject, '@pretty.zz'],
  [deepObject, '@dig:b'],
  [deepObject, 'a.'.repeat(3000) + 'b'],
  [deepObject, '*.'.repeat(2999) + 'b'],
];
const out = [];
for (const [json, path] of cases) {
  const started = process.hrtime.bigint();
  const value = get(json, path);
  const raw = getRaw(json, path);
  const arena = new Arena();
  const viaDoc = arena.parse(json).get(path);
  arena.free();
  out.push({ path: path.slice(0, 40), value: value === undefined && raw === undefined && viaDoc === undefined ? 'none' : String(raw).slice(0, 80), ms: Number(process.hrtime.bigint() - started) / 1e6 });
}
console.log(JSON.stringify(out));
`;

test('hostile paths return with no result, in a child process under a time bound', () => {
  const result = spawnSync(process.execPath, ['--input-type=module', '--stack-size=900', '-e', child], {
    encoding: 'utf8',
    timeout: timeBound(120000),
    maxBuffer: 1 << 24,
  });
  assert.equal(result.signal, null, `killed (${result.signal}): ${result.stderr}`);
  assert.equal(result.status, 0, result.stderr);
  const rows = JSON.parse(result.stdout.trim().split('\n').pop());
  for (const row of rows) assert.equal(row.value, 'none', `${row.path}: ${row.value}`);
});
