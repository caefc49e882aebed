// Every error code of the native engine (native/memory/error.h) becomes a JS error
// of a known class with that code: lib/errors.ts has an entry for each, and
// none for a code the engine does not have.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequire } from 'node:module';
import { ArenaError, InvalidArgumentError, JsonProtoError, JsonSyntaxError, AbortError } from '../dist/index.mjs';

const require = createRequire(import.meta.url);
const { binding } = require('../dist/binding.js');
const { nativeErrors, errorFromNative, InvalidUtf8Signal } = require('../dist/errors.js');

// The class each code becomes; the ones a user meets are exported.
const classes = {
  ERR_JSON_SYNTAX: JsonSyntaxError,
  ERR_INVALID_UTF8: InvalidUtf8Signal,  // internal: the caller decodes the bytes as V8 would and retries
  ERR_INVALID_ARG: InvalidArgumentError,
  ABORT_ERR: AbortError,
  ERR_JSON_PROTO: JsonProtoError,
  ERR_CYCLIC_VALUE: TypeError,
  ERR_STRING_TOO_LONG: RangeError,
};

test('the native codes are the codes lib/errors.ts maps, one each', () => {
  const names = [...binding.errorNames];
  assert.equal(names[0], 'OK');
  assert.equal(new Set(names).size, names.length, 'no code string repeats');
  assert.deepEqual(names.slice(1).sort(), Object.keys(nativeErrors).sort());
});

test('every native code becomes an error of its class carrying that code', () => {
  for (const name of binding.errorNames.slice(1)) {
    const error = errorFromNative(name, 'a message', 3);
    const expected = classes[name] ?? ArenaError;
    assert.ok(error instanceof expected, `${name}: ${error}`);
    assert.equal(error.message.includes('a message') || name === 'ERR_JSON_PROTO', true, name);
    if (name !== 'ERR_STRING_TOO_LONG') assert.equal(error.code, name, name);
  }
});
