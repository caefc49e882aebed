// Serializing deep documents: the writer keeps its own stack (any depth) and
// bounds its text by V8's maximum string length before writing it. Every
// `space` JSON.stringify accepts: the exact text where it fits in a string,
// V8's own RangeError ("Invalid string length") where it does not — found
// while writing, without first filling memory with text no string can hold.
//
// V8's JSON.stringify itself gives up on such depths with a stack RangeError
// ("Maximum call stack size exceeded"); the oracle is then the text built
// directly (nested arrays and objects have a simple layout), checked against
// JSON.stringify at depths V8 can write.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectClean, runChild } from './support/child.mjs';

const entry = new URL('../dist/index.mjs', import.meta.url).href;

// Every `space` form: numbers 0..10 (and clamped ones), strings up to 10
// characters (and a longer one, cut to 10).
const spaces = [undefined, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1, 2.7, '', ' ', '\t', '\n \t', 'ab', '--', 'éé', '0123456789abc'];

const program = (depths, spacesToTry) => `
import { Arena, stringify } from ${JSON.stringify(entry)};
const maxLength = 2 ** 29 - 24;  // V8's String::kMaxLength on 64-bit
function gapOf(space) {
  if (typeof space === 'number') return ' '.repeat(Math.max(0, Math.min(10, Math.trunc(space))));
  if (typeof space === 'string') return space.slice(0, 10);
  return '';
}
// The text JSON.stringify writes for \`depth\` nested containers around an empty one.
function nested(shape, depth, gap) {
  const open = shape === 'array' ? '[' : '{';
  const close = shape === 'array' ? ']' : '}';
  const key = shape === 'array' ? '' : gap ? '"a": ' : '"a":';
  if (!gap) return (open + key).repeat(depth) + open + close + close.repeat(depth);
  const parts = [];
  for (let i = 0; i < depth; i++) parts.push(open, '\\n', gap.repeat(i + 1), key);
  parts.push(open + close);
  for (let i = depth - 1; i >= 0; i--) parts.push('\\n', gap.repeat(i), close);
  return parts.join('');
}
function nestedLength(shape, depth, gap) {
  const key = shape === 'array' ? 0 : gap ? 5 : 4;
  if (!gap) return 2 + depth * (2 + key);
  return 2 + depth * (4 + key) + gap.length * depth * depth;
}
const spaces = ${JSON.stringify(spaces)};
// \`depth\` containers in all.
const textOf = (shape, depth) => shape === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
const failures = [];
let checked = 0;
for (const depth of ${JSON.stringify(depths)}) {
  for (const shape of ['array', 'object']) {
    const text = textOf(shape, depth);
    const arena = new Arena();
    const doc = arena.parse(text);
    const built = arena.array();
    built.set('-1', doc);
    const views = { 'doc.stringify': (s) => doc.stringify({ space: s }), 'doc.toBuffer': (s) => doc.toBuffer({ space: s }).toString(),
      'stringify(doc)': (s) => stringify(doc, null, s), 'stringify(doc.lazy())': (s) => stringify(doc.lazy(), null, s),
      'built.stringify': (s) => built.stringify({ space: s }) };
    if (shape !== 'array') delete views['built.stringify'];
    for (const space of ${JSON.stringify(spacesToTry)}.map((i) => spaces[i])) {
      const gap = gapOf(space);
      for (const [name, write] of Object.entries(views)) {
        const label = name + ' ' + shape + ' ' + depth + ' space ' + JSON.stringify(space);
        // The built array around the document is one more level.
        const levels = name === 'built.stringify' ? depth : depth - 1;
        let out, error;
        try { out = write(space); } catch (e) { error = e; }
        checked++;
        if (nestedLength(shape, levels, gap) > maxLength) {
          if (!(error instanceof RangeError) || error.message !== 'Invalid string length') failures.push(label + ': expected RangeError, got ' + (error ? error.message : 'text of ' + out.length));
          continue;
        }
        if (error) { failures.push(label + ': threw ' + error.message); continue; }
        if (out !== nested(shape, levels, gap)) failures.push(label + ': text differs');
      }
    }
    arena.free();
  }
}
// The oracle itself, where V8 can write the depth.
for (const space of spaces) {
  for (const shape of ['array', 'object']) {
    const depth = 500;
    const text = textOf(shape, depth);
    if (JSON.stringify(JSON.parse(text), null, space) !== nested(shape, depth - 1, gapOf(space))) failures.push('oracle ' + shape + ' ' + JSON.stringify(space));
  }
}
console.log('result:' + JSON.stringify({ checked, failures: failures.slice(0, 40) }));
`;

test('deep documents written with every space: exact text, or the RangeError of V8 past the string limit (child process)', () => {
  // 300 levels fit in a string with any gap; 30,000 and more do not with a gap, and do without one.
  const all = spaces.map((_, i) => i);
  const result = expectClean(runChild(program([300], all), { timeout: 600000 }));
  assert.deepEqual(result.failures, []);
  const deep = expectClean(runChild(program([30000, 1000000], [0, 2, 3, 11, 17, 20]), { timeout: 600000 }));
  assert.deepEqual(deep.failures, []);
  assert.ok(result.checked + deep.checked > 300);
});
