// The reproducers of an attack on the package, each in a child process: each
// of them once killed the process (a stack overflow, an out-of-memory abort,
// an uncaught std::bad_alloc, a pool thread reading freed memory) or broke
// the serialization rule. Their class-wide tests live beside the code they
// cover (read.deep, writer.deep, path.budget, serialize.proto, arena.async).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectClean, runChild } from './support/child.mjs';

const entry = new URL('../dist/index.mjs', import.meta.url).href;
const run = (body, options) => expectClean(runChild(`import * as A from ${JSON.stringify(entry)};\n${body}`, options));

test('A: read options on 30,000 levels (child process)', () => {
  const result = run(`
const { parse, Arena } = A;
const text = '['.repeat(30000) + ']'.repeat(30000);
const depthOf = (v) => { let n = 0; while (Array.isArray(v) && v.length) { v = v[0]; n++; } return n; };
const arena = new Arena();
const out = [
  depthOf(parse(text, { proto: 'remove' })), depthOf(parse(text, { proto: 'error' })), depthOf(parse(text, { bigint: 'always' })),
  depthOf(arena.parse(text, { proto: 'remove' }).toJS()), depthOf(arena.parse(text).get('@this', { bigint: 'unsafe' })),
];
console.log('result:' + JSON.stringify(out));
`);
  assert.deepEqual(result, [29999, 29999, 29999, 29999, 29999]);
});

test("B: indented serialization of 20,000 levels throws V8's RangeError (child process)", () => {
  const result = run(`
const { Arena, stringify } = A;
const doc = new Arena().parse('['.repeat(20000) + ']'.repeat(20000));
const out = [];
for (const write of [() => doc.stringify({ space: 10 }), () => doc.toBuffer({ space: 2 }), () => stringify(doc, null, 2), () => stringify(doc.lazy(), null, '\\t\\t')]) {
  try { write(); out.push('no error'); } catch (e) { out.push(e.constructor.name + ': ' + e.message); }
}
console.log('result:' + JSON.stringify(out));
`);
  assert.deepEqual(result, Array(4).fill('RangeError: Invalid string length'));
});

test('C: @pretty with a long prefix over many values has no result instead of exhausting memory (child process)', () => {
  const result = run(`
const { getRaw } = A;
const objects = '[' + Array.from({ length: 100000 }, (_, i) => '{"a":' + i + '}').join(',') + ']';
const scalars = '[' + Array.from({ length: 100000 }, (_, i) => i).join(',') + ']';
const prefix = ' '.repeat(10000);
console.log('result:' + JSON.stringify([
  getRaw(objects, '@pretty:{"prefix":"' + prefix + '"}') ?? null,
  getRaw(scalars, '@pretty:{"prefix":"' + prefix + '","width":1}') ?? null,
  getRaw('[{"a":1}]', '@pretty:{"prefix":"  "}'),
]));
`);
  assert.deepEqual(result, [null, null, '[\n    {\n      "a": 1\n    }\n  ]\n']);
});

test('D: proto remove holds in every serialization (child process)', () => {
  const result = run(`
const { Arena, stringify } = A;
const doc = new Arena().parse('{"a":1,"__proto__":{"isAdmin":true}}', { proto: 'remove' });
console.log('result:' + JSON.stringify([doc.stringify(), doc.toBuffer().toString(), stringify(doc), stringify(doc.lazy()), JSON.stringify(doc.toJS())]));
`);
  assert.deepEqual(result, Array(5).fill('{"a":1}'));
});

test('E: a Buffer shrunk or detached while parseAsync waits in the queue (child process)', () => {
  const result = run(`
const { Arena } = A;
import('node:crypto').then(async ({ pbkdf2 }) => {
  // Keep the pool's threads busy so the parse waits in the queue.
  const busy = Array.from({ length: 8 }, () => new Promise((resolve) => pbkdf2('x', 'y', 200000, 32, 'sha256', resolve)));
  const text = JSON.stringify(Array.from({ length: 20000 }, (_, i) => ({ i, s: 'value ' + i })));
  const outcomes = [];
  for (let round = 0; round < 4; round++) {
    const resizable = new ArrayBuffer(text.length, { maxByteLength: text.length });
    const bytes = new Uint8Array(resizable);
    bytes.set(Buffer.from(text));
    const detachable = Buffer.from(text).buffer.slice(0);
    const a = new Arena();
    const b = new Arena();
    const first = a.parseAsync(bytes);
    const second = b.parseAsync(new Uint8Array(detachable));
    resizable.resize(0);
    structuredClone(detachable, { transfer: [detachable] });
    globalThis.gc?.();
    for (const [arena, pending] of [[a, first], [b, second]]) {
      try { outcomes.push((await pending).get('#')); } catch (e) { outcomes.push(e.code ?? e.message); }
      arena.free();
    }
  }
  await Promise.all(busy);
  console.log('result:' + JSON.stringify(outcomes));
});
`, { args: ['--expose-gc'] });
  // The input was copied before the call returned: every parse sees the text as it was.
  assert.deepEqual(result, Array(8).fill(20000));
});

test('get(json, path, options) converts under the read options (child process)', () => {
  const result = run(`
const { get } = A;
const text = '{"a":{"__proto__":{"x":1},"n":12345678901234567890,"k":1}}';
let error;
try { get(text, 'a', { proto: 'error' }); } catch (e) { error = e.code; }
const removed = get(text, 'a', { proto: 'remove', bigint: 'unsafe' });
console.log('result:' + JSON.stringify([Object.hasOwn(removed, '__proto__'), typeof removed.n, String(removed.n), error,
  Object.hasOwn(get(text, 'a'), '__proto__'), typeof get(text, 'a.n', { bigint: 'always' }), get(text, 'a.k', { bigint: 'always' }) === 1n]));
`);
  assert.deepEqual(result, [false, 'bigint', '12345678901234567890', 'ERR_JSON_PROTO', true, 'bigint', true]);
});
