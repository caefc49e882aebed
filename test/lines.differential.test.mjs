// JSON Lines against V8: a text is accepted exactly when every non-blank line
// is one JSON value that JSON.parse takes, and then its documents are those
// values, in order. Two values on one line ("1,2", "{..},{..}") or a bracket
// closing nothing are not a line of JSON Lines, whatever the wrapper array
// would make of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Arena, get } from '../dist/index.js';
import { prng, randomJsonText } from './support/random-json.mjs';

function expected(text) {
  const values = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      values.push(JSON.parse(line));
    } catch {
      return { error: true };
    }
  }
  return { values };
}

function oneLine(random) {
  return JSON.stringify(JSON.parse(randomJsonText(random)));
}

// A line that is not one JSON value, though its pieces are.
function badLine(random) {
  const a = oneLine(random);
  const b = oneLine(random);
  switch (Math.floor(random() * 6)) {
    case 0: return `${a},${b}`;
    case 1: return `${a} , ${b}`;
    case 2: return `${a}]`;
    case 3: return `}${a}`;
    case 4: return `${a},`;
    default: return `,${a}`;
  }
}

function check(arena, text) {
  const want = expected(text);
  let got;
  try {
    got = { values: arena.parseLines(text).toJS() };
  } catch (error) {
    assert.equal(error.code, 'ERR_JSON_SYNTAX', `${JSON.stringify(text)}: ${error.message}`);
    assert.ok(error instanceof SyntaxError);
    got = { error: true };
  }
  assert.deepEqual(got, want, JSON.stringify(text));
  const count = want.error ? undefined : want.values.length;
  let viaPath;
  try {
    viaPath = get(text, '..#');
  } catch (error) {
    assert.equal(error.code, 'ERR_JSON_SYNTAX');
    viaPath = undefined;
  }
  assert.equal(viaPath, count, `..# of ${JSON.stringify(text)}`);
}

test('lines holding two values or a stray bracket are rejected, as JSON.parse rejects each line', () => {
  const arena = new Arena();
  for (const text of ['1,2\n3', '{"a":1},{"b":2}\n', '1]\n[2', '[1,2]\n3,\n', ',1\n2', '"a,b"\n"c]"', '[1,\n2]', '1\n2\n', '\n\n7\n\n']) {
    check(arena, text);
    arena.reset();
  }
  arena.free();
});

test('generated JSON Lines, valid and not, give JSON.parse answers line by line', () => {
  const random = prng(0x11e5);
  const arena = new Arena();
  for (let round = 0; round < 400; round++) {
    const lines = [];
    const count = 1 + Math.floor(random() * 6);
    for (let i = 0; i < count; i++) {
      const roll = random();
      lines.push(roll < 0.1 ? '' : roll < 0.25 ? badLine(random) : roll < 0.3 ? ' \t' : oneLine(random));
    }
    const eol = random() < 0.2 ? '\r\n' : '\n';
    check(arena, lines.join(eol) + (random() < 0.5 ? eol : ''));
    arena.reset();
  }
  arena.free();
});
