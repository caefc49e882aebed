// Streams of documents: lines() yields the documents of an NDJSON stream as
// Docs, query() the values at some paths per line. Memory stays bounded: the
// stream is read in batches of whole lines, each parsed into an arena that is
// reset (or handed back to a worker) once the iterator moves past it.
import { join } from 'node:path';
import type { Piscina as PiscinaPool } from 'piscina';
import { Arena, type ArenaToken } from './arena';
import { Doc, Value } from './doc';
import { InvalidArgumentError, type JsonSyntaxError } from './errors';
import { readModeOf, type ReadOptions } from './options';
import { lineSyntaxError, parseBatch, type BatchPlace, type InvalidLine } from './stream-batch';
import { openSource, type LinesSource } from './stream-source';
import { batchAtOnce, runBatch, valuesOfJson, type BatchResult, type BatchTask } from './stream-task';

export type { LinesSource } from './stream-source';

export interface LinesOptions extends ReadOptions {
  /**
   * Threads that parse batches; 1 (the default) parses on the calling
   * thread. lines() runs that many workers (a Piscina pool) while the calling
   * thread reads the documents; query() counts the calling thread as one of
   * them. Results come out in input order either way.
   */
  threads?: number;
  /** About how many bytes of whole lines make a batch (default 128 KiB, 1 MiB with threads). */
  batchBytes?: number;
  /**
   * Called with the SyntaxError of each invalid line, which is then skipped.
   * Without it the first invalid line ends the iteration with that error.
   */
  onInvalidLine?: (error: JsonSyntaxError) => void;
}

export interface QueryOptions extends LinesOptions {
  /** Yield each result's JSON text (as getRaw) instead of its JS value. */
  raw?: boolean;
}

interface Settings {
  threads: number;
  batchBytes: number;
  onInvalidLine: ((error: JsonSyntaxError) => void) | undefined;
  name: string | undefined;
}

function settingsOf(source: LinesSource, options: LinesOptions): Settings {
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options must be an object');
  const { threads = 1, onInvalidLine } = options;
  const { batchBytes = threads > 1 ? 1 << 20 : 128 << 10 } = options;
  if (!Number.isInteger(threads) || threads < 1) throw new InvalidArgumentError('threads must be a positive integer');
  if (!Number.isInteger(batchBytes) || batchBytes < 1) throw new InvalidArgumentError('batchBytes must be a positive integer');
  if (onInvalidLine !== undefined && typeof onInvalidLine !== 'function') {
    throw new InvalidArgumentError('onInvalidLine must be a function');
  }
  const name = typeof source === 'string' ? source : source instanceof URL ? source.pathname : undefined;
  return { threads, batchBytes, onInvalidLine, name };
}

function createPool(threads: number): PiscinaPool {
  // Loaded only here: require('arenajson') does not load the pool.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { Piscina } = require('piscina') as typeof import('piscina');
  return new Piscina({
    filename: join(__dirname, 'stream-worker.js'),
    minThreads: threads,
    maxThreads: threads,
    // A worker's next batch waits in its own queue, not for this thread (which
    // may be busy with a batch of its own) to post it. Tasks are synchronous:
    // a worker still runs one at a time.
    concurrentTasksPerWorker: 2,
    // A worker's garbage is short-lived (one batch); a small young generation
    // keeps the pool's resident memory down at no measurable cost in time.
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  });
}

/** A batch's result and where the batch sits in the stream. */
export interface BatchOutcome {
  result: BatchResult;
  place: BatchPlace;
  bytes: number;
}

/**
 * @internal The results of `task` over the batches of `source`, in input
 * order. Batches are run by `local` on this thread, each once the previous
 * one has been consumed; with `threads` > 1, once four batches have shown
 * that the stream is not short, a pool starts and up to two batches per
 * thread (four with `shared`) are in flight.
 *
 * `shared`, when given, runs a batch on this thread while the pool runs:
 * its result must hold nothing that a later batch overwrites (text, values).
 * Then this thread is one of the `threads` (the pool has one worker fewer)
 * and takes a batch whenever every worker already has one waiting, so the
 * work spreads over all of them whatever their number and speed.
 */
export async function* batchResults(
  source: LinesSource,
  settings: Settings,
  task: (bytes: Buffer, onWorker: boolean) => BatchTask,
  local: (task: BatchTask) => BatchResult,
  shared?: (task: BatchTask) => BatchResult,
): AsyncGenerator<BatchOutcome> {
  let pool: PiscinaPool | undefined;
  let ran = 0;
  const poolAfter = settings.threads > 1 ? 4 : Infinity;
  // On this thread each batch is parsed (copied into an arena) before the
  // next is cut, so one buffer serves them all; a pool needs a buffer per batch.
  const { batches: input, destroy, spares } = openSource(source, settings.batchBytes, () => ran + 1 < poolAfter);
  const pending: { result: Promise<BatchResult>; offset: number; bytes: number }[] = [];
  // Batches in flight once the pool runs: enough that a worker finds its next
  // batch already posted while this thread runs one (`shared`); documents
  // handed out (no `shared`) are read here, so fewer wait for their turn.
  const inFlight = settings.threads * (shared === undefined ? 2 : 4);
  let line = 1;
  let ended = false;
  try {
    for (;;) {
      while (!ended && pending.length < (pool === undefined ? 1 : inFlight)) {
        const next = await input.next();
        if (next.done === true) {
          ended = true;
          break;
        }
        const { bytes, offset } = next.value;
        const length = bytes.length;
        if (pool === undefined && ++ran >= poolAfter) pool = createPool(shared === undefined ? settings.threads : settings.threads - 1);
        const here = pool !== undefined && shared !== undefined && pool.queueSize >= pool.threads.length;
        const work = task(bytes, pool !== undefined && !here);
        let result: Promise<BatchResult>;
        if (pool === undefined) {
          result = Promise.resolve(local(work));
        } else if (here) {
          // Settled in order below, like a worker's result, even when it fails.
          try {
            result = Promise.resolve(shared!(work));
            spares.give(bytes.buffer as ArrayBuffer);  // the result holds none of it
          } catch (error) {
            result = Promise.reject(error);
            result.catch(() => {});
          }
        } else {
          result = pool.run(work, { transferList: [bytes.buffer as ArrayBuffer] }) as Promise<BatchResult>;
          result.catch(() => {});  // awaited in order below; not an unhandled rejection meanwhile
        }
        pending.push({ result, offset, bytes: length });
      }
      const head = pending.shift();
      if (head === undefined) return;
      const result = await head.result;
      if (result.spare !== undefined) spares.give(result.spare);
      yield { result, place: { line, offset: head.offset, name: settings.name }, bytes: head.bytes };
      line += result.lines;
    }
  } finally {
    if (!ended) {
      destroy();
      await input.return(undefined);
    }
    for (const left of pending) {
      try {
        const result = await left.result;
        if (result.token !== undefined) Arena.adopt(result.token).free();
      } catch {}
    }
    if (pool !== undefined) await pool.destroy();
  }
}

function report(invalid: InvalidLine, place: BatchPlace, settings: Settings): void {
  const error = lineSyntaxError(invalid, place);
  if (settings.onInvalidLine === undefined) throw error;
  settings.onInvalidLine(error);
}

// Yields make(i) for each item of a batch, reporting each invalid line where it stood.
function* inOrder<T>(count: number, invalid: InvalidLine[], place: BatchPlace, settings: Settings, make: (i: number) => T): Generator<T> {
  let i = 0;
  for (const bad of invalid) {
    while (i < bad.before) yield make(i++);
    report(bad, place, settings);
  }
  while (i < count) yield make(i++);
}

/**
 * The arena batches are parsed into on the iterating thread, reset for each
 * batch. An arena that grew for an unusually large batch (a very long line)
 * is handed out with the batch (`token`) to be freed after it, not kept.
 */
class HomeArena {
  arena: Arena | undefined;
  constructor(private readonly settings: Settings) {}

  parse(bytes: Uint8Array): BatchResult {
    if (this.arena === undefined) this.arena = new Arena();
    else this.arena.reset();
    const parsed = parseBatch(this.arena, bytes, this.settings.onInvalidLine !== undefined);
    if (this.arena.stats.bytesReserved > Math.max(16 << 20, this.settings.batchBytes * 16)) {
      const kept = this.arena;
      this.arena = undefined;
      return { ...parsed, token: kept.transfer() };
    }
    return parsed;
  }

  free(): void {
    this.arena?.free();
    this.arena = undefined;
  }
}

/**
 * The documents of an NDJSON stream, in order. A Doc stays usable until the
 * iterator moves past its batch; then its arena is reset (using the Doc
 * throws ERR_ARENA_STALE; with `threads` > 1 the arena goes back to a worker
 * and the Doc throws ERR_ARENA_WRONG_THREAD), and after the loop ends it is
 * freed (ERR_ARENA_FREED). Leaving the loop early releases the arena and
 * destroys the stream.
 */
export async function* lines(source: LinesSource, options: LinesOptions = {}): AsyncGenerator<Doc, void, undefined> {
  const settings = settingsOf(source, options);
  const mode = readModeOf(options);
  const skip = settings.onInvalidLine !== undefined;
  const home = new HomeArena(settings);
  let adopted: Arena | undefined;  // the arena of the batch being read, from a worker
  const spares: ArenaToken[] = [];  // arenas read past, for workers to parse the next batches into
  const local = (task: BatchTask): BatchResult => {
    if (task.kind === 'docs' && task.token !== undefined) spares.push(task.token);
    return home.parse(task.bytes);
  };
  try {
    const results = batchResults(source, settings, (bytes) => ({ kind: 'docs', bytes, skip, token: spares.pop() }), local);
    for await (const { result, place } of results) {
      const arena = result.token === undefined ? home.arena! : (adopted = Arena.adopt(result.token));
      const generation = arena.generation;
      const handles = result.handles!;
      yield* inOrder(handles.length, result.invalid, place, settings, (i) => new Doc(arena, generation, handles[i], mode));
      if (adopted !== undefined) {
        adopted.reset();
        if (settings.threads > 1) spares.push(adopted.transfer());
        else adopted.free();
        adopted = undefined;
      }
    }
  } finally {
    home.free();
    adopted?.free();
    for (const token of spares) Arena.adopt(token).free();
  }
}

/**
 * The values at `paths` (gjson syntax) in each document of an NDJSON stream:
 * for one path (a string) the value per line, undefined where it has none;
 * for an array of paths an array of values per line. No arena is exposed.
 */
export async function* query(source: LinesSource, paths: string | string[], options: QueryOptions = {}): AsyncGenerator<any, void, undefined> {
  const settings = settingsOf(source, options);
  const mode = readModeOf(options);
  const single = typeof paths === 'string';
  const list = single ? [paths] : paths;
  if (!Array.isArray(list) || list.some((path) => typeof path !== 'string')) {
    throw new InvalidArgumentError('paths must be a string or an array of strings');
  }
  const raw = options.raw === true;
  const skip = settings.onInvalidLine !== undefined;
  const read = (value: Value, path: string): unknown => (raw ? value.getRaw(path) : value.get(path));
  const home = new HomeArena(settings);
  // Values under the default read mode are read by one native call per batch
  // as one JSON text (from a worker too); others, and batches with an invalid
  // line, are read from the documents as they are yielded.
  const asJson = mode === 0 && !raw;
  const task = (bytes: Buffer): BatchTask => ({ kind: 'values', bytes, skip, paths: list, single, raw, mode, asJson });
  const local = (work: BatchTask): BatchResult => {
    if (asJson) {
      if (home.arena === undefined) home.arena = new Arena();
      const done = batchAtOnce(home.arena, work.bytes, work);
      if (done !== undefined) return done;
    }
    return home.parse(work.bytes);
  };
  try {
    for await (const { result, place } of batchResults(source, settings, task, local, runBatch)) {
      if (result.handles === undefined) {
        const values = result.valuesJson === undefined ? result.values! : valuesOfJson(result.valuesJson, result.missing!, list.length, single);
        yield* inOrder(values.length, result.invalid, place, settings, (i) => values[i]);
        continue;
      }
      const arena = result.token === undefined ? home.arena! : Arena.adopt(result.token);
      const generation = arena.generation;
      const handles = result.handles;
      try {
        yield* inOrder(handles.length, result.invalid, place, settings, (i) => {
          const value = new Value(arena, generation, handles[i], mode);
          return single ? read(value, list[0]) : list.map((path) => read(value, path));
        });
      } finally {
        if (arena !== home.arena) arena.free();
      }
    }
  } finally {
    home.free();
  }
}

/** @internal The settings of the command line's text tasks. */
export function textSettings(source: LinesSource, options: LinesOptions): Settings {
  return settingsOf(source, options);
}
