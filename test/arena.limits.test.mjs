// maxSize: every allocation respects it; past it ERR_ARENA_LIMIT is thrown,
// the arena stays usable, and a failed parse leaves nothing a later call sees.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Arena } from '../dist/index.mjs';
import { entry, expectClean, runChild } from './support/child.mjs';
import { corpusDir } from './support/oracle.mjs';

const codeOf = (fn) => {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return error.code ?? error.name;
  }
};

test('a document larger than maxSize throws ERR_ARENA_LIMIT; the arena keeps working', () => {
  const big = readFileSync(join(corpusDir, 'twitter.json'));
  const arena = new Arena({ initialSize: 4096, maxSize: 256 * 1024 });
  const small = arena.parse('{"keep":[1,2,3]}');
  const before = arena.stats;
  assert.equal(codeOf(() => arena.parse(big)), 'ERR_ARENA_LIMIT');
  const after = arena.stats;
  assert.ok(after.bytesReserved <= 256 * 1024, `reserved ${after.bytesReserved} > maxSize`);
  assert.equal(after.documents, before.documents, 'a failed parse must not add a document');
  assert.equal(after.bytesUsed, before.bytesUsed, 'a failed parse must give its bytes back');
  assert.deepEqual(small.toJS(), { keep: [1, 2, 3] });
  assert.equal(arena.documents().length, 1);
  const again = arena.parse('{"after":"limit"}');
  assert.equal(again.get('after'), 'limit');
  arena.free();
});

test('bytesReserved never exceeds maxSize, whatever the sequence of documents', () => {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (const maxSize of [4096, 10000, 65536, 300000]) {
    const arena = new Arena({ initialSize: 1024 + Math.floor(random() * 8192), maxSize });
    const kept = [];
    let limits = 0;
    for (let i = 0; i < 300; i++) {
      const length = Math.floor(random() ** 3 * 20000);
      const value = Array.from({ length: Math.floor(length / 8) }, (_, k) => k % 3 === 0 ? 'ab' : k);
      const text = JSON.stringify(value);
      try {
        const doc = arena.parse(text);
        kept.push([doc, text]);
      } catch (error) {
        assert.equal(error.code, 'ERR_ARENA_LIMIT', `unexpected ${error}`);
        limits++;
      }
      assert.ok(arena.stats.bytesReserved <= maxSize, `maxSize ${maxSize}: reserved ${arena.stats.bytesReserved}`);
      if (random() < 0.05) {
        arena.reset();
        kept.length = 0;
      }
    }
    for (const [doc, text] of kept) assert.equal(JSON.stringify(doc.toJS()), text);
    assert.ok(limits > 0, `maxSize ${maxSize}: the limit was never reached`);
    arena.free();
  }
});

test('a syntax error midway through a large document leaves nothing half-built', () => {
  const arena = new Arena({ initialSize: 4096 });
  const first = arena.parse('{"first":1}');
  const used = arena.stats.bytesUsed;
  const broken = '[' + '{"a":[1,2,3],"b":"text"},'.repeat(5000) + '{"a":}]';
  assert.equal(codeOf(() => arena.parse(broken)), 'ERR_JSON_SYNTAX');
  assert.equal(arena.stats.bytesUsed, used);
  assert.equal(arena.stats.documents, 1);
  assert.equal(arena.documents().length, 1);
  assert.equal(first.get('first'), 1);
  const next = arena.parse('[true]');
  assert.deepEqual(next.toJS(), [true]);
  arena.free();
});

test('maxSize smaller than one chunk, and initialSize above maxSize, are honoured', () => {
  const tiny = new Arena({ initialSize: 1 << 20, maxSize: 1000 });
  assert.deepEqual(tiny.parse('[1]').toJS(), [1]);
  assert.ok(tiny.stats.bytesReserved <= 1000, `reserved ${tiny.stats.bytesReserved}`);
  assert.equal(codeOf(() => tiny.parse('"' + 'x'.repeat(2000) + '"')), 'ERR_ARENA_LIMIT');
  assert.deepEqual(tiny.parse('{"still":"usable"}').toJS(), { still: 'usable' });
  tiny.free();
});

test('bad options are TypeErrors; hitting the limit over and over never crashes', () => {
  for (const options of [{ maxSize: -1 }, { maxSize: NaN }, { initialSize: 'big' }, { initialSize: Infinity }]) {
    assert.equal(codeOf(() => new Arena(options)), 'ERR_INVALID_ARG');
  }
  const result = expectClean(
    runChild(`
import { Arena } from ${JSON.stringify(entry)};
const arena = new Arena({ maxSize: 64 * 1024 });
const codes = new Set();
for (let size = 1; size < 1 << 20; size = Math.ceil(size * 1.7)) {
  for (const input of ['"' + 'y'.repeat(size) + '"', Buffer.from('[' + '0,'.repeat(size) + '0]')]) {
    try { arena.parse(input).toJS(); codes.add('ok'); } catch (e) { codes.add(e.code); }
  }
}
console.log('result:' + JSON.stringify({ codes: [...codes].sort(), last: arena.parse('[1,2]').toJS() }));
`),
  );
  assert.deepEqual(result.codes, ['ERR_ARENA_LIMIT', 'ok']);
  assert.deepEqual(result.last, [1, 2]);
});
