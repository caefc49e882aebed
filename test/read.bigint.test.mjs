// The bigint read option: integer literals a double cannot hold exactly
// ('unsafe') or every integer literal ('always') read as BigInt in parse,
// toJS, get, lazy views and parseLazy; stringify with { bigint: true } writes
// them back; path queries compare integer literals exactly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Arena, parse, parseLazy, parseLazyAsync, materialize, stringify, get } from '../dist/index.mjs';
import { assertSameJson, corpusDir } from './support/oracle.mjs';

const edges = [
  '9007199254740991', '9007199254740992', '9007199254740993', '-9007199254740991', '-9007199254740992', '-9007199254740993',
  '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809',
  '18446744073709551615', '18446744073709551616', '123456789012345678901234567890', '-123456789012345678901234567890',
  '0', '-0', '1', '-1', '999999999999999', '1000000000000000', '9999999999999999', '4294967296', '340282366920938463463374607431768211457',
];
const notIntegers = ['1e20', '1E3', '1e3', '-1e400', '1.0', '9007199254740993.0', '12345678901234567890e0', '0.5', '-0.0'];

// What each mode should give, from the literal alone.
function expected(literal, mode) {
  if (!/^-?\d+$/.test(literal)) return JSON.parse(literal);
  const big = BigInt(literal);
  if (mode === 'always') return big;
  if (mode === 'unsafe' && (big > 9007199254740991n || big < -9007199254740991n)) return big;
  return JSON.parse(literal);
}

test('every edge literal reads as the mode says, alone, in arrays and in objects, through every API', async () => {
  for (const mode of ['never', 'unsafe', 'always']) {
    for (const literal of [...edges, ...notIntegers]) {
      const want = expected(literal, mode);
      const same = (actual, where) => assert.ok(Object.is(actual, want) || (typeof want === 'bigint' && actual === want), `${mode} ${literal} ${where}: got ${String(actual)}`);
      same(parse(literal, { bigint: mode }), 'parse');
      same(parse(`[${literal}]`, { bigint: mode })[0], 'parse array');
      same(parse(`{"a":{"b":[0,${literal}]}}`, { bigint: mode }).a.b[1], 'parse nested');
      const arena = new Arena();
      const doc = arena.parse(`{"a":{"b":[0,${literal}]}}`, { bigint: mode });
      same(doc.get('a.b.1'), 'doc.get');
      same(doc.toJS().a.b[1], 'doc.toJS');
      same(doc.query('a.b').toJS()[1], 'query.toJS');
      same(doc.lazy().a.b[1], 'doc.lazy');
      same(new Arena().parse(literal).toJS({ bigint: mode }), 'scalar toJS override');
      same(parseLazy(`{"a":{"b":[0,${literal}]}}`, { bigint: mode }).a.b[1], 'parseLazy');
      same((await parseLazyAsync(`[${literal}]`, { bigint: mode }))[0], 'parseLazyAsync');
      same((await arena.parseAsync(`[${literal}]`, { bigint: mode })).get('0'), 'parseAsync');
      arena.free();
    }
  }
});

test("-0 is 0n under 'always' and stays -0 under 'unsafe'; 1e20 and 1e3 are not integer literals", () => {
  assert.equal(parse('-0', { bigint: 'always' }), 0n);
  assert.ok(Object.is(parse('-0', { bigint: 'unsafe' }), -0));
  assert.equal(parse('1e20', { bigint: 'always' }), 1e20);
  assert.equal(parse('1e3', { bigint: 'always' }), 1000);
});

test('BigInts round-trip: stringify(parse(text, { bigint }), null, space, { bigint: true }) keeps every digit', () => {
  const text = `{"ids":[${edges.filter((e) => e !== "-0").join(",")}],"f":1.5,"e":1e3,"n":{"big":-123456789012345678901234567890,"s":"12345678901234567890"}}`;
  for (const mode of ['unsafe', 'always']) {
    const value = parse(text, { bigint: mode });
    const written = stringify(value, null, undefined, { bigint: true });
    const canonical = JSON.stringify(JSON.parse(text)).replace(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi, (m) => m);
    assert.deepEqual(parse(written, { bigint: mode }), parse(text.replace('1e3', '1000'), { bigint: mode }), mode);
    assert.ok(written.includes('-123456789012345678901234567890') && written.includes('18446744073709551616'), written);
    assert.ok(canonical.length > 0);
    // An arena value writes the same text natively.
    const arena = new Arena();
    const doc = arena.parse(text, { bigint: mode });
    assert.equal(doc.stringify(), written);
    assert.equal(stringify(doc, null, 2, { bigint: true }), stringify(value, null, 2, { bigint: true }));
    assert.equal(doc.toBuffer({ space: '\t' }).toString(), stringify(value, null, '\t', { bigint: true }));
    assert.equal(doc.stringify({ bigint: false }), JSON.stringify(JSON.parse(text)));
    arena.free();
  }
  // A double of 2^53 or more is written as digits by JSON.stringify, so it reads back as a BigInt.
  assert.equal(parse(stringify(parse('1e20', { bigint: 'unsafe' }), null, 0, { bigint: true }), { bigint: 'unsafe' }), 10n ** 20n);
  // Without the option, stringify is JSON.stringify: a BigInt throws its TypeError.
  assert.throws(() => stringify({ a: 1n }), TypeError);
  assert.equal(stringify({ a: 1n, b: [2n, -3n], c: 'x' }, null, 0, { bigint: true }), '{"a":1,"b":[2,-3],"c":"x"}');
  assert.equal(stringify(12345678901234567890n, null, 0, { bigint: true }), '12345678901234567890');
  // Replacers: a function sees BigInts; an allowlist keeps its order.
  assert.equal(stringify({ a: 1n, b: 2n }, (k, v) => (k === 'a' ? v * 10n : v), 0, { bigint: true }), '{"a":10,"b":2}');
  assert.equal(stringify({ a: 1n, b: 2n, c: 3 }, ['c', 'a'], 0, { bigint: true }), '{"c":3,"a":1}');
  assert.equal(Object.hasOwn(BigInt.prototype, 'toJSON'), false);
  // A string that looks like a BigInt stays a string.
  assert.equal(stringify({ s: '12', n: 12n }, null, 0, { bigint: true }), '{"s":"12","n":12}');
});

test('built values take BigInts with set(path, value, { bigint: true })', () => {
  const arena = new Arena();
  const doc = arena.object();
  doc.set('a', 12345678901234567890n, { bigint: true });
  doc.set('b', { c: [1n, -2n] }, { bigint: true });
  assert.throws(() => doc.set('d', 1n), TypeError);
  assert.equal(doc.stringify({ bigint: true }), '{"a":12345678901234567890,"b":{"c":[1,-2]}}');
  assert.equal(doc.toJS({ bigint: 'unsafe' }).a, 12345678901234567890n);
  arena.free();
});

test('corpus documents: never is JSON.parse; unsafe and always change only integer literals', () => {
  for (const file of ['twitter.json', 'canada.json', 'citm_catalog.json']) {
    const text = readFileSync(join(corpusDir, file), 'utf8');
    const arena = new Arena();
    const doc = arena.parse(text);
    assertSameJson(doc.toJS({ bigint: 'never' }), JSON.parse(text), file);
    for (const mode of ['unsafe', 'always']) {
      const value = doc.toJS({ bigint: mode });
      // Convert back to numbers: equal to JSON.parse where doubles are exact.
      const back = JSON.parse(stringify(value, null, 0, { bigint: true }));
      assertSameJson(back, JSON.parse(text), `${file} ${mode}`);
      assert.deepEqual(parse(text, { bigint: mode }), value);
    }
    arena.free();
  }
  const tweets = parse(readFileSync(join(corpusDir, 'twitter.json')), { bigint: 'unsafe' });
  for (const status of tweets.statuses) assert.equal(String(status.id), status.id_str);
});

test('path queries compare integer literals exactly', () => {
  const text = '[{"id":9007199254740993,"n":"a"},{"id":9007199254740992,"n":"b"},{"id":-18446744073709551617,"n":"c"},{"id":1.5,"n":"d"}]';
  const arena = new Arena();
  const doc = arena.parse(text);
  assert.equal(doc.get('#(id==9007199254740993).n'), 'a');
  assert.equal(doc.get('#(id==9007199254740992).n'), 'b');
  assert.deepEqual(doc.get('#(id>9007199254740992)#.n'), ['a']);
  assert.deepEqual(doc.get('#(id<-18446744073709551616)#.n'), ['c']);
  assert.deepEqual(doc.get('#(id!=9007199254740993)#.n'), ['b', 'c', 'd']);
  assert.deepEqual(doc.get('#(id>1)#.n'), ['a', 'b', 'd']);
  assert.equal(get(text, '#(id==9007199254740993).id'), 9007199254740992);  // the double JSON.parse reads
  assert.equal(doc.get('#(id==9007199254740993).id', { bigint: 'unsafe' }), 9007199254740993n);
  assert.deepEqual(doc.get('#.id', { bigint: 'unsafe' }), [9007199254740993n, 9007199254740992n, -18446744073709551617n, 1.5]);
  arena.free();
});

test('duplicate keys: only the member JSON.parse keeps is converted', () => {
  const text = '{"a":12345678901234567890,"a":1,"b":{"c":99999999999999999999},"b":{"c":2}}';
  assert.deepEqual(parse(text, { bigint: 'unsafe' }), { a: 1, b: { c: 2 } });
  assert.deepEqual(parse(text, { bigint: 'always' }), { a: 1n, b: { c: 2n } });
  const wide = '{' + Array.from({ length: 40 }, (_, i) => `"k${i % 20}":${i}`).join(',') + '}';
  const value = parse(wide, { bigint: 'always' });
  for (let i = 0; i < 20; i++) assert.equal(value[`k${i}`], BigInt(i + 20));
  assert.deepEqual(materialize(parseLazy(wide, { bigint: 'always' })), value);
});

test('bad options throw ERR_INVALID_ARG; a reviver still works as with JSON.parse', () => {
  assert.throws(() => parse('1', { bigint: 'yes' }), { code: 'ERR_INVALID_ARG' });
  assert.throws(() => new Arena().parse('1', { bigint: true }), { code: 'ERR_INVALID_ARG' });
  assert.throws(() => stringify(1, null, 0, { bigint: 'yes' }), { code: 'ERR_INVALID_ARG' });
  assert.deepEqual(parse('{"a":1}', (k, v) => (k === 'a' ? 2 : v)), { a: 2 });
  assert.deepEqual(parse('{"a":1}', {}), { a: 1 });
});
