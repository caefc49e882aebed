// Every read mode (bigint × proto) through every read entry point, on small
// documents and on documents large enough for parse() to take the value tape,
// against an oracle built from JSON.parse: the options change only what they
// document, wherever the document is read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arena, JsonProtoError, parse, parseLazy, parseLazyAsync, materialize } from '../dist/index.mjs';
import { assertSameJson } from './support/oracle.mjs';

const literals = [
  '9007199254740991', '9007199254740992', '-9007199254740993', '18446744073709551616', '-0', '0', '7',
  '123456789012345678901234567890', '1e20', '1.0', '0.5', '-1e400',
];
// [text, path of the first poisoned key below it, or null]; every number an integer literal.
const cases = [
  ['{"a":1}', null],
  ['{"__proto__":{"polluted":1}}', '__proto__'],
  ['{"a":{"b":[2,{"\\u005f_proto__":{"x":3}}]}}', 'a.b.1.__proto__'],
  ['{"constructor":{"prototype":{"p":1}},"k":2}', 'constructor'],
  ['{"constructor":{"prototype":1},"constructor":2}', null],
  ['{"a":{"__proto__":1},"a":{"b":1}}', null],
  ['{"__proto__":1,"__proto__":2,"c":3}', '__proto__'],
  ['[1,"__proto__",{"constructor":[1]}]', null],
];

const bigintModes = ['never', 'unsafe', 'always'];
const protoModes = ['keep', 'remove', 'error'];
const pad = 'x'.repeat(40 * 1024);  // past the size from which parse() takes the tape

function removePoison(value) {
  if (typeof value !== 'object' || value === null) return value;
  if (Object.hasOwn(value, '__proto__')) delete value.__proto__;
  const c = value.constructor;
  if (Object.hasOwn(value, 'constructor') && typeof c === 'object' && c !== null && Object.hasOwn(c, 'prototype')) delete value.constructor;
  for (const key of Object.keys(value)) removePoison(value[key]);
  return value;
}

function literalValue(literal, bigint) {
  if (!/^-?\d+$/.test(literal)) return JSON.parse(literal);
  const big = BigInt(literal);
  if (bigint === 'always' || (bigint === 'unsafe' && (big > 9007199254740991n || big < -9007199254740991n))) return big;
  return JSON.parse(literal);
}

// Numbers in `cases` are small integer literals: BigInts under 'always' only.
function integersToBigInt(value) {
  if (typeof value === 'number') return BigInt(value);
  if (typeof value !== 'object' || value === null) return value;
  for (const key of Object.keys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    descriptor.value = integersToBigInt(descriptor.value);
    Object.defineProperty(value, key, descriptor);
  }
  return value;
}

function documentOf(caseText, large) {
  return `{"pad":"${large ? pad : ''}","nums":[${literals.join(',')}],"case":${caseText}}`;
}

// The oracle: JSON.parse's result, changed as the options document; or the path ERR_JSON_PROTO names.
function expectedOf(text, poisonPath, bigint, proto) {
  if (proto === 'error' && poisonPath !== null) return { throws: `case.${poisonPath}` };
  const value = JSON.parse(text);
  if (proto === 'remove') removePoison(value);
  value.nums = literals.map((literal) => literalValue(literal, bigint));
  if (bigint === 'always') value.case = integersToBigInt(value.case);
  return { value };
}

// Every way a document is read as a whole, each returning a promise of the value.
const entryPoints = {
  'parse(string)': async (text, options) => parse(text, options),
  'parse(bytes)': async (text, options) => parse(Buffer.from(text), options),
  'arena.parse().toJS()': async (text, options) => withArena((arena) => arena.parse(text, options).toJS()),
  'arena.parse(bytes).toJS()': async (text, options) => withArena((arena) => arena.parse(Buffer.from(text), options).toJS()),
  'doc.toJS(options)': async (text, options) => withArena((arena) => arena.parse(text).toJS(options)),
  'doc.get(path, options)': async (text, options) => withArena((arena) => {
    const doc = arena.parse(text);
    return { pad: doc.get('pad', options), nums: doc.get('nums', options), case: doc.get('case', options) };
  }),
  'arena.parseAsync()': async (text, options) => {
    const arena = new Arena();
    try {
      return (await arena.parseAsync(Buffer.from(text), options)).toJS();
    } finally {
      arena.free();
    }
  },
  'parseLazy()': async (text, options) => materialize(parseLazy(text, options)),
  'parseLazyAsync()': async (text, options) => materialize(await parseLazyAsync(Buffer.from(text), options)),
  'doc.lazy(options)': async (text, options) => withArena((arena) => materialize(arena.parse(text).lazy(options))),
};

function withArena(read) {
  const arena = new Arena();
  try {
    return read(arena);
  } finally {
    arena.free();
  }
}

for (const large of [false, true]) {
  test(`every mode through every entry point (${large ? 'large' : 'small'} documents)`, async () => {
    for (const [caseText, poisonPath] of cases) {
      const text = documentOf(caseText, large);
      for (const bigint of bigintModes) {
        for (const proto of protoModes) {
          const options = { bigint, proto };
          const expected = expectedOf(text, poisonPath, bigint, proto);
          for (const [name, read] of Object.entries(entryPoints)) {
            const label = `${name} ${JSON.stringify(options)} ${caseText}`;
            if (expected.throws !== undefined) {
              // doc.get reads the members one at a time, so the path is the member's own.
              const path = name.startsWith('doc.get') ? poisonPath : expected.throws;
              await assert.rejects(read(text, options), (error) => {
                assert.ok(error instanceof JsonProtoError, `${label}: ${error}`);
                assert.equal(error.path, path, label);
                return true;
              });
              continue;
            }
            assertSameJson(await read(text, options), expected.value, label);
          }
        }
      }
    }
  });
}

test('an options object without options reads as no options: {} is JSON.parse', () => {
  for (const [caseText] of cases) {
    for (const large of [false, true]) {
      const text = documentOf(caseText, large);
      assertSameJson(parse(Buffer.from(text), {}), JSON.parse(text), caseText);
      assertSameJson(parse(text, { bigint: undefined, proto: undefined }), JSON.parse(text), caseText);
    }
  }
});
