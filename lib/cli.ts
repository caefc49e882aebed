#!/usr/bin/env node
// The arenajson command: a gjson path over JSON or NDJSON files (or stdin),
// one result per line. See `arenajson --help` and docs/api.md.
import { statSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Arena } from './arena';
import { builtinParse, builtinStringify } from './builtin-json';
import { getRaw } from './query';
import type { JsonSyntaxError } from './errors';
import { batchResults, textSettings } from './stream';
import { lineSyntaxError, type BatchPlace } from './stream-batch';
import { compact, runBatch, type TextFormat } from './stream-task';

const usage = `Usage: arenajson [options] <path> [file ...]

Evaluates a gjson path (docs/path-syntax.md: multipaths and modifiers
included) over each JSON document of the files, or of stdin when no file
(or "-") is given, and writes each result on its own line as compact JSON.
A document without a result writes nothing. Input is JSON Lines (one
document per line) when its first line is a whole JSON value followed by
more; otherwise the input is one JSON document. A path that starts with
".." reads the whole input as one JSON Lines document, as in gjson.

Options:
  -l, --lines           read JSON Lines, whatever the first line looks like
  -r, --raw             write string results without quotes (as jq -r)
  -p, --pretty          indent results by two spaces
  -s, --skip-invalid    report invalid lines on stderr and go on
  -t, --threads <n>     threads for JSON Lines, this one and n - 1 workers (default:
                        ${availableParallelism()}); the pool starts once the input has
                        passed four batches
      --batch-bytes <n> bytes of whole lines per batch (default: 1 MiB)
  -q, --quiet           no progress line
      --progress        a progress line on stderr even when it is not a terminal
  -h, --help            this text
  -V, --version         the version

Exit status:
  0  at least one result was written
  1  no document had a result (as grep)
  2  usage error, or a file could not be read
  4  invalid JSON in the input (as Debian's jq 1.6); with --skip-invalid
     the other lines are still read and written

Invalid input is reported on stderr as file:line: byte offset and message.
`;

const exitCodes = { ok: 0, nothing: 1, usage: 2, invalid: 4 } as const;

interface Flags {
  path: string;
  files: string[];
  lines: boolean;
  format: TextFormat;
  skip: boolean;
  threads: number;
  batchBytes: number | undefined;
  progress: boolean;
}

function parseFlags(argv: string[]): Flags | number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        lines: { type: 'boolean', short: 'l' },
        raw: { type: 'boolean', short: 'r' },
        pretty: { type: 'boolean', short: 'p' },
        'skip-invalid': { type: 'boolean', short: 's' },
        threads: { type: 'string', short: 't' },
        'batch-bytes': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        progress: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (error) {
    process.stderr.write(`arenajson: ${(error as Error).message}\nTry 'arenajson --help'.\n`);
    return exitCodes.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(usage);
    return exitCodes.ok;
  }
  if (values.version) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    process.stdout.write(`${(require('../package.json') as { version: string }).version}\n`);
    return exitCodes.ok;
  }
  const fail = (message: string): number => {
    process.stderr.write(`arenajson: ${message}\nTry 'arenajson --help'.\n`);
    return exitCodes.usage;
  };
  if (positionals.length === 0) return fail('missing the path');
  if (values.raw && values.pretty) return fail('--raw and --pretty do not go together');
  let threads = availableParallelism();
  if (values.threads !== undefined) {
    threads = Number(values.threads);
    if (!/^\d+$/.test(values.threads) || threads < 1) return fail('--threads takes a positive integer');
  }
  let batchBytes: number | undefined;
  if (values['batch-bytes'] !== undefined) {
    batchBytes = Number(values['batch-bytes']);
    if (!/^\d+$/.test(values['batch-bytes']) || batchBytes < 1) return fail('--batch-bytes takes a positive integer');
  }
  const showProgress = values.progress === true || (process.stderr.isTTY === true && values.quiet !== true);
  return {
    path: positionals[0],
    files: positionals.length > 1 ? positionals.slice(1) : ['-'],
    lines: values.lines === true,
    format: values.raw ? 'raw' : values.pretty ? 'pretty' : 'compact',
    skip: values['skip-invalid'] === true,
    threads,
    batchBytes,
    progress: showProgress,
  };
}

/** Bytes read, rate and time left, redrawn on stderr at most four times a second. */
class Progress {
  private done = 0;
  private readonly start = Date.now();
  private last = 0;
  private shown = false;
  constructor(
    private readonly enabled: boolean,
    private readonly total: number | undefined,
  ) {}

  add(bytes: number): void {
    this.done += bytes;
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 250) return;
    this.last = now;
    const seconds = (now - this.start) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    let line = `${megabytes(this.done)}${this.total === undefined ? '' : ` of ${megabytes(this.total)}`}  ${(rate / 1e6).toFixed(1)} MB/s`;
    if (this.total !== undefined && rate > 0) line += `  ETA ${Math.max(0, Math.ceil((this.total - this.done) / rate))} s`;
    process.stderr.write(`\r\x1b[K${line}`);
    this.shown = true;
  }

  /** Clears the line (before other output on the terminal, and at the end). */
  clear(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
    this.shown = false;
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** stdout, waiting for it to drain when its buffer is full (back-pressure from a slow reader). */
class Output {
  async write(text: string | Uint8Array): Promise<void> {
    if (text.length === 0) return;
    if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}

type Chunks = AsyncIterable<Buffer>;

/**
 * Whether `head` (the first bytes of an input) starts JSON Lines: its first
 * line that holds something is a whole JSON value, and a newline ends it.
 * Undefined while that line is not complete.
 */
function startsLines(head: Buffer): boolean | undefined {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const first = /^[ \t\r\n]*([^\n]*)\n/.exec(text);
  if (first === null) return undefined;
  try {
    builtinParse(first[1]);
    return true;
  } catch {
    return false;
  }
}

/** Reads the head of a file until startsLines() can tell. */
async function fileStartsLines(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    let head = Buffer.alloc(0);
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.max(64 << 10, head.length));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return false;
      head = Buffer.concat([head, chunk.subarray(0, bytesRead)]);
      if (chunk.subarray(0, bytesRead).indexOf(0x0a) < 0) continue;
      const lines = startsLines(head);
      if (lines !== undefined) return lines;
    }
  } finally {
    await handle.close();
  }
}

/** The same for stdin's chunks; `rest` replays every chunk. */
async function chunksStartLines(chunks: Chunks): Promise<{ lines: boolean; rest: Chunks }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let lines = false;
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) break;
    seen.push(next.value);
    if (next.value.indexOf(0x0a) < 0) continue;
    const decided = startsLines(Buffer.concat(seen));
    if (decided === undefined) continue;
    lines = decided;
    break;
  }
  async function* rest(): AsyncGenerator<Buffer> {
    yield* seen;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  return { lines, rest: rest() };
}

interface Totals {
  matched: number;
  status: number;
}

async function readLines(chunks: Chunks | string, name: string, flags: Flags, output: Output, progress: Progress, totals: Totals): Promise<void> {
  // 1 MiB batches on one thread too: fewer, larger reads cost less than the memory they take.
  const settings = textSettings(chunks, { threads: flags.threads, batchBytes: flags.batchBytes ?? 1 << 20 });
  settings.name = name;
  const { path, format, skip } = flags;
  const results = batchResults(chunks, settings, (bytes) => ({ kind: 'text', bytes, skip, path, format }), runBatch, runBatch);
  for await (const { result, place, bytes } of results) {
    progress.add(bytes);
    totals.matched += result.matched!;
    if (result.text!.length > 0) {
      progress.clear();
      await output.write(result.text!);
    }
    // Without --skip-invalid a batch stops at its first invalid line, and so does the input.
    for (const invalid of result.invalid) {
      reportInvalid(lineSyntaxError(invalid, place), progress, totals);
      if (!skip) return;
    }
  }
}

function reportInvalid(error: JsonSyntaxError, progress: Progress, totals: Totals): void {
  progress.clear();
  process.stderr.write(`arenajson: ${error.message.replace(/\r?\n/g, '\\n')}\n`);
  if (totals.status === exitCodes.ok) totals.status = exitCodes.invalid;
}

async function readDocument(chunks: Chunks | string, name: string, flags: Flags, output: Output, progress: Progress, totals: Totals): Promise<void> {
  let bytes: Buffer;
  if (typeof chunks === 'string') {
    bytes = await readFile(chunks);
    progress.add(bytes.length);
  } else {
    const parts: Buffer[] = [];
    for await (const chunk of chunks) {
      parts.push(chunk);
      progress.add(chunk.length);
    }
    bytes = Buffer.concat(parts);
  }
  let offset = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    bytes = bytes.subarray(3);
    offset = 3;
  }
  const { path, format } = flags;
  let out: string | undefined;
  const arena = new Arena();
  try {
    if (path.startsWith('..')) {
      out = getRaw(bytes, path);
      if (out !== undefined) out = format === 'pretty' ? builtinStringify(builtinParse(out), null, 2) : compact(out);
    } else {
      const doc = arena.parse(bytes);
      if (format === 'pretty') out = doc.query(path)?.stringify({ space: 2 });
      else out = doc.getRaw(path);
      if (out !== undefined && format !== 'pretty') out = compact(out);
    }
    if (out !== undefined && format === 'raw' && out.charCodeAt(0) === 0x22) out = builtinParse(out) as string;
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_JSON_SYNTAX') throw error;
    const at = (error as JsonSyntaxError).position;
    let line = 1;
    for (let i = bytes.indexOf(0x0a); i >= 0 && i < at; i = bytes.indexOf(0x0a, i + 1)) line++;
    let message = (error as Error).message;
    // JSON Lines errors already name their line.
    if (path.startsWith('..')) message = message.replace(/ \(JSON Lines, line \d+\)$/, '');
    const place: BatchPlace = { line, offset, name };
    reportInvalid(lineSyntaxError({ index: 0, at, message, before: 0 }, place), progress, totals);
    return;
  } finally {
    arena.free();
  }
  if (out === undefined) return;
  totals.matched++;
  progress.clear();
  await output.write(out + '\n');
}

function totalSize(files: string[]): number | undefined {
  let total = 0;
  for (const file of files) {
    if (file === '-') return undefined;
    try {
      total += statSync(file).size;
    } catch {
      return undefined;
    }
  }
  return total;
}

export async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(argv);
  if (typeof flags === 'number') return flags;
  const progress = new Progress(flags.progress, totalSize(flags.files));
  const output = new Output();
  const totals: Totals = { matched: 0, status: exitCodes.ok };
  let failedToRead = false;
  for (const file of flags.files) {
    const name = file === '-' ? '<stdin>' : file;
    try {
      const whole = flags.path.startsWith('..');
      let source: Chunks | string = file;
      let lines = flags.lines && !whole;
      if (file === '-') {
        source = process.stdin as unknown as Chunks;
        if (!lines && !whole) ({ lines, rest: source } = await chunksStartLines(source));
      } else if (!lines && !whole) {
        lines = await fileStartsLines(file);
      }
      if (lines) await readLines(source, name, flags, output, progress, totals);
      else await readDocument(source, name, flags, output, progress, totals);
    } catch (error) {
      const code = (error as { code?: string }).code;
      progress.clear();
      if (code === 'EPIPE') return totals.status;
      process.stderr.write(`arenajson: ${name}: ${(error as Error).message}\n`);
      failedToRead = true;
    }
  }
  progress.clear();
  if (failedToRead) return exitCodes.usage;
  if (totals.status !== exitCodes.ok) return totals.status;
  return totals.matched > 0 ? exitCodes.ok : exitCodes.nothing;
}

if (require.main === module) {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    // A closed pipe (`arenajson ... | head`) ends the run quietly.
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      process.stderr.write(`arenajson: ${error.stack ?? error.message}\n`);
      process.exitCode = 2;
    },
  );
}
