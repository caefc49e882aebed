// The modifier table (native/path/modifiers.cc) is the one list of gjson
// modifiers: every name it holds is compiled as a modifier and evaluated on
// generated documents (compared with a JS model of gjson's answer), a name it
// does not hold is a plain key, and docs/path-syntax.md lists exactly its
// modifiers. (The parse_path fuzz target reads the table itself.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { get, getRaw } from '../dist/index.mjs';
import { prng } from './support/random-json.mjs';
import { scaled } from './support/scale.mjs';

const require = createRequire(import.meta.url);
const { binding } = require('../dist/binding.js');
const names = [...binding.modifierNames];

const keys = ['a', 'b', 'c', 'id', 'name', 'é', '0', '10'];

// Values JSON.stringify writes the same way twice, so a document's text is
// known exactly (gjson's modifiers copy source text).
function value(random, depth) {
  const r = random();
  if (depth >= 4 || r < 0.35) {
    const s = random();
    if (s < 0.25) return Math.floor(random() * 2000) - 1000;
    if (s < 0.4) return Math.round(random() * 1e6) / 64;
    if (s < 0.6) return ['', 'x', 'ünï', '😀', 'a"b', 'tab\there', '[1, 2]', '{"a": 1}'][Math.floor(random() * 8)];
    if (s < 0.75) return random() < 0.5;
    return null;
  }
  const length = Math.floor(random() * 5);
  if (r < 0.65) return Array.from({ length }, () => value(random, depth + 1));
  const out = {};
  for (let i = 0; i < length; i++) out[keys[Math.floor(random() * keys.length)]] = value(random, depth + 1);
  return out;
}

const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);

function dig(x, key, out = []) {
  if (isObject(x) && Object.hasOwn(x, key)) out.push(x[key]);
  if (Array.isArray(x)) for (const e of x) dig(e, key, out);
  else if (isObject(x)) for (const e of Object.values(x)) dig(e, key, out);
  return out;
}

function group(x) {
  if (!isObject(x)) return undefined;
  const rows = [];
  for (const [key, column] of Object.entries(x)) {
    if (!Array.isArray(column)) continue;
    column.forEach((e, i) => { (rows[i] ??= {})[key] = e; });
  }
  return rows;
}

// @fromstr reads a string's content as JSON (content that is not JSON has no
// result here); another scalar as its gjson String(), which is "" for null.
function fromString(s) {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

// A missing key then `.@keys`/`.@values` gives [] inside a container; on a
// scalar the path is not walked at all, so the pipe is never taken (gjson).
const missingKey = (x) => (x !== null && typeof x === 'object' ? [] : undefined);

const join = (x) => (Array.isArray(x) ? Object.assign({}, ...x.filter(isObject)) : x);

// A model of each modifier on x = JSON.parse(text), text being JSON.stringify(x):
// [path, expected get() result, true when the answer holds for compact text
// only (@tostr quotes the source text, whitespace included)]. A modifier with no model must be listed in
// `unmodelled` with how it is checked instead.
const models = {
  reverse: (x) => [['@reverse', Array.isArray(x) ? [...x].reverse() : isObject(x) ? Object.fromEntries(Object.entries(x).reverse()) : x]],
  ugly: (x) => [['@ugly', x]],
  pretty: (x) => [['@pretty', x], ['@pretty:{"sortKeys":true,"indent":"\\t","width":8}', x]],
  this: (x) => [['@this', x], ['@this:{"ignored":1}', x]],
  valid: (x) => [['@valid', x]],
  flatten: (x) => [['@flatten', Array.isArray(x) ? x.flat(1) : x], ['@flatten:{"deep":true}', Array.isArray(x) ? x.flat(Infinity) : x]],
  join: (x) => [['@join', join(x)]],
  keys: (x) => [['@keys', isObject(x) ? Object.keys(x) : Array.isArray(x) ? x.map(() => null) : [null]], ['missing.@keys', missingKey(x)]],
  values: (x) => [['@values', isObject(x) ? Object.values(x) : Array.isArray(x) ? x : [x]], ['missing.@values', missingKey(x)]],
  tostr: (x) => [['@tostr', JSON.stringify(x), true], ['@tostr|@fromstr', x]],
  fromstr: (x) => [['@fromstr', typeof x === 'string' ? fromString(x) : x === null ? undefined : x]],
  group: (x) => [['@group', group(x)]],
  dig: (x) => [['@dig:a', dig(x, 'a')], ['@dig:name', dig(x, 'name')]],
};
const unmodelled = {};

test('the table names each modifier once, as a plain lower-case name', () => {
  assert.ok(names.length >= 13, names.join());
  assert.equal(new Set(names).size, names.length);
  for (const name of names) assert.match(name, /^[a-z]+$/);
});

test('every modifier has a model here (or says why not)', () => {
  assert.deepEqual(names.filter((name) => !(name in models) && !(name in unmodelled)), []);
  assert.deepEqual(Object.keys(models).filter((name) => !names.includes(name)), [], 'a model for a name the table lacks');
});

test('every modifier is evaluated as its model says, at the root and after a key or a pipe', () => {
  const random = prng(20);
  for (let round = 0; round < scaled(300, 30); round++) {
    const x = value(random, 0);
    const text = JSON.stringify(x);
    const wrapped = JSON.stringify({ v: x });
    const pretty = JSON.stringify(x, null, 2);
    for (const name of names) {
      for (const [path, expected, compactOnly] of models[name](x)) {
        const where = `${path} on ${text}`;
        assert.deepStrictEqual(get(text, path), expected, where);
        assert.deepStrictEqual(get(wrapped, `v.${path}`), expected, `v.${where}`);
        assert.deepStrictEqual(get(wrapped, `v|${path}`), expected, `v|${where}`);
        if (!compactOnly) assert.deepStrictEqual(get(pretty, path), expected, `${where} (indented)`);
      }
    }
    // Text-exact answers: @ugly gives JSON.stringify's text, @tostr a string of
    // the source text, and @pretty with no line short enough to keep (width 0)
    // JSON.stringify's indented text, with a final newline after a container.
    assert.equal(getRaw(pretty, '@ugly'), text);
    assert.equal(getRaw(text, '@tostr'), JSON.stringify(text));
    const newline = x !== null && typeof x === 'object' ? '\n' : '';
    assert.equal(getRaw(text, '@pretty:{"width":0}'), pretty + newline, text);
    assert.equal(getRaw(pretty, '@pretty:{"width":0,"indent":"\\t"}'), JSON.stringify(x, null, '\t') + newline, text);
  }
});

test('a name the table lacks is a key, at the root and after a dot, and never throws', () => {
  const unknown = ['nosuch', 'Reverse', 'THIS', 'reverse2', 'dig_', 'tostring', 'prettyx', ...names.map((n) => n.slice(0, -1))];
  for (const name of unknown.filter((n) => !names.includes(n))) {
    const key = `@${name}`;
    const doc = JSON.stringify({ [key]: 'as a key', v: { [key]: 7 } });
    assert.equal(get(doc, key), 'as a key', key);
    assert.equal(get(doc, `v.${key}`), 7, key);
    assert.equal(get(doc, `v|${key}`), 7, key);
    assert.equal(get('{"a":1}', key), undefined, key);
    assert.equal(getRaw('{"a":1}', `${key}:{"x":1}`), undefined, key);
  }
  for (const name of names) {
    // A known name is never read as the key it also is.
    const key = `@${name}`;
    assert.notDeepEqual(get(JSON.stringify({ [key]: 'as a key' }), key), 'as a key', key);
  }
});

test('docs/path-syntax.md lists exactly the modifiers of the table', () => {
  const docs = readFileSync(new URL('../docs/path-syntax.md', import.meta.url), 'utf8');
  // The table under "| modifier | does |", up to the blank line that ends it.
  const start = docs.indexOf('| modifier | does |');
  assert.ok(start > 0, 'the modifier table is in the docs');
  const table = docs.slice(start, docs.indexOf('\n\n', start));
  const listed = [...table.matchAll(/^\| `@([a-z]+)[^`]*` \|/gm)].map((m) => m[1]);
  assert.deepEqual([...listed].sort(), [...names].sort());
});
