// parseLazy's spare memory (native/memory/arena_pool.h): the arena of a collected
// view is given back during the garbage collection itself, and its chunks
// go to the next parseLazy. Checked here: collection needs no event-loop
// turn, reused memory never belongs to a live document, and a released
// document stays dead after its memory holds another one. Each runs in a
// child process with --expose-gc.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { scaled, timeBound } from './support/scale.mjs';

const indexUrl = new URL('../dist/index.mjs', import.meta.url).href;
const randomUrl = new URL('./support/random-json.mjs', import.meta.url).href;

function runChild(source) {
  const output = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', source], {
    encoding: 'utf8',
    timeout: timeBound(120000),
  });
  return JSON.parse(output);
}

test('a synchronous loop gets collected parseLazy arenas back at each GC, without yielding', () => {
  const result = runChild(`
    import { parseLazy, metrics } from ${JSON.stringify(indexUrl)};
    const doc = JSON.stringify({ rows: Array.from({ length: 12000 }, (_, i) => ({ id: i, name: 'row ' + i, v: i / 7 })) });
    const bytes = Buffer.from(doc);
    let sink = 0;
    const freedBefore = metrics().arenasFreed;
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = 0;
    for (let i = 0; i < 240; i++) {
      const view = parseLazy(bytes);
      sink += view.rows[i * 37 % 12000].v;
      if (i % 20 === 19) {
        globalThis.gc();
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }
    }
    const freedInLoop = metrics().arenasFreed - freedBefore;
    console.log(JSON.stringify({ bytes: bytes.length, freedInLoop, growth: rssPeak - rssBefore, sink }));
  `);
  // 240 documents of ~0.5 MB, each arena a few times that: without collection
  // during the loop every one of them would still be held.
  assert.ok(result.freedInLoop >= 200, `only ${result.freedInLoop} of 240 arenas were freed inside the loop`);
  assert.ok(result.growth < 100 * 1024 * 1024, `RSS grew by ${result.growth} bytes`);
});

test('reused spare memory never holds a live document: kept views read as JSON.parse', () => {
  const documents = scaled(150, 40);
  const result = runChild(`
    import assert from 'node:assert/strict';
    import { parseLazy, materialize } from ${JSON.stringify(indexUrl)};
    import { prng, randomJsonText } from ${JSON.stringify(randomUrl)};
    const random = prng(0x5eed5);
    const kept = [];
    for (let i = 0; i < ${documents}; i++) {
      // Big enough that the arena's memory goes to the pool (>= 256 KiB).
      const parts = [];
      while (parts.join(',').length < 200000) parts.push(randomJsonText(random));
      const text = '[' + parts.join(',') + ']';
      const view = parseLazy(i % 2 ? Buffer.from(text) : text);
      if (i % 5 === 0) kept.push({ view, text, probe: view[i % parts.length] });
      if (i % 10 === 9) globalThis.gc();
    }
    globalThis.gc();
    for (const { view, text, probe } of kept) {
      const expected = JSON.parse(text);
      assert.deepStrictEqual(materialize(view), expected);
      assert.equal(JSON.stringify(view), text.length === 0 ? '' : JSON.stringify(expected));
      void probe;
    }
    console.log(JSON.stringify({ kept: kept.length }));
  `);
  assert.equal(result.kept, Math.ceil(documents / 5));
});

test('a released document stays dead after its memory holds the next document', () => {
  const result = runChild(`
    import { parseLazy, release } from ${JSON.stringify(indexUrl)};
    const make = (tag) => JSON.stringify({ tag, rows: Array.from({ length: 20000 }, (_, i) => ({ i, tag })) });
    const first = parseLazy(make('first'));
    const row = first.rows[5];
    release(first);
    const second = parseLazy(make('second'));
    const codes = [];
    for (const read of [() => first.tag, () => row.tag, () => first.rows.length, () => Object.keys(row)]) {
      try { read(); codes.push('read'); } catch (error) { codes.push(error.code); }
    }
    console.log(JSON.stringify({ codes, second: second.tag, row: second.rows[5].tag }));
  `);
  assert.deepEqual(result.codes, ['ERR_ARENA_FREED', 'ERR_ARENA_FREED', 'ERR_ARENA_FREED', 'ERR_ARENA_FREED']);
  assert.equal(result.second, 'second');
  assert.equal(result.row, 'second');
});

test('small documents reuse spare memory too, and a reused arena never shows through an older view', () => {
  // Arenas from 64 KiB up go to the pool, the most recently kept first: the
  // next document often lands in the memory of the one released just before.
  const documents = scaled(400, 120);
  const result = runChild(`
    import assert from 'node:assert/strict';
    import { parseLazy, release, materialize } from ${JSON.stringify(indexUrl)};
    import { prng, randomJsonText } from ${JSON.stringify(randomUrl)};
    const random = prng(0x5a11);
    const kept = [];
    const released = [];
    for (let i = 0; i < ${documents}; i++) {
      const parts = [];
      const size = 2000 + (i % 7) * 9000;
      while (parts.join(',').length < size) parts.push(randomJsonText(random));
      const text = '[' + parts.join(',') + ']';
      const view = parseLazy(i % 2 ? Buffer.from(text) : text);
      const probe = view[parts.length - 1];
      if (i % 3 === 0) kept.push({ view, text, probe, last: parts.length - 1 });
      else if (i % 3 === 1) {
        release(view);
        released.push({ view, probe, last: parts.length - 1 });
      }
      if (i % 50 === 49) globalThis.gc();
    }
    for (const { view, text, probe, last } of kept) {
      const expected = JSON.parse(text);
      assert.deepStrictEqual(materialize(view), expected);
      assert.deepStrictEqual(view[last], expected[last]);
      if (typeof probe === 'object' && probe !== null) assert.deepStrictEqual(probe, expected[last]);
    }
    const codes = new Set();
    for (const { view, probe, last } of released) {
      for (const read of [() => view[last], () => view.length, () => Object.keys(view), () => materialize(view)]) {
        try { read(); codes.add('read'); } catch (error) { codes.add(error.code); }
      }
      if (typeof probe === 'object' && probe !== null) {
        try { Object.keys(probe); codes.add('read'); } catch (error) { codes.add(error.code); }
      }
    }
    console.log(JSON.stringify({ kept: kept.length, released: released.length, codes: [...codes] }));
  `);
  assert.equal(result.kept, Math.ceil(documents / 3));
  assert.ok(result.released > 0);
  assert.deepEqual(result.codes, ['ERR_ARENA_FREED']);
});

// Under AddressSanitizer chunks come from malloc and freed ones stay in its
// quarantine, so RSS cannot show the pool being emptied there.
// qemu's user-mode emulation reports an RSS of 0, so there is nothing to see there either.
const rssSkip = process.env.ARENAJSON_SANITIZED === '1' ? 'RSS does not fall under AddressSanitizer' : process.memoryUsage.rss() === 0 && 'this system reports no RSS';
test('the spare pool is emptied after parseLazy has been idle for a while', { skip: rssSkip }, () => {
  const result = runChild(`
    import { parseLazy } from ${JSON.stringify(indexUrl)};
    import { setTimeout as sleep } from 'node:timers/promises';
    const bytes = Buffer.from(JSON.stringify({ rows: Array.from({ length: 60000 }, (_, i) => ({ id: i, name: 'row ' + i })) }));
    let sink = 0;
    for (let i = 0; i < 12; i++) sink += parseLazy(bytes).rows.length;
    globalThis.gc();
    globalThis.gc();
    const pooled = process.memoryUsage().rss;
    await sleep(5000);
    const idle = process.memoryUsage().rss;
    console.log(JSON.stringify({ bytes: bytes.length, drop: pooled - idle, sink }));
  `);
  // Twelve arenas of a few times the 2 MB input went to the pool; idle, it gives them back.
  assert.ok(result.drop > 4 * result.bytes, `RSS fell by only ${result.drop} bytes after the idle period`);
});
