// Ownership across worker_threads: transfer() gives an arena up, Arena.adopt()
// takes it on another thread without copying, a token is adopted once, and
// the old thread's arena and handles throw ERR_ARENA_WRONG_THREAD. Each
// scenario runs in a child process.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entry, entryCjs, expectClean, runChild } from './support/child.mjs';

const prelude = `
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';
import { Arena, metrics } from ${JSON.stringify(entry)};
const codeOf = (fn) => { try { fn(); return 'no error'; } catch (error) { return error.code ?? error.name; } };
const report = (value) => console.log('result:' + JSON.stringify(value));
// Runs CommonJS source in a worker; resolves with every message it posted.
function inWorker(source, workerData) {
  const worker = new Worker('const { Arena, metrics } = require(' + JSON.stringify(${JSON.stringify(entryCjs)}) + ');\\n' +
    "const { parentPort, workerData } = require('node:worker_threads');\\n" +
    "const codeOf = (fn) => { try { fn(); return 'no error'; } catch (error) { return error.code ?? error.name; } };\\n" + source,
    { eval: true, workerData, execArgv: [] });
  const messages = [];
  worker.on('message', (m) => messages.push(m));
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('exit', (code) => code === 0 ? resolve(messages) : reject(new Error('worker exit ' + code)));
  });
}
`;

test('a transferred arena is read on a worker without copying; the old arena and its handles throw ERR_ARENA_WRONG_THREAD', () => {
  const result = expectClean(
    runChild(
      prelude +
        `
const arena = new Arena();
const doc = arena.parse(JSON.stringify({ user: { name: 'Ada', langs: ['en', 'fr'] }, n: 12 }));
const second = arena.parse('[10,20,30]');
const value = doc.query('user');
const reservedBefore = arena.stats.bytesReserved;
const token = arena.transfer();
const old = {
  parse: codeOf(() => arena.parse('1')), get: codeOf(() => doc.get('n')), value: codeOf(() => value.toJS()),
  keys: codeOf(() => value.keys()), iterate: codeOf(() => [...second]), stats: codeOf(() => arena.stats),
  reset: codeOf(() => arena.reset()), free: codeOf(() => arena.free()), transfer: codeOf(() => arena.transfer()),
  documents: codeOf(() => arena.documents()), dispose: codeOf(() => arena[Symbol.dispose]()),
};
const seen = await inWorker(\`
  const arena = Arena.adopt(workerData);
  const [doc, second] = arena.documents();
  parentPort.postMessage({ name: doc.get('user.name'), langs: doc.get('user.langs'), second: second.toJS(),
    reserved: arena.stats.bytesReserved, documents: arena.stats.documents });
  const more = arena.parse('{"from":"worker"}');
  parentPort.postMessage({ more: more.get('from') });
  parentPort.postMessage({ token: arena.transfer() });
\`, token);
const back = Arena.adopt(seen[2].token);
const [d1, d2, d3] = back.documents();
report({
  tokenShape: Object.keys(token).sort(), json: JSON.parse(JSON.stringify(token)).id === token.id,
  old, worker: seen.slice(0, 2), reservedBefore,
  back: [d1.get('n'), d2.get('1'), d3.get('from')], stillOld: codeOf(() => doc.get('n')),
});
back.free();
`,
    ),
  );
  assert.deepEqual(result.tokenShape, ['arenajson', 'id']);
  assert.equal(result.json, true);
  for (const [name, code] of Object.entries(result.old)) {
    assert.equal(code, name === 'dispose' ? 'no error' : 'ERR_ARENA_WRONG_THREAD', name);
  }
  assert.deepEqual(result.worker[0], { name: 'Ada', langs: ['en', 'fr'], second: [10, 20, 30], reserved: result.reservedBefore, documents: 2 });
  assert.deepEqual(result.worker[1], { more: 'worker' });
  assert.deepEqual(result.back, [12, 20, 'worker']);
  assert.equal(result.stillOld, 'ERR_ARENA_WRONG_THREAD', 'the first arena object stays dead after the arena came back');
});

test('a token is adopted at most once: a second adopt, here or on a worker, throws ERR_ARENA_TOKEN', () => {
  const result = expectClean(
    runChild(
      prelude +
        `
const arena = new Arena();
arena.parse('{"a":1}');
const token = arena.transfer();
const adopted = Arena.adopt(token);
const again = codeOf(() => Arena.adopt(token));
const onWorker = await inWorker('parentPort.postMessage(codeOf(() => Arena.adopt(workerData)));', token);
const value = adopted.documents()[0].get('a');
adopted.free();
const afterFree = codeOf(() => Arena.adopt(token));
report({ again, onWorker, value, afterFree });
`,
    ),
  );
  assert.deepEqual(result, { again: 'ERR_ARENA_TOKEN', onWorker: ['ERR_ARENA_TOKEN'], value: 1, afterFree: 'ERR_ARENA_TOKEN' });
});

test('workers racing to adopt one token: exactly one wins', () => {
  const result = expectClean(
    runChild(
      prelude +
        `
const arena = new Arena();
arena.parse('[1,2,3]');
const token = arena.transfer();
const racers = Array.from({ length: 4 }, () => inWorker(\`
  let arena;
  try { arena = Arena.adopt(workerData); } catch (error) { parentPort.postMessage(error.code); }
  if (arena) { parentPort.postMessage(arena.documents()[0].get('#')); arena.free(); }
\`, token));
const outcomes = (await Promise.all(racers)).flat();
report({ outcomes: outcomes.map(String).sort(), live: metrics().arenasLive });
`,
    ),
  );
  assert.deepEqual(result.outcomes, ['3', 'ERR_ARENA_TOKEN', 'ERR_ARENA_TOKEN', 'ERR_ARENA_TOKEN']);
  assert.equal(result.live, 0);
});

test('forged and malformed tokens throw typed errors, never crash', () => {
  const result = expectClean(
    runChild(
      prelude +
        `
const forged = [];
for (let i = 0; i < 200; i++) {
  const id = Array.from({ length: 16 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');
  forged.push(codeOf(() => Arena.adopt({ arenajson: 'arena', id })));
}
const zero = codeOf(() => Arena.adopt({ arenajson: 'arena', id: '0000000000000000' }));
const malformed = [undefined, null, 42, 'abc', {}, { id: 'x' }, { arenajson: 'arena' }, { arenajson: 'arena', id: 7 },
  { arenajson: 'arena', id: 'ABCDEF0123456789' }, { arenajson: 'arena', id: '0123456789abcdef0' }, { arenajson: 'other', id: '0123456789abcdef' },
  [], Object.create(null)].map((token) => codeOf(() => Arena.adopt(token)));
report({ forged: [...new Set(forged)], zero, malformed: [...new Set(malformed)] });
`,
    ),
  );
  assert.deepEqual(result.forged, ['ERR_ARENA_TOKEN']);
  assert.equal(result.zero, 'ERR_ARENA_TOKEN');
  assert.deepEqual(result.malformed, ['ERR_INVALID_ARG']);
});

test('posting a Doc, Value or Arena to a worker gives inert data there: nothing reads the arena from the wrong thread', () => {
  const result = expectClean(
    runChild(
      prelude +
        `
import { Doc, Value } from ${JSON.stringify(entry)};
const arena = new Arena();
const doc = arena.parse('{"secret":[1,2,3]}');
const seen = await inWorker(\`
  const { Doc, Value } = require(\${JSON.stringify(${JSON.stringify(entryCjs)})});
  const { doc, value, arena } = workerData;
  parentPort.postMessage({
    hasGet: typeof doc.get, hasParse: typeof arena.parse,
    forcedDoc: codeOf(() => Object.setPrototypeOf(doc, Doc.prototype).get('secret')),
    forcedValue: codeOf(() => Object.setPrototypeOf(value, Value.prototype).toJS()),
    forcedArena: codeOf(() => Object.setPrototypeOf(arena, Arena.prototype).parse('1')),
  });
\`, { doc, value: doc.query('secret'), arena });
report({ seen: seen[0], stillHere: doc.get('secret.1') });
arena.free();
`,
    ),
  );
  assert.equal(result.seen.hasGet, 'undefined');
  assert.equal(result.seen.hasParse, 'undefined');
  assert.equal(result.seen.forcedDoc, 'ERR_ARENA_WRONG_THREAD');
  assert.equal(result.seen.forcedValue, 'ERR_ARENA_WRONG_THREAD');
  assert.equal(typeof result.seen.forcedArena, 'string');
  assert.notEqual(result.seen.forcedArena, 'no error');
  assert.equal(result.stillHere, 2);
});

test('a worker that exits with live arenas releases them; an arena it transferred out survives it', () => {
  const result = expectClean(
    runChild(
      prelude +
        `
const base = metrics();
const seen = await inWorker(\`
  const kept = [];
  for (let i = 0; i < 20; i++) { const a = new Arena({ initialSize: 1 << 16 }); a.parse(JSON.stringify({ i, pad: 'x'.repeat(50000) })); kept.push(a); }
  const out = new Arena();
  out.parse('{"survives":true}');
  parentPort.postMessage({ during: metrics(), token: out.transfer() });
  globalThis.kept = kept;  // still referenced when the worker exits
\`);
const after = metrics();
const survivor = Arena.adopt(seen[0].token);
const survives = survivor.documents()[0].get('survives');
survivor.free();
report({ base, during: seen[0].during, after, survives, end: metrics() });
`,
    ),
  );
  const { base, during, after, end } = result;
  assert.equal(during.arenasLive - base.arenasLive, 21);
  assert.ok(during.bytesReserved - base.bytesReserved >= 20 * 50000);
  assert.equal(after.arenasLive - base.arenasLive, 1, 'only the transferred arena outlives the worker');
  assert.equal(after.arenasFreed - base.arenasFreed, 20);
  assert.ok(after.bytesReserved - base.bytesReserved < 1 << 20, `reserved after exit: ${after.bytesReserved - base.bytesReserved}`);
  assert.equal(result.survives, true);
  assert.equal(end.arenasLive, base.arenasLive);
  assert.equal(end.bytesReserved, base.bytesReserved);
});

test('a worker terminated mid-work with live arenas neither crashes nor leaks them', () => {
  const result = expectClean(
    runChild(
      prelude +
        `
const base = metrics();
for (let round = 0; round < 5; round++) {
  const worker = new Worker(\`
    const { Arena } = require(\${JSON.stringify(${JSON.stringify(entryCjs)})});
    const { parentPort } = require('node:worker_threads');
    const arenas = [];
    parentPort.postMessage('ready');
    for (let i = 0; ; i++) { const a = new Arena(); a.parse('[' + '1,'.repeat(1000) + '1]'); arenas.push(a); if (arenas.length > 50) arenas.shift().free(); }
  \`, { eval: true, execArgv: [] });
  await once(worker, 'message');
  await worker.terminate();
}
report({ live: metrics().arenasLive - base.arenasLive, reserved: metrics().bytesReserved - base.bytesReserved });
`,
    ),
  );
  assert.deepEqual(result, { live: 0, reserved: 0 });
});
