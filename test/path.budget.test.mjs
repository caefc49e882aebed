// Text that a path produces counts against the evaluation budget before it
// is written: every modifier that writes text, multipaths, `#.key` lists and
// `#(...)#` queries, given arguments or inputs that multiply their output
// far past their input, have no result instead of exhausting memory (or
// aborting on an uncaught allocation failure). In a child process; its peak
// memory stays bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectClean, runChild } from './support/child.mjs';

const entry = new URL('../dist/index.mjs', import.meta.url).href;

test('text-producing paths that blow up have no result, within bounded memory (child process)', () => {
  const result = expectClean(
    runChild(`
import { getRaw, get } from ${JSON.stringify(entry)};
const objects = '[' + Array.from({ length: 100000 }, (_, i) => '{"a":' + i + ',"b":[' + i + ']}').join(',') + ']';
const numbers = '[' + Array.from({ length: 100000 }, (_, i) => i).join(',') + ']';
const spaces = (n) => ' '.repeat(n);
const longKey = '{"' + 'k'.repeat(100000) + '":[' + Array(100000).fill(1).join(',') + ']}';
const nestedA = '{"a":'.repeat(60) + '"' + 'x'.repeat(1000000) + '"' + '}'.repeat(60);
const repeat = (piece, n) => Array(n).fill(piece).join(',');
const cases = {
  'pretty prefix, objects': [objects, '@pretty:{"prefix":"' + spaces(10000) + '"}'],
  'pretty prefix, numbers': [numbers, '@pretty:{"prefix":"' + spaces(10000) + '","width":1}'],
  'pretty indent': [objects, '@pretty:{"indent":"' + spaces(10000) + '"}'],
  'pretty sorted': [objects, '@pretty:{"sortKeys":true,"indent":"' + spaces(5000) + '"}'],
  'group with a long key': [longKey, '@group'],
  'multipath of @this': [objects, '[' + repeat('@this', 50000) + ']'],
  'object multipath of @this': [objects, '{' + repeat('@this', 50000) + '}'],
  'map of multipaths': [objects, '#.[' + repeat('@this', 2000) + ']'],
  'query of multipaths': [objects, '#(a>=0)#.[' + repeat('@this', 2000) + ']'],
  'tostr of multipaths': [objects, '[' + repeat('@this', 20000) + ']|@tostr'],
  'pretty of multipaths': [objects, '[' + repeat('@this', 20000) + ']|@pretty'],
  'dig through nesting': [nestedA, '[' + repeat('@dig:a', 200) + ']'],
  'flatten of multipaths': [objects, '[' + repeat('@this', 20000) + ']|@flatten'],
  'reverse of multipaths': [objects, '[' + repeat('@this', 20000) + ']|@reverse'],
  'keys of multipaths': [objects, '{' + repeat('"k":@this', 20000) + '}|@values'],
  'join of multipaths': [objects, '[' + repeat('@this', 20000) + ']|@join'],
  'ugly of multipaths': [objects, '[' + repeat('@this', 20000) + ']|@ugly'],
};
const out = {};
for (const [name, [json, path]] of Object.entries(cases)) {
  out[name] = name.startsWith('pretty') ? [getRaw(json, path) === undefined, get(json, path) === undefined] : [getRaw(json, path) === undefined, true];
}
// Modest uses still work.
out.small = [getRaw('[{"a":1}]', '@pretty:{"indent":"    "}'), get('{"a":[1,2]}', '[a,a,a]|@flatten'), getRaw('{"a":"<"}', 'a|@tostr')];
out.maxRSS = process.resourceUsage().maxRSS * 1024;
console.log('result:' + JSON.stringify(out));
`, { timeout: 600000 }),
  );
  const { small, maxRSS, ...blowups } = result;
  for (const [name, missing] of Object.entries(blowups)) assert.deepEqual(missing, [true, true], name);
  assert.deepEqual(small, ['[\n    {\n        "a": 1\n    }\n]\n', [1, 2, 1, 2, 1, 2], '"\\"\\u003c\\""']);
  // At most 256 MiB of text per evaluation (plus the string growing to hold it, and the documents).
  // (Not under AddressSanitizer, whose quarantine and shadow memory add their own.)
  if (process.env.ARENAJSON_SANITIZED !== '1') assert.ok(maxRSS < 1.5 * 2 ** 30, `peak RSS ${Math.round(maxRSS / 2 ** 20)} MiB`);
});
