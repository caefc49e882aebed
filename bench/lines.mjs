// NDJSON throughput: three fields out of every line of a generated ~1 GB
// file, by the arenajson command (1 and more threads), Debian's jq -c, a
// Node readline + JSON.parse loop, and the streaming API (query() and
// lines()); wall time, MB/s and peak RSS of each, every one a fresh process,
// with the 1-minute load average after it (the machine may be shared).
//   npm run bench:lines [-- --size=1e9 --keep --file=PATH --threads=1,2 --runs=1]
// The file goes to os.tmpdir() and is deleted afterwards unless --keep (a
// kept file of the same size is reused). jq is skipped when not installed.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNdjson } from './data/ndjson.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).map((arg) => {
  const [key, value = 'true'] = arg.replace(/^--/, '').split('=');
  return [key, value];
}));
if (args.help) {
  console.log('usage: npm run bench:lines [-- --size=1e9 --keep --file=PATH --threads=1,2 --runs=1 --no-build]');
  process.exit(0);
}
const size = Number(args.size ?? 1e9);
const runs = Number(args.runs ?? 1);
const threadCounts = (args.threads ?? [...new Set([1, 2, availableParallelism()])].join(',')).split(',').map(Number);

if (args['no-build'] !== 'true') {
  spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: ['ignore', 2, 2], env: { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}` } });
}

const file = args.file ?? join(tmpdir(), `arenajson-bench-${size}.ndjson`);
const keep = args.keep === 'true' || args.file !== undefined;
if (!existsSync(file) || (args.file === undefined && Math.abs(statSync(file).size - size) > size / 100)) {
  process.stderr.write(`writing ${file} ...\n`);
  writeNdjson(file, size);
}
const bytes = statSync(file).size;

const scratch = mkdtempSync(join(tmpdir(), 'arenajson-bench-'));
const rssFile = join(scratch, 'rss');
const preload = join(root, 'bench', 'lib', 'max-rss.cjs');
const entry = join(root, 'dist', 'index.js');
const cli = join(root, 'dist', 'cli.js');
const path = '{id,level,request.status}';

const readlineLoop = `
const { createReadStream } = require('node:fs');
const { createInterface } = require('node:readline');
(async () => {
  let out = [];
  for await (const line of createInterface({ input: createReadStream(process.argv[1]), crlfDelay: Infinity })) {
    if (line === '') continue;
    const o = JSON.parse(line);
    out.push(JSON.stringify({ id: o.id, level: o.level, status: o.request?.status }));
    if (out.length === 4096) { process.stdout.write(out.join('\\n') + '\\n'); out = []; }
  }
  if (out.length > 0) process.stdout.write(out.join('\\n') + '\\n');
})();`;
const queryLoop = (threads) => `
const { query } = require(${JSON.stringify(entry)});
(async () => {
  let n = 0;
  for await (const [id, level, status] of query(process.argv[1], ['id', 'level', 'request.status'], { threads: ${threads} })) n += id === undefined ? 0 : 1;
  if (n === 0) process.exit(1);
})();`;
const linesLoop = (threads) => `
const { lines } = require(${JSON.stringify(entry)});
(async () => {
  let n = 0;
  for await (const doc of lines(process.argv[1], { threads: ${threads} })) { doc.get('id'); doc.get('level'); doc.get('request.status'); n++; }
  if (n === 0) process.exit(1);
})();`;

// The command's output by the other way to use threads: workers parse batches
// into arenas and hand them over (transfer/adopt); paths are evaluated here.
const handOver = (threads) => `
const { lines } = require(${JSON.stringify(entry)});
(async () => {
  let out = '';
  for await (const doc of lines(process.argv[1], { threads: ${threads}, batchBytes: 1 << 20 })) {
    const raw = doc.getRaw(${JSON.stringify(path)});
    if (raw !== undefined) out += raw + '\\n';
    if (out.length > 1 << 16) { if (!process.stdout.write(out)) await new Promise((resolve) => process.stdout.once('drain', resolve)); out = ''; }
  }
  process.stdout.write(out);
})();`;

const hasJq = spawnSync('jq', ['--version']).status === 0;
const hasTime = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;

/** Runs a command once with stdout to /dev/null; its wall time, peak RSS (bytes) and the load average after it. */
function measure(command, commandArgs, { node = false } = {}) {
  rmSync(rssFile, { force: true });
  const out = openSync('/dev/null', 'w');
  let argv = node ? ['--require', preload, ...commandArgs] : commandArgs;
  let program = node ? process.execPath : command;
  const timeFile = join(scratch, 'time');
  if (!node && hasTime) {
    argv = ['-o', timeFile, '-f', '%M', program, ...argv];
    program = '/usr/bin/time';
  }
  const start = process.hrtime.bigint();
  const child = spawnSync(program, argv, { stdio: ['ignore', out, 'pipe'], env: { ...process.env, ARENAJSON_BENCH_RSS: rssFile }, maxBuffer: 16 << 20 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  closeSync(out);
  if (child.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} exited with ${child.status}: ${child.stderr}`);
  let rss;
  if (node) rss = Number(readFileSync(rssFile, 'utf8'));
  else if (hasTime) rss = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) * 1024;
  return { seconds, rss, load: loadavg()[0] };
}

// The outputs agree on a sample before anything is timed.
{
  const sample = join(scratch, 'sample.ndjson');
  const head = Buffer.alloc(1 << 20);
  const fd = openSync(file, 'r');
  const got = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  writeFileSync(sample, head.subarray(0, head.lastIndexOf(10, got - 1) + 1));
  const ours = spawnSync(process.execPath, [cli, path, sample], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
  const loop = spawnSync(process.execPath, ['-e', readlineLoop, sample], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
  if (ours !== loop) throw new Error('the command and the readline loop disagree on the sample');
  const handed = spawnSync(process.execPath, ['-e', handOver(2), sample], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
  if (ours !== handed) throw new Error('the command and the hand-over loop disagree on the sample');
  if (hasJq) {
    const jq = spawnSync('jq', ['-c', '{id,level,status:.request.status}', sample], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
    if (ours !== jq) throw new Error('the command and jq disagree on the sample');
  }
}

// Every run of every command, interleaved: with --runs=N the commands take
// turns N times, so that a change in the machine's load falls on all of them.
const jobs = [];
const add = (name, threads, command, commandArgs, options) => jobs.push({ name, threads, command, commandArgs, options });
for (const threads of threadCounts) add('arenajson command', threads, cli, [cli, '-q', '-t', String(threads), path, file], { node: true });
for (const threads of threadCounts) add('lines() + getRaw to stdout (arenas handed over)', threads, 'node', ['-e', handOver(threads), file], { node: true });
add('readline + JSON.parse loop', 1, 'node', ['-e', readlineLoop, file], { node: true });
if (hasJq) add("jq -c '{id,level,status:.request.status}'", 1, 'jq', ['-c', '{id,level,status:.request.status}', file]);
else process.stderr.write('jq is not installed: skipped (apt-get install -y jq)\n');
for (const threads of threadCounts) add('query() API, 3 paths', threads, 'node', ['-e', queryLoop(threads), file], { node: true });
for (const threads of threadCounts) add('lines() API, 3 doc.get', threads, 'node', ['-e', linesLoop(threads), file], { node: true });
const rows = jobs.map((job) => ({ name: job.name, threads: job.threads }));
try {
  for (let run = 0; run < runs; run++) {
    for (const [i, job] of jobs.entries()) {
      const result = measure(job.command, job.commandArgs, job.options);
      if (rows[i].seconds === undefined || result.seconds < rows[i].seconds) Object.assign(rows[i], result);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
  if (!keep) rmSync(file, { force: true });
}

const jq = rows.find((row) => row.name.startsWith('jq'));
const loop = rows.find((row) => row.name.startsWith('readline'));
const mb = (n) => (n / 1e6).toFixed(1);
console.log(`${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, load average ${loadavg()[0].toFixed(2)}; node ${process.version}; ${new Date().toISOString().slice(0, 10)}`);
console.log(`input: ${mb(bytes)} MB of NDJSON (${file.startsWith(tmpdir()) ? 'generated by bench/data/ndjson.mjs' : file}); best of ${runs}\n`);
console.log('| run | threads | seconds | MB/s | peak RSS MB | vs jq | vs readline | load |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) {
  const rate = bytes / row.seconds;
  const ratio = (other) => (other === undefined ? 'n/a' : `${(other.seconds / row.seconds).toFixed(2)}×`);
  console.log(`| ${row.name} | ${row.threads} | ${row.seconds.toFixed(2)} | ${mb(rate)} | ${row.rss === undefined ? 'n/a' : mb(row.rss)} | ${ratio(jq)} | ${ratio(loop)} | ${row.load.toFixed(1)} |`);
}
