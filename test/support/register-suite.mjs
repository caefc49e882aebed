// Run by test/register.global.test.mjs as
// `node --import arenajson/register --test test/support/register-suite.mjs`:
// the test runner itself, and the code it runs, work with arenajson's parse
// and stringify installed as the JSON globals.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { format } from 'node:util';
import { parse, stringify } from 'arenajson';

test('the globals are arenajson\'s in a file the test runner runs', () => {
  assert.equal(JSON.parse, parse);
  assert.equal(JSON.stringify, stringify);
});

test('JSON through the globals, with subtests and diagnostics', async (t) => {
  const value = { list: [1, 'two', { three: 3 }], nested: { ok: true, none: null } };
  t.diagnostic(JSON.stringify(value));
  await t.test('round trip', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(value, null, 2)), value);
    assert.deepEqual(JSON.parse(Buffer.from('{"bytes":[1,2]}')), { bytes: [1, 2] });
  });
  await t.test('errors', () => {
    assert.throws(() => JSON.parse('{"a":'), (error) => error.constructor === SyntaxError && error.code === 'ERR_JSON_SYNTAX');
    const cyclic = {};
    cyclic.self = cyclic;
    assert.throws(() => JSON.stringify(cyclic), TypeError);
  });
  assert.equal(format('%j', value), '{"list":[1,"two",{"three":3}],"nested":{"ok":true,"none":null}}');
});
