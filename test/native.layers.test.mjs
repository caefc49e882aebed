// native/ is layered by concept, each folder built only on the ones below it:
//
//   memory/   arenas, their pool, error codes, counters, size limits
//   parse/    JSON text to a document: stage 2, JSON Lines, kernels,
//             decoding, lookup indexes
//   read/     a document to values: read options, the value tape, shallow
//             levels and lazy lookups
//   write/    values to text: the builder, the writer, number and string text
//   path/     gjson paths: compiler, evaluator, matcher, modifiers, gjson text
//   store/    what an arena holds as a whole, and which thread owns it
//   binding/  Node-API: the only folder that talks to JavaScript
//
// A file includes files of its own folder and of folders ranked below its
// own, never one ranked the same (read/ and write/ stay apart) or above.
// Includes are written from native/ (`#include "parse/document.h"`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const native = new URL('../native/', import.meta.url).pathname;
const rank = { memory: 0, parse: 1, read: 2, write: 2, path: 3, store: 4, binding: 5 };

function sources(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...sources(full));
    else if (/\.(h|cc)$/.test(name)) found.push(relative(native, full));
  }
  return found;
}

const files = sources(native);

test('every native source sits in a layer folder', () => {
  assert.ok(files.length > 50, 'native sources were found');
  assert.deepEqual(files.filter((file) => !(file.split('/')[0] in rank) || file.split('/').length !== 2), []);
});

test('includes name existing files from native/ and never reach a layer at or above their own', () => {
  const problems = [];
  for (const file of files) {
    const layer = file.split('/')[0];
    for (const match of readFileSync(join(native, file), 'utf8').matchAll(/^#include "([^"]+)"/gm)) {
      const target = match[1];
      if (target === 'simdjson.h') continue;  // the vendored library, on the include path
      const targetLayer = target.split('/')[0];
      if (!files.includes(target)) problems.push(`${file}: "${target}" is not a path from native/`);
      else if (targetLayer !== layer && !(rank[targetLayer] < rank[layer])) problems.push(`${file} (${layer}) includes ${target} (${targetLayer})`);
    }
  }
  assert.deepEqual(problems, []);
});
