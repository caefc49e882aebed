// The raw binding under attack: every export and every NativeArena method is
// called with random, made-up and stale arguments, with a wrong `this`, and
// with prototype setters that free or transfer the arena in the middle of a
// call. Nothing may crash (this runs in a child process, and under the
// sanitizer build in `npm run test:asan`); every throw must be an Error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectClean, runChild } from './support/child.mjs';
import { root } from './support/oracle.mjs';

const source = (seed, steps, evil) => `
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(root + '/')});
const { binding } = require('./dist/binding.js');
const { NativeArena } = binding;

let state = ${seed} >>> 0;
const random = () => { state = (state + 0x6d2b79f5) >>> 0; let t = state; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const pick = (list) => list[Math.floor(random() * list.length)];

const arenas = [];
const handles = [0, 2 ** 32, 1, 5];
const generations = [0, 1, 2, 3];
const tokens = ['0000000000000000', 'ffffffffffffffff'];
const jsonTexts = ['{"a":[1,2,{"b":"c"}],"d":{"e":null}}', '[1,2,3]', '"x"', '{"k":"\\\\u00e9","n":-0,"m":[[],{}]}', '[', '{"a":}', '', '   ', '\\u00ff', 'null'];
const paths = ['a', 'a.2.b', '#', 'a.#', '*', 'a.*', '..', '..0', '@reverse', '@this', 'a|#', '{a,d}', '[a,d]', '#(b=="c")#', '!true', 'd.e', 'a\\\\.b', '', '.', '||', '@', '#(', 'a.-1', 'a.4294967296'];

function scalar() {
  switch (Math.floor(random() * 14)) {
    case 0: return pick([0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity, 2 ** 31, 2 ** 32, 2 ** 32 + 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 32), 1e300, Number.MAX_VALUE, Number.MIN_VALUE]);
    case 1: return pick(handles) + pick([0, 0, 1, -1, 2 ** 32, 1e6, 0.5]);
    case 2: return pick(generations) + pick([0, 0, 1, -1]);
    case 3: return pick(paths);
    case 4: return pick(jsonTexts);
    case 5: return Buffer.from(pick(jsonTexts));
    case 6: return new Uint8Array(Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * 256)));
    case 7: return pick([new Int16Array(4), new Float64Array(2), new DataView(new ArrayBuffer(8)), new ArrayBuffer(8), new Uint8ClampedArray(3)]);
    case 8: return pick([undefined, null, true, false, Symbol('s'), 10n, () => 1, {}, [], [1, 2]]);
    case 9: return pick([{ valueOf() { throw new Error('valueOf'); } }, new Proxy({}, { get() { throw new Error('trap'); } }), { toString() { return 'a'; } }]);
    case 10: return pick(tokens);
    case 11: return 'x'.repeat(Math.floor(random() * 3000));
    case 12: return '\\ud800' + pick(paths);
    default: return Math.floor(random() * 2 ** 33) - 2 ** 32;
  }
}

// Arena ids for binding.read, kept after their arenas are dropped (stale ids).
const ids = [0];
function newArena() {
  const args = Array.from({ length: Math.floor(random() * 4) }, () => pick([scalar(), 4096, 65536, 1000, 0, -1]));
  try { arenas.push(new NativeArena(...args)); ids.push(arenas[arenas.length - 1].id()); } catch (error) { check(error); }
}

const outcomes = new Map();
let nonErrors = 0;
function check(error) {
  if (!(error instanceof Error)) { nonErrors++; return; }
  const key = error.code ?? error.name;
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
}
function note(value) {
  outcomes.set('ok', (outcomes.get('ok') ?? 0) + 1);
  if (typeof value === 'number' && value >= 0) handles.push(value);
  if (Array.isArray(value)) for (const v of value) if (typeof v === 'number') handles.push(v);
  if (typeof value === 'string' && /^[0-9a-f]{16}$/.test(value)) tokens.push(value);
  if (value instanceof NativeArena) { arenas.push(value); ids.push(value.id()); }
  if (ids.length > 200) ids.splice(1, 100);
  if (handles.length > 200) handles.splice(0, 100);
}

// Setters that, when armed, free, reset or transfer an arena in the middle of a native call.
let armed = null;
let reentered = 0;
function arm(victim) { armed = victim; }
function trap(target, key) {
  Object.defineProperty(target, key, {
    configurable: true,
    set(value) {
      if (armed) {
        const victim = armed; armed = null; reentered++;
        try { victim[pick(['free', 'reset', 'transfer'])](); } catch (error) { check(error); }
      }
      Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
    },
  });
}
if (${evil}) {
  for (const key of ['0', '1', '2', '3']) trap(Array.prototype, key);
  for (const key of ['bytesReserved', 'bytesUsed', 'chunks', 'documents', 'generation', 'nodes', 'code', 'message', 'position']) trap(Object.prototype, key);
}

const methods = Object.getOwnPropertyNames(NativeArena.prototype).filter((name) => name !== 'constructor');
const exportsToCall = Object.keys(binding).filter((name) => typeof binding[name] === 'function' && name !== 'NativeArena');
for (let i = 0; i < 4; i++) newArena();

for (let step = 0; step < ${steps}; step++) {
  const roll = random();
  if (roll < 0.05 || arenas.length === 0) { newArena(); continue; }
  if (arenas.length > 40) arenas.splice(0, 20);
  const args = Array.from({ length: Math.floor(random() * 4) }, scalar);
  let target, fn;
  if (roll < 0.12) {
    const name = pick(exportsToCall);
    fn = binding[name];
    target = binding;
    if (name === 'setErrorFactory') args[0] = pick([() => new Error('mine'), 1, undefined]);
    if (name === 'read' && random() < 0.7) {
      // A call that looks right: an arena id (live, freed, transferred or collected), a generation, a handle, ticket * 16 + mode.
      args.length = 5;
      args[0] = random() < 0.9 ? pick(ids) : scalar();
      args[1] = pick(generations);
      args[2] = pick(handles);
      args[3] = random() < 0.8 ? Math.floor(random() * 40) * 16 + pick([0, 1, 2, 4, 8, 10, 15]) : scalar();
      args[4] = random() < 0.8 ? pick(paths) : scalar();
    }
  } else {
    let name = pick(methods);
    // Keep arenas alive long enough to reach deep states: free/transfer are rare.
    while ((name === 'free' || name === 'transfer') && random() < 0.85) name = pick(methods);
    fn = NativeArena.prototype[name];
    target = roll < 0.15 ? pick([{}, null, undefined, 1, 'str', Object.create(NativeArena.prototype), binding]) : pick(arenas);
    if (random() < 0.5) {
      // A call that looks right: a live handle with a plausible generation.
      args[0] = pick(generations);
      args[1] = pick(handles);
      if (random() < 0.5) args[2] = pick(paths);
    }
    if (name === 'parse' && random() < 0.6) args[0] = pick([pick(jsonTexts), Buffer.from(pick(jsonTexts))]);
  }
  if (${evil} && target instanceof NativeArena && random() < 0.3) arm(target);
  try {
    const value = fn.apply(target, args);
    // parseAsync: its outcome counts too (the arena stays pinned until it settles).
    if (value instanceof Promise) value.then(() => {}, check);
    note(value);
    if (target instanceof NativeArena && fn === NativeArena.prototype.reset && typeof value === 'number') generations.push(value);
  } catch (error) {
    check(error);
  }
  armed = null;
}
for (const arena of arenas) { try { arena.free(); } catch (error) { check(error); } }
console.log('result:' + JSON.stringify({ nonErrors, reentered, outcomes: Object.fromEntries(outcomes), methods, exportsToCall }));
`;

for (const [seed, evil] of [[1, false], [2, false], [3, true], [4, true]]) {
  test(`every binding export survives random and stale arguments (seed ${seed}${evil ? ', with re-entrant setters' : ''})`, (t) => {
    const steps = Number(process.env.ARENAJSON_FUZZ_STEPS ?? 6000);
    const result = expectClean(runChild(source(seed, steps, evil)), `seed ${seed}`);
    t.diagnostic(JSON.stringify(result.outcomes) + ` re-entered ${result.reentered} times`);
    if (evil) assert.ok(result.reentered > 0, 'the re-entrant setters never fired');
    assert.equal(result.nonErrors, 0, 'something threw a non-Error');
    for (const name of ['parse', 'get', 'getRaw', 'query', 'toJS', 'reset', 'free', 'transfer', 'stats']) {
      assert.ok(result.methods.includes(name), `NativeArena.${name} was not exercised`);
    }
    for (const name of ['get', 'getRaw', 'validate', 'adopt', 'metrics', 'setErrorFactory', 'read']) {
      assert.ok(result.exportsToCall.includes(name), `binding.${name} was not exercised`);
    }
    // The run must have reached the interesting states, not only argument checks.
    for (const code of ['ok', 'ERR_ARENA_FREED', 'ERR_ARENA_STALE', 'ERR_ARENA_WRONG_THREAD', 'ERR_INVALID_ARG']) {
      assert.ok(result.outcomes[code] > 0, `never saw ${code}: ${JSON.stringify(result.outcomes)}`);
    }
  });
}
