// doc.get names a path it has seen by a native ticket (lib/pathid.ts,
// native/path/path_table.h). Reads through tickets give what the same reads by
// path text give, and what JSON.parse gives, also past the table's size
// (tickets taken over), for paths too long to get one, for lone surrogates,
// and when the raw binding is handed old, made-up or wrong tickets.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { Arena } from '../dist/index.mjs';
import { assertSameJson, root } from './support/oracle.mjs';

const { binding } = createRequire(root + '/')('./dist/binding.js');

function sample(size) {
  const value = { list: [], map: {}, 'a\ud800b': 'lone', 'x.y': 1, deep: { a: { b: { c: [1, 'two', null] } } } };
  value['w'.repeat(600)] = { z: 'long' };
  for (let i = 0; i < size; i++) {
    value.list.push({ id: i, name: `item ${i}`, tags: [i % 3, `t${i % 7}`], price: i / 8, ok: i % 2 === 0 });
    value.map[`k${i}`] = i % 5 === 0 ? { v: i, s: 'é'.repeat(i % 4) } : i;
  }
  return value;
}

function read(value, segments) {
  let at = value;
  for (const s of segments) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, s)) return undefined;
    at = at[s];
  }
  return at;
}

test('more distinct paths than the table holds, read twice over, match JSON.parse', () => {
  const value = sample(3000);
  const arena = new Arena();
  try {
    const doc = arena.parse(JSON.stringify(value));
    const fields = [];
    for (let i = 0; i < 3000; i++) {
      fields.push(['list', i, 'name'], ['list', i, 'tags', 1], ['map', `k${i}`]);
    }
    for (let round = 0; round < 2; round++) {
      for (const segments of fields) {
        assertSameJson(doc.get(segments.join('.')), read(value, segments), segments.join('.'));
      }
    }
    assertSameJson(doc.get('deep.a.b.c'), [1, 'two', null]);
    assert.equal(doc.get('a\ud800b'), 'lone');
    assert.equal(doc.get('a\ud800b'), 'lone');
    assert.equal(doc.get('x\\.y'), 1);
    assert.equal(doc.get('list.#'), 3000);
    assert.equal(doc.get('list.#'), 3000);
    // A path too long for a ticket still reads, every time.
    const long = 'w'.repeat(600) + '.z';
    for (let i = 0; i < 3; i++) assert.equal(doc.get(long), 'long');
    // Read options apply to ticketed reads too.
    assert.equal(doc.get('list.7.id', { bigint: 'always' }), 7n);
  } finally {
    arena.free();
  }
});

test('the raw binding: old, made-up and foreign tickets fall back to the path text', () => {
  const native = new binding.NativeArena();
  try {
    const handle = native.parse('{"a":1,"b":[true,"x"],"c":{"d":null}}');
    const g = native.stats().generation;
    const first = native.pathId('a');
    assert.ok(Number.isInteger(first) && first > 0);
    assert.equal(native.getCompiled(g, handle, first, 'a'), 1);
    // The text is not consulted for a live ticket: the ticket names its own path.
    assert.equal(native.getCompiled(g, handle, first, 'b.1'), 1);
    // Push `first` out of its slot.
    let last = first;
    for (let i = 0; i < 5000; i++) last = native.pathId(`p${i}`);
    assert.ok(last > first);
    assert.equal(native.getCompiled(g, handle, first, 'b.1'), 'x');
    const made = [0, -1, 0.5, NaN, Infinity, -Infinity, 2 ** 53, last + 1, last + 4096, 1e300, '1', null, undefined, {}, 1n];
    for (const ticket of made) {
      assert.equal(native.getCompiled(g, handle, ticket, 'b.1'), 'x', String(ticket));
      assert.equal(native.getCompiled(g, handle, ticket, 'zz'), undefined, String(ticket));
    }
    // No live ticket and no text: a typed error, not a crash.
    assert.throws(() => native.getCompiled(g, handle, 0), { code: 'ERR_INVALID_ARG' });
    assert.throws(() => native.getCompiled(g, handle, -1, 5), { code: 'ERR_INVALID_ARG' });
    assert.throws(() => native.pathId(5), { code: 'ERR_INVALID_ARG' });
    assert.equal(native.pathId('x'.repeat(513)), 0);
    // Handles are checked before the ticket.
    assert.throws(() => native.getCompiled(g + 1, handle, last, 'a'), { code: 'ERR_ARENA_STALE' });
    assert.throws(() => native.getCompiled(g, handle + 99, last, 'a'), { code: 'ERR_INVALID_ARG' });
  } finally {
    native.free();
  }
  assert.throws(() => native.pathId('a'), { code: 'ERR_ARENA_FREED' });
  assert.throws(() => native.getCompiled(0, 0, 1, 'a'), { code: 'ERR_ARENA_FREED' });
});

test('a ticketed read of a reset or freed arena throws the typed error', () => {
  const arena = new Arena();
  const doc = arena.parse('{"a":{"b":2}}');
  assert.equal(doc.get('a.b'), 2);
  assert.equal(doc.get('a.b'), 2);
  arena.reset();
  assert.throws(() => doc.get('a.b'), { code: 'ERR_ARENA_STALE' });
  const again = arena.parse('{"a":{"b":3}}');
  assert.equal(again.get('a.b'), 3);
  arena.free();
  assert.throws(() => again.get('a.b'), { code: 'ERR_ARENA_FREED' });
});
