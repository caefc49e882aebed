// Building in the arena: arena.object()/array(), set()/delete() on built
// values and on parsed documents, against the same edits made on plain JS
// data (sjson's rules) and serialized by V8.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { Arena, stringify } from '../dist/index.mjs';
import { assertSameJson } from './support/oracle.mjs';
import { prng, randomJsonText } from './support/random-json.mjs';
import { modelDelete, modelSet } from './support/sjson-model.mjs';

// What JSON.parse of the model's text gives, except that -0 keeps its sign
// (toJS() of an untouched parsed "-0" is -0, as JSON.parse makes it).
function parsedForm(value) {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : parsedForm(v)));
  if (value === null || typeof value !== 'object') return value;
  const out = JSON.parse(JSON.stringify(Object.fromEntries(Object.keys(value).filter((k) => value[k] !== undefined).map((k) => [k, 0]))));
  for (const key of Object.keys(out)) out[key] = parsedForm(value[key]);
  return out;
}

function same(actual, model, label) {
  assert.equal(actual.stringify(), JSON.stringify(model), `${label}: stringify`);
  assert.equal(actual.stringify({ space: 2 }), JSON.stringify(model, null, 2), `${label}: stringify space 2`);
  assertSameJson(actual.toJS(), parsedForm(model), `${label}: toJS`);
}

function throwsCode(fn, code, label) {
  assert.throws(fn, (error) => error.code === code, label);
}

test('sjson README examples on parsed documents', () => {
  const arena = new Arena();
  const run = (json, path, value) => arena.parse(json).set(path, value).stringify();
  assert.equal(run('{"name":{"first":"Janet","last":"Prichard"},"age":47}', 'name.last', 'Anderson'),
    '{"name":{"first":"Janet","last":"Anderson"},"age":47}');
  assert.equal(run('{}', 'name', 'Tom'), '{"name":"Tom"}');
  assert.equal(run('{}', 'name.last', 'Anderson'), '{"name":{"last":"Anderson"}}');
  assert.equal(run('{"name":{"last":"Anderson"}}', 'name.first', 'Sara'), '{"name":{"last":"Anderson","first":"Sara"}}');
  assert.equal(run('{"name":{"last":"Anderson"}}', 'name.last', 'Smith'), '{"name":{"last":"Smith"}}');
  assert.equal(run('{"friends":["Andy","Carol"]}', 'friends.2', 'Sara'), '{"friends":["Andy","Carol","Sara"]}');
  assert.equal(run('{"friends":["Andy","Carol"]}', 'friends.1', 'Sara'), '{"friends":["Andy","Sara"]}');
  assert.equal(run('{"friends":["Andy","Carol"]}', 'friends.-1', 'Sara'), '{"friends":["Andy","Carol","Sara"]}');
  assert.equal(run('{"friends":["Andy","Carol"]}', 'friends.4', 'Sara'), '{"friends":["Andy","Carol",null,null,"Sara"]}');
  assert.equal(run('{"users":{}}', 'users.:2313.name', 'Sara'), '{"users":{"2313":{"name":"Sara"}}}');
  assert.equal(run('{}', 'a.0.b', 1), '{"a":[{"b":1}]}');
  assert.equal(run('{}', 'a.2', 1), '{"a":[null,null,1]}');
  assert.equal(run('{}', 'a.-1.b', 1), '{"a":[{"b":1}]}');
  assert.equal(run('{"a":1}', 'a.b', 2), '{"a":{"b":2}}');
  assert.equal(run('{"a":1}', 'a.0', 2), '{"a":[2]}');
  assert.equal(run('{}', 'fav\\.movie', 'Deer Hunter'), '{"fav.movie":"Deer Hunter"}');
  assert.equal(run('7', 'a', 1), '{"a":1}');
  assert.equal(run('[1,2]', '-1', 3), '[1,2,3]');
  const del = (json, path) => {
    const doc = arena.parse(json);
    const deleted = doc.delete(path);
    return [deleted, doc.stringify()];
  };
  assert.deepEqual(del('{"name":{"first":"Sara","last":"Anderson"}}', 'name.first'), [true, '{"name":{"last":"Anderson"}}']);
  assert.deepEqual(del('{"friends":["Andy","Carol"]}', 'friends.1'), [true, '{"friends":["Andy"]}']);
  assert.deepEqual(del('{"friends":["Andy","Carol"]}', 'friends.-1'), [true, '{"friends":["Andy"]}']);
  assert.deepEqual(del('{"friends":["Andy","Carol"]}', 'friends.7'), [false, '{"friends":["Andy","Carol"]}']);
  assert.deepEqual(del('{"a":{"b":1}}', 'a.c.d'), [false, '{"a":{"b":1}}']);
  arena.free();
});

test('replacing keeps the key in place; re-adding a deleted key puts it last; integer-like keys sort first', () => {
  const arena = new Arena();
  const out = arena.object();
  out.set('b', 1).set('a', 2).set('c', 3).set('a', 'two');
  assert.equal(out.stringify(), '{"b":1,"a":"two","c":3}');
  assert.equal(out.delete('b'), true);
  assert.equal(out.delete('b'), false);
  out.set('b', 4).set('10', 'ten').set('2', 'two').set('01', 'zero-one');
  assert.equal(out.stringify(), '{"2":"two","10":"ten","a":"two","c":3,"b":4,"01":"zero-one"}');
  assert.deepEqual(Object.keys(out.toJS()), ['2', '10', 'a', 'c', 'b', '01']);
  assert.equal(out.get('10'), 'ten');
  assert.equal(out.get('a'), 'two');
  assert.equal(out.type, 'object');
  assert.deepEqual(out.keys(), ['2', '10', 'a', 'c', 'b', '01']);
  const list = arena.array();
  list.set('-1', 1).set('-1', { x: [1] }).set('5', 'five').set('1.x.-1', 2);
  assert.equal(list.stringify(), '[1,{"x":[1,2]},null,null,null,"five"]');
  assert.equal(list.length, 6);
  arena.free();
});

test('JS values are stored as JSON.stringify writes them', () => {
  const arena = new Arena();
  const out = arena.object();
  const model = {};
  const values = {
    num: -0, nan: NaN, inf: -Infinity, big: 1e21, tiny: 1e-7, str: 'a"b\\c\u2028\ud800\n', bool: true, nil: null,
    date: new Date(86400000), boxed: [new Number(3), new String('s'), new Boolean(false)],
    nested: { u: undefined, f() {}, s: Symbol('x'), arr: [undefined, () => 1, Symbol('y')] },
    custom: { toJSON(key) { return `key:${key}`; } },
    sparse: [1, , 3], // eslint-disable-line no-sparse-arrays
    proto: JSON.parse('{"__proto__":{"x":1}}'),
    undef: undefined, fn: () => 1,
  };
  for (const [key, value] of Object.entries(values)) {
    out.set(key, value);
    model[key] = value;
  }
  assert.equal(out.stringify(), JSON.stringify(model));
  assert.equal(out.stringify({ space: '--' }), JSON.stringify(model, null, '--'));
  assert.equal(out.get('custom'), 'key:custom');
  assert.throws(() => out.set('x', 10n), TypeError);
  const cyclic = {};
  cyclic.self = cyclic;
  assert.throws(() => out.set('x', cyclic), TypeError);
  assert.equal(out.stringify(), JSON.stringify(model), 'a failed set changes nothing');
  arena.free();
});

test('random edit sequences on built values and parsed documents match the JS model', () => {
  const random = prng(99);
  const vocabulary = ['a', 'b', 'c', '0', '1', '2', '3', '-1', ':1', ':a', 'x\\.y', '10', '__proto__', 'é', '\ud800'];
  const arena = new Arena();
  const poolText = '{"pool":[1,"two",{"three":3,"3":[true]},[null,-0,1.50],{"a":{"a":{"a":1}}}]}';
  let source = arena.parse(poolText);
  const pool = source.get('pool');
  for (let round = 0; round < 300; round++) {
    let target;
    const holder = {};
    if (round % 3 === 0) {
      target = arena.object();
      holder.root = {};
    } else if (round % 3 === 1) {
      target = arena.array();
      holder.root = [];
    } else {
      const text = randomJsonText(random);
      target = arena.parse(text);
      holder.root = JSON.parse(text);
    }
    for (let step = 0; step < 25; step++) {
      const length = 1 + Math.floor(random() * 3);
      const path = Array.from({ length }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join('.');
      const label = `round ${round} step ${step} ${path}`;
      if (random() < 0.25) {
        let expected;
        try {
          expected = modelDelete(holder, path);
        } catch {
          assert.throws(() => target.delete(path), TypeError, label);
          continue;
        }
        assert.equal(target.delete(path), expected, label);
      } else {
        const which = Math.floor(random() * 6);
        let value;
        let modelValue;
        if (which < 3) {
          const index = Math.floor(random() * pool.length);
          value = source.query(`pool.${index}`);
          modelValue = structuredClone(pool[index]);
        } else if (which === 3) {
          value = { n: Math.floor(random() * 100), list: [1, undefined, 'x'] };
          modelValue = JSON.parse(JSON.stringify(value));
        } else {
          value = [undefined, 'scalar', 42.5, null][Math.floor(random() * 4)];
          modelValue = value;
        }
        let failed = false;
        try {
          modelSet(holder, path, modelValue);
        } catch {
          failed = true;
        }
        if (failed) {
          assert.throws(() => target.set(path, value), TypeError, label);
          continue;
        }
        target.set(path, value);
      }
      assert.equal(target.stringify(), JSON.stringify(holder.root), label);
    }
    same(target, holder.root, `round ${round}`);
    if (round % 20 === 19) {
      arena.reset();
      source = arena.parse(poolText);
    }
  }
  arena.free();
});

test('Doc.set edits a parsed document in place; reads see the edits, untouched parts are intact', () => {
  const arena = new Arena();
  const text = '{"a":{"x":1,"x":2,"y":[1,2,3]},"b":"\\u00e9\\/","1":-0,"c":1.50}';
  const doc = arena.parse(text);
  const before = doc.query('a.y');
  doc.set('a.z', 'new').set('a.y.-1', 4).set('d', { e: 1 });
  const model = JSON.parse(text);
  model.a.z = 'new';
  model.a.y.push(4);
  model.d = { e: 1 };
  same(doc, model, 'edited doc');
  assert.equal(doc.get('a.x'), 2);
  assert.deepEqual(doc.get('a.y'), [1, 2, 3, 4]);
  assert.equal(doc.query('a.z').stringify(), '"new"');
  assert.equal(doc.getRaw('d.e'), '1');
  assert.ok(Object.is(doc.get('1'), -0), 'an untouched -0 keeps its sign in toJS');
  assert.deepEqual(doc.keys(), ['1', 'a', 'b', 'c', 'd']);
  assert.deepEqual([...doc.entries()].map(([k, v]) => [k, v.toJS()]), Object.entries(model));
  assert.deepEqual(before.toJS(), [1, 2, 3], 'a Value taken before the edit still shows what it pointed at');
  assert.equal(doc.delete('a.x'), true);
  delete model.a.x;
  same(doc, model, 'after delete');
  arena.free();
});

test('Values and Docs of the same arena are referenced, not copied', () => {
  const arena = new Arena();
  const doc = arena.parse('{"user":{"name":"Ann","tags":["a","b"]},"n":[1,2]}');
  const out = arena.object();
  out.set('who', doc.query('user')).set('first', doc.query('user.tags.0')).set('whole', doc);
  assert.equal(out.stringify(), '{"who":{"name":"Ann","tags":["a","b"]},"first":"a","whole":{"user":{"name":"Ann","tags":["a","b"]},"n":[1,2]}}');
  // A Doc is shared as a JS object reference would be.
  doc.set('n.-1', 3);
  assert.equal(out.get('whole.n.2'), 3);
  // Editing through the referencing object does not change the source document's tape values.
  out.set('who.name', 'Bob');
  assert.equal(doc.get('user.name'), 'Ann');
  const inner = arena.object().set('k', 1);
  out.set('inner', inner);
  inner.set('k2', 2);
  assert.equal(out.get('inner.k2'), 2);
  out.set('inner.self', out);
  assert.throws(() => out.stringify(), (e) => e instanceof TypeError && /circular/.test(e.message));
  assert.throws(() => stringify(out), TypeError);
  out.delete('inner.self');
  assert.equal(out.get('inner.k'), 1);
  arena.free();
});

test('another arena\'s value is refused with ERR_ARENA_FOREIGN', () => {
  const first = new Arena();
  const second = new Arena();
  const doc = second.parse('{"a":1}');
  const out = first.object();
  throwsCode(() => out.set('x', doc), 'ERR_ARENA_FOREIGN');
  throwsCode(() => out.set('x', doc.query('a')), 'ERR_ARENA_FOREIGN');
  throwsCode(() => out.set('x', second.object()), 'ERR_ARENA_FOREIGN');
  assert.equal(out.stringify(), '{}');
  first.free();
  second.free();
});

test('built values die with their generation: ERR_ARENA_STALE after reset, ERR_ARENA_FREED after free', () => {
  const arena = new Arena();
  const out = arena.object().set('a', 1);
  const doc = arena.parse('[1]');
  arena.reset();
  for (const fn of [() => out.stringify(), () => out.toBuffer(), () => out.set('b', 1), () => out.delete('a'), () => out.toJS(), () => out.get('a')]) {
    throwsCode(fn, 'ERR_ARENA_STALE');
  }
  const fresh = arena.object();
  throwsCode(() => fresh.set('old', doc), 'ERR_ARENA_STALE');
  assert.equal(fresh.stringify(), '{}');
  arena.free();
  throwsCode(() => fresh.stringify(), 'ERR_ARENA_FREED');
  throwsCode(() => fresh.set('a', 1), 'ERR_ARENA_FREED');
  throwsCode(() => arena.object(), 'ERR_ARENA_FREED');
});

test('maxSize applies to built values and the arena stays usable', () => {
  const arena = new Arena({ initialSize: 4096, maxSize: 256 * 1024 });
  const out = arena.object();
  const big = 'x'.repeat(10000);
  let i = 0;
  throwsCode(() => {
    for (; i < 1000; i++) out.set(`k${i}`, big);
  }, 'ERR_ARENA_LIMIT');
  assert.ok(i > 5 && i < 1000);
  const model = {};
  for (let k = 0; k < i; k++) model[`k${k}`] = big;
  assert.equal(out.stringify(), JSON.stringify(model));
  arena.reset();
  const again = arena.object().set('ok', true);
  assert.equal(again.stringify(), '{"ok":true}');
  arena.free();
});

test('20,000 keys: set, replace, delete and re-add stay exact', () => {
  const arena = new Arena();
  const out = arena.object();
  const model = {};
  for (let i = 0; i < 20000; i++) {
    out.set(`key${i}`, i);
    model[`key${i}`] = i;
  }
  for (let i = 0; i < 20000; i += 7) {
    out.set(`key${i}`, -i);
    model[`key${i}`] = -i;
  }
  for (let i = 0; i < 20000; i += 5) {
    assert.equal(out.delete(`key${i}`), true);
    delete model[`key${i}`];
  }
  for (let i = 0; i < 20000; i += 15) {
    out.set(`key${i}`, 'back');
    model[`key${i}`] = 'back';
  }
  for (let i = 0; i < 300; i++) {
    out.set(String(i * 13), i);
    model[String(i * 13)] = i;
  }
  assert.equal(out.stringify(), JSON.stringify(model));
  assert.equal(out.get('key15'), 'back');
  assert.equal(out.get('key5'), undefined);
  assert.equal(out.get('key7'), -7);
  const doc = arena.parse(JSON.stringify(model));
  doc.set('key19999', 'last').set('new', 1);
  model.key19999 = 'last';
  model.new = 1;
  assert.equal(doc.stringify(), JSON.stringify(model));
  arena.free();
});

test('paths sjson refuses throw ERR_INVALID_ARG; wrong argument types throw TypeError', () => {
  const arena = new Arena();
  const out = arena.object().set('list', [1]);
  for (const path of ['', 'a.#', 'a.*', 'a?', 'a|b', '@this', 'list.x', 'list.:5']) {
    throwsCode(() => out.set(path, 1), 'ERR_INVALID_ARG', path);
  }
  throwsCode(() => out.delete('a.*'), 'ERR_INVALID_ARG');
  throwsCode(() => out.set(1, 1), 'ERR_INVALID_ARG');
  throwsCode(() => out.stringify(5), 'ERR_INVALID_ARG');
  throwsCode(() => out.set('list.200000000', 1), 'ERR_INVALID_ARG');
  assert.equal(out.stringify(), '{"list":[1]}');
  arena.free();
});

test('misusing the raw binding with built handles does not crash the process', () => {
  const script = `
    const { Arena } = require(${JSON.stringify(new URL('../dist/index.js', import.meta.url).pathname)});
    const arena = new Arena();
    const native = Object.getOwnPropertySymbols(arena).map((s) => arena[s]).find((v) => v && v.newObject);
    const out = arena.object();
    const tries = [
      () => native.setValue(1, out.handle, 'a', 1, 2 ** 40),
      () => native.setValue(1, out.handle, 'a', 1, -1),
      () => native.setJson(1, out.handle, 'a', '{"broken"'),
      () => native.setJson(1, out.handle, 'a', 42),
      () => native.setJson(1, 2 ** 32 * 50, 'a', '1'),
      () => native.stringify(1, 2 ** 32 * 50, ''),
      () => native.stringify(1, out.handle, 5),
      () => native.remove(1, out.handle),
      () => native.toBuffer(7, out.handle, ''),
      () => native.setValue(1, out.handle, 'a', 1, out.handle),
      () => native.stringify(1, out.handle, ''),
    ];
    for (const t of tries) { try { t(); } catch {} }
    arena.free();
    console.log('survived');
  `;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.match(child.stdout, /survived/);
});

test('long non-ASCII strings set as values keep every character (UTF-8 read past the first 255 bytes)', () => {
  const arena = new Arena();
  for (let length = 80; length < 140; length++) {
    for (const unit of ['é', '東', '😀', 'aé']) {
      const value = 'x'.repeat(length % 4) + unit.repeat(length);
      const out = arena.object();
      out.set('s', value);
      out.set('t', { deep: [value] });
      const model = { s: value, t: { deep: [value] } };
      assert.equal(out.stringify(), JSON.stringify(model), `${unit} x ${length}`);
      assert.ok(out.toBuffer().equals(Buffer.from(JSON.stringify(model))));
    }
    arena.reset();
  }
  arena.free();
});
