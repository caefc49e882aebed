// The work done on one batch, the same on the calling thread and on a pool
// worker: parse the lines, then hand the documents over (an arena token),
// read values at paths, or write results as text (the command line).
import { Arena, type ArenaToken } from './arena';
import { nativeOf } from './handles';
import { builtinParse } from './builtin-json';
import type { Handle } from './binding';
import { Value } from './doc';
import type { ReadMode } from './options';
import { parseBatch, type InvalidLine } from './stream-batch';

/** How a text task writes each result. */
export type TextFormat = 'compact' | 'raw' | 'pretty';

export type BatchTask =
  | { kind: 'docs'; bytes: Uint8Array; skip: boolean; token?: ArenaToken }
  | { kind: 'values'; bytes: Uint8Array; skip: boolean; paths: string[]; single: boolean; raw: boolean; mode: ReadMode; asJson?: boolean }
  | { kind: 'text'; bytes: Uint8Array; skip: boolean; path: string; format: TextFormat };

export interface BatchResult {
  lines: number;
  invalid: InvalidLine[];
  /** docs: the arena, given up for the caller to adopt, and its documents. */
  token?: ArenaToken;
  handles?: Handle[];
  /** values: one entry per document (a value, or an array of one per path). */
  values?: unknown[];
  /**
   * values with `asJson`: the same as one JSON text, a missing value written
   * `null` and its place listed in `missing` (see valuesOfJson). One string
   * crosses threads far faster than many small structured-cloned values.
   */
  valuesJson?: string;
  missing?: number[];
  /** text: one line per result; `matched` results in all. */
  text?: string | Uint8Array;
  matched?: number;
  /** From a worker: the memory the batch was read from, moved back to hold another batch. */
  spare?: ArrayBuffer;
}

// The arena of values and text tasks on this thread, reset for each batch.
let scratch: Arena | undefined;

function scratchArena(): Arena {
  if (scratch === undefined) scratch = new Arena();
  else scratch.reset();
  return scratch;
}

/** Runs `task`; on a worker the caller moves `task.bytes` in and adopts `token` out. */
export function runBatch(task: BatchTask): BatchResult {
  const bytes = task.bytes instanceof Uint8Array ? task.bytes : new Uint8Array(task.bytes as ArrayBuffer);
  if (task.kind === 'docs') {
    const arena = task.token === undefined ? new Arena() : Arena.adopt(task.token);
    try {
      arena.reset();
      const parsed = parseBatch(arena, bytes, task.skip);
      return { lines: parsed.lines, invalid: parsed.invalid, handles: parsed.handles, token: arena.transfer() };
    } catch (error) {
      arena.free();
      throw error;
    }
  }
  const arena = scratchArena();
  // Text but --pretty, and values as JSON: one native call for the batch; a
  // batch it leaves (an invalid line, invalid UTF-8) is read line by line below.
  let result = batchAtOnce(arena, bytes, task);
  if (result === undefined) {
    const parsed = parseBatch(arena, bytes, task.skip);
    result = { lines: parsed.lines, invalid: parsed.invalid };
    if (task.kind === 'values' && task.asJson === true) readValuesAsJson(arena, parsed.handles, task, result);
    else if (task.kind === 'values') result.values = readValues(arena, parsed.handles, task);
    else writeText(arena, parsed.handles, task, result);
  }
  // Give the memory of an unusually large batch (a very long line) back.
  if (arena.stats.bytesReserved > 16 << 20) {
    arena.free();
    scratch = undefined;
  }
  return result;
}

/** The result of `task` by one native call, or undefined when the batch needs reading line by line. */
export function batchAtOnce(arena: Arena, bytes: Uint8Array, task: BatchTask): BatchResult | undefined {
  if (task.kind === 'text' && task.format !== 'pretty') {
    const done = arena[nativeOf].linesText(bytes, task.path, task.format === 'raw');
    return done === undefined ? undefined : { lines: done[1], invalid: [], text: done[0], matched: done[2] };
  }
  if (task.kind === 'values' && task.asJson === true) {
    const done = arena[nativeOf].linesValues(bytes, task.paths, task.single);
    return done === undefined ? undefined : { lines: done[1], invalid: [], valuesJson: done[0], missing: done[2] };
  }
  return undefined;
}

function readValues(arena: Arena, handles: Handle[], task: BatchTask & { kind: 'values' }): unknown[] {
  const generation = arena.generation;
  const { paths, single, raw, mode } = task;
  const values = new Array<unknown>(handles.length);
  for (let i = 0; i < handles.length; i++) {
    const doc = new Value(arena, generation, handles[i], mode);
    if (single) values[i] = raw ? doc.getRaw(paths[0]) : doc.get(paths[0]);
    else values[i] = paths.map((path) => (raw ? doc.getRaw(path) : doc.get(path)));
  }
  return values;
}

function readValuesAsJson(arena: Arena, handles: Handle[], task: BatchTask & { kind: 'values' }, result: BatchResult): void {
  const native = arena[nativeOf];
  const generation = arena.generation;
  const { paths, single } = task;
  const missing: number[] = [];
  const json = (line: number, p: number): string => {
    const raw = native.getRaw(generation, handles[line], paths[p]);
    if (raw !== undefined) return raw;
    missing.push(line * paths.length + p);
    return 'null';
  };
  let text = '[';
  for (let i = 0; i < handles.length; i++) {
    if (i > 0) text += ',';
    if (single) {
      text += json(i, 0);
    } else {
      text += '[';
      for (let p = 0; p < paths.length; p++) text += (p > 0 ? ',' : '') + json(i, p);
      text += ']';
    }
  }
  result.valuesJson = text + ']';
  result.missing = missing;
}

/**
 * The values a readValuesAsJson result holds: JSON.parse of the text gives
 * what get() gives under read mode 0, and the listed places (line * paths +
 * path) become undefined.
 */
export function valuesOfJson(text: string, missing: number[], paths: number, single: boolean): unknown[] {
  const values = builtinParse(text) as unknown[];
  for (const at of missing) {
    if (single) values[at] = undefined;
    else (values[Math.floor(at / paths)] as unknown[])[at % paths] = undefined;
  }
  return values;
}

function writeText(arena: Arena, handles: Handle[], task: BatchTask & { kind: 'text' }, result: BatchResult): void {
  const native = arena[nativeOf];
  const generation = arena.generation;
  const { path, format } = task;
  let text = '';
  let matched = 0;
  for (let i = 0; i < handles.length; i++) {
    let out: string | undefined;
    if (format === 'pretty') {
      out = new Value(arena, generation, handles[i]).query(path)?.stringify({ space: 2 });
    } else {
      const raw = native.getRaw(generation, handles[i], path);
      if (raw !== undefined) out = format === 'raw' && raw.charCodeAt(0) === 0x22 ? builtinParse(raw) : compact(raw);
    }
    if (out === undefined) continue;
    text += out + '\n';
    matched++;
  }
  result.text = text;
  result.matched = matched;
}

const space = /[ \t\r\n]/;

/** JSON text without whitespace outside strings. */
export function compact(json: string): string {
  if (!space.test(json)) return json;
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) {
      out += json.slice(from, i);
      from = i + 1;
    }
  }
  return out + json.slice(from);
}
