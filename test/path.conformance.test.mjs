// The path engine against gjson's documented results: every case of
// test/path/cases.mjs and every table row of docs/path-syntax.md, through
// get/getRaw and through a Doc (doc.get, doc.getRaw, doc.query).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Arena, get, getRaw } from '../dist/index.mjs';
import { groups } from './path/cases.mjs';
import { assertSameJson, root } from './support/oracle.mjs';
import { syntaxTables } from './path/syntax-tables.mjs';

function check(doc, path, expected, exact, arena, where) {
  const label = `${where}: ${JSON.stringify(path)}`;
  const value = get(doc, path);
  const raw = getRaw(doc, path);
  const isLines = path.startsWith('..');
  const handle = isLines ? arena.parseLines(doc) : arena.parse(doc);
  if (expected === undefined) {
    assert.equal(value, undefined, `${label}: expected no result, got ${JSON.stringify(value)}`);
    assert.equal(raw, undefined, `${label}: getRaw`);
    assert.equal(handle.get(path), undefined, `${label}: doc.get`);
    assert.equal(handle.query(path), undefined, `${label}: doc.query`);
    return;
  }
  const want = JSON.parse(expected);
  assertSameJson(value, want, `${label} get`);
  assert.equal(typeof raw, 'string', `${label}: getRaw gave ${raw}`);
  if (exact) assert.equal(raw, expected, `${label}: getRaw text`);
  assertSameJson(JSON.parse(raw), want, `${label} getRaw`);
  assertSameJson(handle.get(path), want, `${label} doc.get`);
  assert.equal(handle.getRaw(path), raw, `${label} doc.getRaw`);
  const queried = handle.query(path);
  assert.ok(queried !== undefined, `${label}: doc.query`);
  assertSameJson(queried.toJS(), want, `${label} doc.query().toJS()`);
}

const counts = {};
for (const group of groups) {
  test(`path conformance: ${group.feature}`, () => {
    const arena = new Arena();
    for (const [path, expected, mode] of group.cases) {
      check(group.doc, path, expected, mode === 'exact', arena, group.feature);
      arena.reset();
    }
    arena.free();
  });
  counts[group.feature] = group.cases.length;
}

test('path conformance: the tables of docs/path-syntax.md', () => {
  const markdown = readFileSync(join(root, 'docs', 'path-syntax.md'), 'utf8');
  const rows = syntaxTables(markdown);
  assert.ok(rows.length >= 80, `only ${rows.length} rows`);
  const arena = new Arena();
  for (const row of rows) {
    check(row.doc, row.path, row.expected, row.exact, arena, `docs: ${row.section}`);
    arena.reset();
  }
  arena.free();
});

test('the conformance suite has at least 400 cases', () => {
  const markdown = readFileSync(join(root, 'docs', 'path-syntax.md'), 'utf8');
  const total = Object.values(counts).reduce((a, b) => a + b, 0) + syntaxTables(markdown).length;
  assert.ok(total >= 400, `${total} cases`);
});

test('a Value from query is a handle: a sub-path of it gives the same result as the whole path', () => {
  const arena = new Arena();
  const doc = arena.parse(groups[0].doc);
  const friends = doc.query('friends');
  assert.equal(friends.type, 'array');
  assert.equal(friends.length, 3);
  assert.equal(friends.get('1.first'), 'Roger');
  assert.equal(friends.getRaw('#'), '3');
  const firsts = friends.query('#.first');
  assert.deepEqual(firsts.toJS(), ['Dale', 'Roger', 'Jane']);
  assert.equal(firsts.get('1'), 'Roger');
  assert.equal(firsts.type, 'array');
  const count = doc.query('friends.#');
  assert.equal(count.type, 'number');
  assert.equal(count.toJS(), 3);
  const pretty = doc.query('name|@pretty');
  assert.equal(pretty.type, 'object');
  assert.deepEqual([...pretty.keys()], ['first', 'last']);
  assert.equal(doc.query('name.first').get('@this'), 'Tom');
  assert.equal(doc.query('name').get('@tostr'), '{"first": "Tom", "last": "Anderson"}');
  arena.free();
});

test('arena.parseLines gives the array of the lines', () => {
  const arena = new Arena();
  const doc = arena.parseLines('{"a":1}\n\n[2]\n"three"\n');
  assert.deepEqual(doc.toJS(), [{ a: 1 }, [2], 'three']);
  assert.equal(doc.get('..#'), 3);
  assert.equal(doc.get('#'), 3);
  assert.equal(doc.get('..0.a'), 1);
  assert.deepEqual(arena.parseLines('').toJS(), []);
  assert.deepEqual(arena.parseLines(Buffer.from('1\n2')).toJS(), [1, 2]);
  for (const bad of ['{"a":1}\n{', '1 2\n3', '{"a":\n1}', '"a\nb"']) {
    assert.throws(() => arena.parseLines(bad), (error) => error instanceof SyntaxError && error.code === 'ERR_JSON_SYNTAX', bad);
    assert.throws(() => get(bad, '..#'), (error) => error instanceof SyntaxError, bad);
  }
  assert.throws(() => arena.parseLines('{"a":1}\n{'), /line 2/);
  arena.free();
});
