// The batch calls against the line by line paths they replace. The command
// line's (NativeArena.linesText: a path over every line of a batch, written
// as text in one native call) against getRaw on each line alone, compacted,
// strings decoded by JSON.parse for --raw, written as UTF-8; query()'s
// (linesValues: the values at some paths as one JSON text) against get(). Generated lines cover
// CRLF, blank and space-only lines, escapes and lone surrogates, long lines,
// multipaths and modifiers; batches are cut at every size and chunk boundary,
// and a pool of workers writes the same bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Arena, get, getRaw, query } from '../dist/index.js';
import { prng, randomJsonText, randomStringBody } from './support/random-json.mjs';

const require = createRequire(import.meta.url);
const { nativeOf } = require('../dist/handles.js');
const { compact, runBatch, valuesOfJson } = require('../dist/stream-task.js');
const { batchResults, textSettings } = require('../dist/stream.js');

const paths = [
  'a', 'b.c', 's', 'n', 'n.#', 'n.0', 'n.#.x', 'missing', 'b.missing.deep', '{a,s}', '[a,b.c]', '{a,"t":b.c,n.#}',
  '@this', 'b|@reverse', 'n|@reverse', '@pretty', 'b|@pretty', '@ugly', 'n|@flatten', 'b|@keys', 'b|@values',
  's|@tostr', 'b|@tostr', '!true', 'n.#(>1)', 'n.#(x>0)#', '*', 'b.*', 'a|@this', '@keys', 'n.1|@pretty',
];

const oneLine = (text) => text.replace(/\n/g, ' ');

function randomLine(random) {
  const roll = random();
  if (roll < 0.06) return '';
  if (roll < 0.1) return ' \t ';
  if (roll < 0.15) return oneLine(randomJsonText(random));
  const pad = () => (random() < 0.7 ? '' : [' ', '\t', '  '][Math.floor(random() * 3)]);
  const items = [`"a":${pad()}${oneLine(randomJsonText(random))}`, `"s":"${randomStringBody(random, 20)}"`];
  if (random() < 0.8) items.push(`"b":{"c":${oneLine(randomJsonText(random))},"d":[1, 2 ,{"x":3}]}`);
  if (random() < 0.8) items.push(`"n":[${Array.from({ length: Math.floor(random() * 5) }, () => oneLine(randomJsonText(random))).join(`,${pad()}`)}]`);
  return `${pad()}{${items.join(`,${pad()}`)}}${pad()}`;
}

function randomLines(random, count) {
  const lines = Array.from({ length: count }, () => randomLine(random));
  const crlf = random() < 0.3;
  let text = lines.join(crlf ? '\r\n' : '\n');
  if (random() < 0.7) text += crlf ? '\r\n' : '\n';
  return text;
}

// What the line-by-line path writes for `text`.
function expectedText(text, path, raw) {
  let out = '';
  let matched = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const json = getRaw(line, path);
    if (json === undefined) continue;
    out += (raw && json.charCodeAt(0) === 0x22 ? JSON.parse(json) : compact(json)) + '\n';
    matched++;
  }
  const lines = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  return { text: Buffer.from(out, 'utf8'), lines, matched };
}

function linesText(arena, text, path, raw) {
  const done = arena[nativeOf].linesText(Buffer.from(text, 'utf8'), path, raw);
  return done === undefined ? undefined : { text: Buffer.from(done[0]), lines: done[1], matched: done[2] };
}

test('linesText writes what getRaw per line writes, for every path and both formats', () => {
  const random = prng(1901);
  const arena = new Arena();
  try {
    for (let round = 0; round < 25; round++) {
      const text = randomLines(random, 1 + Math.floor(random() * 25));
      for (const path of paths) {
        for (const raw of [false, true]) {
          const got = linesText(arena, text, path, raw);
          assert.ok(got !== undefined, `valid lines take the batch call (${JSON.stringify(text)})`);
          assert.deepEqual(got, expectedText(text, path, raw), `${path} raw=${raw} on ${JSON.stringify(text)}`);
        }
      }
    }
    assert.equal(arena.stats.documents, 0, 'the arena keeps nothing of the batches');
  } finally {
    arena.free();
  }
});

test('lone surrogates, escapes and non-ASCII text in --raw output are the bytes JS would write', () => {
  const arena = new Arena();
  try {
    const strings = ['\\ud800', 'a\\udc00b', '\\ud83d\\ude00', '\\u00e9\\n\\t\\"\\\\\\/', '東京 école', '\\u0000', '\\ud800\\ud800', 'x\\udbff'];
    const text = strings.map((s) => `{"s":"${s}"}`).join('\n') + '\n';
    for (const raw of [false, true]) assert.deepEqual(linesText(arena, text, 's', raw), expectedText(text, 's', raw));
  } finally {
    arena.free();
  }
});

test('a long line and empty batches', () => {
  const arena = new Arena();
  try {
    const long = `{"s":"${'\\u00e9x'.repeat(200000)}","n":[${Array.from({ length: 50000 }, (_, i) => i).join(', ')}]}`;
    const text = `{"s":1}\n${long}\r\n\n{"s":"end"}`;
    for (const path of ['s', 'n.#', 'n|@reverse', '{s,n.1}']) {
      for (const raw of [false, true]) assert.deepEqual(linesText(arena, text, path, raw), expectedText(text, path, raw));
    }
    for (const empty of ['', '\n', '\n\n\n', ' \r\n\t\n']) assert.deepEqual(linesText(arena, empty, 'a', false), expectedText(empty, 'a', false));
  } finally {
    arena.free();
  }
});

test('a batch with an invalid line, two values on a line, a value across lines or invalid UTF-8 leaves the batch call', () => {
  const arena = new Arena();
  try {
    const cases = ['{"a":1}\n{"a":\n', '1,2\n', '{"a":1},{"a":2}\n', '[1\n2]\n', '[1\n2],3\n', '{"a":1}]\n', '\ufeff{"a":1}\n', '{"a":"\n"}\n'];
    for (const text of cases) assert.equal(linesText(arena, text, 'a', false), undefined, JSON.stringify(text));
    assert.equal(arena[nativeOf].linesText(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d, 0x0a]), 'a', false), undefined);
    // runBatch then reads line by line and locates the first invalid line, as before.
    const bytes = Buffer.from('{"a":1}\n\n{"a":2} x\n{"a":3}\n');
    const result = runBatch({ kind: 'text', bytes, skip: true, path: 'a', format: 'compact' });
    assert.equal(result.text, '1\n3\n');
    assert.deepEqual(result.invalid.map((bad) => [bad.index, bad.at]), [[2, 17]]);
  } finally {
    arena.free();
  }
});

async function cliText(chunks, path, format, threads, batchBytes) {
  const settings = textSettings(chunks, { threads, batchBytes });
  const parts = [];
  for await (const { result } of batchResults(chunks, settings, (bytes) => ({ kind: 'text', bytes, skip: true, path, format }), runBatch)) {
    parts.push(Buffer.from(result.text));
  }
  return Buffer.concat(parts);
}

test('every batch size and every chunk boundary give the same bytes', async () => {
  const body = '{"a":1,"s":"\\u00e9t\\ud800"}\r\n\n  {"a":[1, 2],"b":{"c":"x"}}\n{"s":"東京","a":{"k":[true, null]}}\n \n{"a":-0.5e3}';
  const text = '\ufeff' + body;
  const bytes = Buffer.from(text, 'utf8');
  for (const [path, format] of [['{a,s}', 'compact'], ['s', 'raw'], ['a|@pretty', 'compact']]) {
    const expected = expectedText(body, path, format === 'raw').text;
    assert.ok(expected.length > 10);
    for (let size = 1; size <= bytes.length + 1; size++) {
      assert.deepEqual(await cliText([bytes], path, format, 1, size), expected, `batch of ${size} bytes`);
    }
    for (let cut = 0; cut <= bytes.length; cut++) {
      assert.deepEqual(await cliText([bytes.subarray(0, cut), bytes.subarray(cut)], path, format, 1, 64), expected, `chunks cut at ${cut}`);
    }
  }
});

test('threads on and off write the same bytes', async () => {
  const random = prng(1903);
  const text = randomLines(random, 3000);
  const bytes = Buffer.from(text, 'utf8');
  for (const [path, format] of [['{a,b.c}', 'compact'], ['s', 'raw']]) {
    const one = await cliText([bytes], path, format, 1, 4096);
    assert.deepEqual(one, expectedText(text, path, format === 'raw').text);
    assert.deepEqual(await cliText([bytes], path, format, 2, 4096), one);
  }
});

test('linesValues gives what get() gives per line, undefined where a path has none', async () => {
  const random = prng(1904);
  const arena = new Arena();
  try {
    for (let round = 0; round < 25; round++) {
      const text = randomLines(random, 1 + Math.floor(random() * 20));
      const lines = text.split('\n').filter((line) => line.trim() !== '');
      const list = Array.from({ length: 1 + Math.floor(random() * 4) }, () => paths[Math.floor(random() * paths.length)]);
      for (const single of [true, false]) {
        const chosen = single ? list.slice(0, 1) : list;
        const done = arena[nativeOf].linesValues(Buffer.from(text), chosen, single);
        assert.ok(done !== undefined);
        const values = valuesOfJson(done[0], done[2], chosen.length, single);
        const expected = lines.map((line) => (single ? get(line, chosen[0]) : chosen.map((path) => get(line, path))));
        assert.deepStrictEqual(values, expected, `${JSON.stringify(chosen)} on ${JSON.stringify(text)}`);
        assert.equal(done[1], text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0));
      }
    }
    assert.equal(arena[nativeOf].linesValues(Buffer.from('{"a":1}\n{"a":2} 3\n'), ['a'], true), undefined, 'an invalid line leaves the call');
    assert.throws(() => arena[nativeOf].linesValues(Buffer.from('1'), [1], true), { code: 'ERR_INVALID_ARG' });
    assert.throws(() => arena[nativeOf].linesText('1', 'a', false), { code: 'ERR_INVALID_ARG' });
  } finally {
    arena.free();
  }
  // Through query(), an invalid line still reports its line and offset, after the values before it.
  const seen = [];
  const errors = [];
  for await (const value of query(['{"a":1}\n', '\n{"a":[2]}\n{"a":', '\n{"b":3}\n'], 'a', { onInvalidLine: (error) => errors.push([error.line, error.offset]) })) {
    seen.push(value);
  }
  assert.deepStrictEqual(seen, [1, [2], undefined]);
  assert.deepStrictEqual(errors, [[4, 24]]);
});

test('linesValues: a path list whose getters free the arena or grow the list throws or reads what it read, in a child', async () => {
  const { runChild } = await import('./support/child.mjs');
  const outcome = runChild(`
    import { createRequire } from 'node:module';
    const require = createRequire(${JSON.stringify(import.meta.url)});
    const { Arena } = require('../dist/index.js');
    const { nativeOf } = require('../dist/handles.js');
    const input = Buffer.from('{"a":1,"b":2}\\n');
    const freed = new Arena();
    const freeing = ['a'];
    Object.defineProperty(freeing, 1, { get() { freed.free(); freeing.length = 4096; return 'b'; }, enumerable: true });
    let code;
    try { freed[nativeOf].linesValues(input, freeing, false); } catch (e) { code = e.code; }
    const grown = new Arena();
    const growing = ['a', 'b'];
    Object.defineProperty(growing, 0, { get() { for (let i = 0; i < 4096; i++) growing.push('a'); return 'a'; } });
    const read = grown[nativeOf].linesValues(input, growing, false);
    console.log('result:' + JSON.stringify({ code, read }));
  `);
  assert.equal(outcome.status, 0, outcome.stderr);
  assert.deepStrictEqual(outcome.result, { code: 'ERR_ARENA_FREED', read: ['[[1,2]]', 1, []] });
});
