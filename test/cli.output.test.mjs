// The arenajson command run as a child process, on files and on stdin: its
// output against what JSON.parse and JSON.stringify compute, against jq -c /
// jq -r where jq is installed and means the same thing, with threads on and
// off; exit codes, error messages, --help, --version and the progress line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'arenajson-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args, input) {
  const child = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', timeout: 60000, maxBuffer: 64 << 20 });
  assert.equal(child.signal, null, child.stderr);
  return child;
}

const hasJq = spawnSync('jq', ['--version']).status === 0;

// Records in which every field is present (so that jq's null-for-missing and
// gjson's no-result agree), with non-ASCII text and nested values.
const records = Array.from({ length: 3000 }, (_, i) => ({
  i,
  name: ['Ada', 'Béla', '中文', 'tab\there', 'q"uote'][i % 5] + i,
  tags: ['x', String(i % 3), 'é'],
  nested: { v: i / 8, ok: i % 2 === 0 },
}));
const ndjson = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
const file = join(dir, 'records.ndjson');
writeFileSync(file, ndjson);

const expectLines = (values) => values.map((v) => JSON.stringify(v) + '\n').join('');

test('paths, multipaths and modifiers per line, as JSON.stringify writes them, from a file and from stdin', () => {
  const cases = [
    ['name', (r) => r.name],
    ['nested', (r) => r.nested],
    ['tags.1', (r) => r.tags[1]],
    ['{i,name}', (r) => ({ i: r.i, name: r.name })],
    ['[i,nested.ok]', (r) => [r.i, r.nested.ok]],
    ['tags|@reverse', (r) => [...r.tags].reverse()],
    ['tags.#', (r) => r.tags.length],
  ];
  for (const [path, pick] of cases) {
    const want = expectLines(records.map(pick));
    const fromFile = run([path, file]);
    assert.equal(fromFile.status, 0, fromFile.stderr);
    assert.equal(fromFile.stdout, want, path);
    const fromStdin = run([path], ndjson);
    assert.equal(fromStdin.stdout, want, `${path} (stdin)`);
  }
});

test('threads on and off write the same bytes', () => {
  const outputs = ['1', '2', '3'].map((threads) => run(['-t', threads, '--batch-bytes', '4096', '{i,tags}', file]).stdout);
  assert.equal(outputs[1], outputs[0]);
  assert.equal(outputs[2], outputs[0]);
  assert.equal(outputs[0].split('\n').length, records.length + 1);
});

test('threads on and off report invalid lines alike, in input order, with --skip-invalid and without', () => {
  const lines = ndjson.split('\n');
  for (let i = 400; i < lines.length - 1; i += 577) lines[i] = i % 2 === 0 ? '{"i":' : '[1,,2]';
  const broken = join(dir, 'broken.ndjson');
  writeFileSync(broken, lines.join('\n'));
  for (const skip of [['-s'], []]) {
    const runs = ['1', '2', '3'].map((threads) => run([...skip, '-t', threads, '--batch-bytes', '2048', '{i,tags}', broken]));
    for (const other of runs.slice(1)) {
      assert.equal(other.stdout, runs[0].stdout);
      assert.equal(other.stderr, runs[0].stderr);
      assert.equal(other.status, runs[0].status);
    }
    assert.equal(runs[0].status, 4);
    assert.equal(runs[0].stderr.split('\n').length - 1, skip.length === 1 ? 5 : 1, runs[0].stderr);
  }
});

test('--raw writes strings unquoted and other values as JSON; --pretty indents by two spaces', () => {
  assert.equal(run(['-r', 'name', file]).stdout, records.map((r) => r.name + '\n').join(''));
  assert.equal(run(['--raw', 'i', file]).stdout, records.map((r) => r.i + '\n').join(''));
  assert.equal(run(['--pretty', 'nested', file]).stdout, records.map((r) => JSON.stringify(r.nested, null, 2) + '\n').join(''));
});

test('the same output as jq -c and jq -r where the semantics match', { skip: hasJq ? false : 'jq is not installed' }, () => {
  const pairs = [
    [['name'], ['-c', '.name']],
    [['{i,name}'], ['-c', '{i,name}']],
    [['nested'], ['-c', '.nested']],
    [['tags'], ['-c', '.tags']],
    [['-r', 'name'], ['-r', '.name']],
  ];
  for (const [ours, theirs] of pairs) {
    const jq = spawnSync('jq', [...theirs, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(jq.status, 0, jq.stderr);
    assert.equal(run([...ours, file]).stdout, jq.stdout, ours.join(' '));
  }
});

test('one JSON document (pretty-printed, with a BOM) is detected and read whole; a path starting with .. reads JSON Lines', () => {
  const document = { a: { b: [1, 2, { c: 'd' }] }, list: records.slice(0, 3) };
  const pretty = join(dir, 'doc.json');
  writeFileSync(pretty, '\uFEFF' + JSON.stringify(document, null, 2));
  assert.equal(run(['a.b.2', pretty]).stdout, '{"c":"d"}\n');
  assert.equal(run(['list.#.name', pretty]).stdout, JSON.stringify(document.list.map((r) => r.name)) + '\n');
  assert.equal(run(['a.b.2.c'], JSON.stringify(document, null, 2)).stdout, '"d"\n');
  assert.equal(run(['..#', file]).stdout, `${records.length}\n`);
  assert.equal(run(['..1.name'], ndjson).stdout, JSON.stringify(records[1].name) + '\n');
  // A single line is the same either way; --lines forces JSON Lines.
  assert.equal(run(['a'], '{"a":1}').stdout, '1\n');
  const forced = run(['--lines', 'a.b', pretty]);
  assert.equal(forced.status, 4);
  assert.match(forced.stderr, /doc\.json: line 1, byte 4: /);
});

test('exit status: 0 with results, 1 without, 2 for usage and unreadable files, 4 for invalid JSON', () => {
  assert.equal(run(['name', file]).status, 0);
  const none = run(['missing', file]);
  assert.equal(none.status, 1);
  assert.equal(none.stdout, '');
  assert.equal(run([]).status, 2);
  assert.equal(run(['--no-such-flag', 'a']).status, 2);
  assert.equal(run(['-t', 'zero', 'a', file]).status, 2);
  const missing = run(['name', join(dir, 'nope.ndjson'), file]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.ndjson: ENOENT/);
  assert.equal(missing.stdout, expectLines(records.map((r) => r.name)));  // the other file is still read

  const bad = '{"a":1}\n{"a":2}\n{"a":\n{"a":4}\n';
  for (const threads of ['1', '2']) {
    const stopped = run(['-t', threads, '--batch-bytes', '1', 'a'], bad);
    assert.equal(stopped.status, 4);
    assert.equal(stopped.stdout, '1\n2\n');
    assert.equal(stopped.stderr, 'arenajson: <stdin>: line 3, byte 21: Unexpected end of JSON input\n');
    const skipped = run(['-t', threads, '--batch-bytes', '1', '--skip-invalid', 'a'], bad);
    assert.equal(skipped.status, 4);
    assert.equal(skipped.stdout, '1\n2\n4\n');
    assert.equal(skipped.stderr, stopped.stderr);
  }
  const badFile = join(dir, 'bad.json');
  writeFileSync(badFile, '{\n  "a": [1,\n  ]\n}\n');
  const whole = run(['a', badFile]);
  assert.equal(whole.status, 4);
  assert.match(whole.stderr, /bad\.json: line 3, byte 15: /);
  assert.doesNotMatch(whole.stderr.trimEnd(), /\n/);  // one line per error
});

test('--help documents the options and exit codes; --version prints the package version', () => {
  const help = run(['--help']);
  assert.equal(help.status, 0);
  for (const word of ['--lines', '--raw', '--pretty', '--threads', '--quiet', '--skip-invalid', 'Exit status']) assert.ok(help.stdout.includes(word), word);
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  assert.equal(run(['--version']).stdout, version + '\n');
});

// Under qemu's user-mode emulation (npm run test:arm64) only direct spawns of
// the arm64 Node are routed through qemu; a terminal made by script(1) runs it
// through a shell, which cannot execute it.
const emulated = process.env.ARENAJSON_QEMU_NODE ? 'the arm64 Node cannot run inside script(1) under qemu user-mode emulation' : false;

test('the progress line: on stderr with --progress or a terminal, never with --quiet, never on stdout', { skip: emulated }, () => {
  const forced = run(['--progress', 'i', file]);
  assert.match(forced.stderr, /MB of [\d.]+ MB +[\d.]+ MB\/s +ETA \d+ s/);
  assert.equal(forced.stdout, expectLines(records.map((r) => r.i)));
  assert.equal(run(['i', file]).stderr, '');  // stderr is a pipe here
  const hasScript = spawnSync('script', ['--version']).status === 0;
  if (!hasScript) return;
  // Under script(1) stderr is a terminal; stdout still goes to a file.
  const out = join(dir, 'out.txt');
  const command = (extra) => `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} ${extra} i ${JSON.stringify(file)} > ${JSON.stringify(out)}`;
  const tty = spawnSync('script', ['-qec', command(''), '/dev/null'], { encoding: 'utf8' });
  assert.equal(tty.status, 0, tty.stdout);
  assert.match(tty.stdout, /MB\/s/);
  assert.equal(readFileSync(out, 'utf8'), expectLines(records.map((r) => r.i)));
  const quiet = spawnSync('script', ['-qec', command('--quiet'), '/dev/null'], { encoding: 'utf8' });
  assert.doesNotMatch(quiet.stdout, /MB\/s/);
});
