// Loads the native addon (a prebuild when one fits, else build/Release) and
// describes its raw surface. Nothing outside lib/ should call it directly.
import * as path from 'node:path';
import { errorFromNative } from './errors';

/** A value handle: document index * 2^32 + node index. */
export type Handle = number;

export interface NativeArena {
  parse(input: string | Uint8Array): Handle;
  parseLines(input: string | Uint8Array): Handle;
  /**
   * `path` on every line of a JSON Lines batch, each result as compact JSON
   * (strings decoded with `raw`) followed by a newline: [text, lines,
   * matched]. Undefined when the batch has an invalid line or invalid UTF-8
   * (the line-by-line path reports those); the arena keeps nothing of it.
   */
  linesText(input: Uint8Array, path: string, raw: boolean): [Buffer, number, number] | undefined;
  /**
   * query()'s values for a JSON Lines batch as one JSON text (see
   * valuesOfJson): [text, lines, missing places]; undefined as linesText.
   */
  linesValues(input: Uint8Array, paths: string[], single: boolean): [string, number, number[]] | undefined;
  get(generation: number, handle: Handle, path: string, mode?: number): unknown;
  /** A ticket naming the compiled path for getCompiled (0 when the path is too long to keep one). */
  pathId(path: string): number;
  /** get() with the path named by its pathId ticket; an unknown ticket falls back to `path`. */
  getCompiled(generation: number, handle: Handle, id: number, path: string, mode?: number): unknown;
  /** The number binding.read() names this arena by (0: none; use the methods). */
  id(): number;
  getRaw(generation: number, handle: Handle, path: string): string | undefined;
  query(generation: number, handle: Handle, path: string): Handle;
  type(generation: number, handle: Handle): number;
  toJS(generation: number, handle: Handle, mode?: number): unknown;
  /** Throws ERR_JSON_PROTO naming the first prototype-poisoning key of the value. */
  poisoned(generation: number, handle: Handle): void;
  /** Whether the value holds a key that proto 'remove' drops. */
  poisoned(generation: number, handle: Handle, report: true): boolean;
  /** Parses on the thread pool; the arena throws ERR_ARENA_BUSY until the promise settles. */
  parseAsync(input: string | Uint8Array, lines: boolean): Promise<Handle>;
  /** Aborts the parseAsync in flight (its promise rejects with ABORT_ERR); false when there is none. */
  cancelParse(): boolean;
  raw(generation: number, handle: Handle): string;
  length(generation: number, handle: Handle): number;
  children(generation: number, handle: Handle): Handle[];
  keys(generation: number, handle: Handle): string[];
  /** JSON text of one level of an array or object (native/read/shallow.h); nested levels up to inlineBytes long are inlined. */
  shallow(generation: number, handle: Handle, inlineBytes?: number, mode?: number): string | undefined;
  /** What property `key` of an array or object names (native/read/lazy_lookup.h): node index * 8 + node type, -1 (no own property) or -2 (undecided). */
  lookup(generation: number, handle: Handle, key: string, mode?: number): number;
  /** With reuse, handles of ended generations read as freed from now on (an arena kept for other documents). */
  reset(): number;
  free(recycle?: boolean): void;
  stats(): ArenaStats;
  newObject(): Handle;
  newArray(): Handle;
  stringify(generation: number, handle: Handle, gap: string, integersAsWritten?: boolean): string | string[];
  toBuffer(generation: number, handle: Handle, gap: string, integersAsWritten?: boolean): Buffer;
  setValue(generation: number, handle: Handle, path: string, valueGeneration: number, valueHandle: Handle): void;
  setJson(generation: number, handle: Handle, path: string, text: string | undefined): void;
  remove(generation: number, handle: Handle, path: string): boolean;
  /** Gives the arena up; returns the hand-over id (16 hex digits). */
  transfer(): string;
  /** Handles of the documents parse() made since the last reset. */
  documents(): Handle[];
}

export interface ArenaStats {
  bytesReserved: number;
  bytesUsed: number;
  peakBytes: number;
  chunks: number;
  allocations: number;
  documents: number;
  resets: number;
  generation: number;
}

export interface Binding {
  NativeArena: new (initialSize: number, maxSize: number, origin?: string, spare?: boolean) => NativeArena;
  /** Takes over the arena handed over under `id` (see NativeArena.transfer). */
  adopt(id: string): NativeArena;
  /** The process-wide counters, in the order lib/metrics.ts names them. */
  metrics(): Float64Array;
  /** error_name() of every native error code, by code (native/memory/error.h); [0] is 'OK'. */
  readonly errorNames: readonly string[];
  /** The name of every gjson modifier the path engine knows, without the `@` (native/path/modifiers.cc). */
  readonly modifierNames: readonly string[];
  get(json: string | Uint8Array, path: string, mode?: number): unknown;
  /** getCompiled on the arena whose id() is `arenaId`, the ticket and read mode packed by packTicketAndMode (lib/options.ts). */
  read(arenaId: number, generation: number, handle: Handle, ticketAndMode: number, path: string): unknown;
  /** NativeArena.query on the arena whose id() is `arenaId`, the path named by its pathId ticket (0: by `path`). */
  queryById(arenaId: number, generation: number, handle: Handle, ticket: number, path: string): Handle;
  /** NativeArena.setValue on the arena whose id() is `arenaId`. */
  setValueById(arenaId: number, generation: number, handle: Handle, path: string, valueGeneration: number, valueHandle: Handle): void;
  getRaw(json: string | Uint8Array, path: string): string | undefined;
  validate(json: string | Uint8Array): { nodes: number; largestArray: number };
  /** buf.toString('utf8') for valid UTF-8; undefined for invalid bytes. */
  decodeUtf8(bytes: Uint8Array): string | undefined;
  releaseSpares(): void;
  /** The isolate's external memory as reported through Node-API (tests). */
  externalMemory(): number;
  setTapeArrays(state: object, ops: Int32Array, numbers: Float64Array): void;
  parseTape(input: Uint8Array | string, ops: Int32Array, numbers: Float64Array, always?: boolean, mode?: number): (string | bigint)[] | number | undefined;
  /** JSON.parse(json) under a read mode (lib/options.ts). */
  parse(json: string, mode: number): unknown;
  setErrorFactory(factory: (code: string, message: string, position: number) => Error): void;
  implementation: string;
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
const load = require('node-gyp-build') as (dir: string) => unknown;

// ARENAJSON_NATIVE names an addon file to load instead (the sanitizer build).
const override = process.env.ARENAJSON_NATIVE;
export const binding = (override ? require(path.resolve(override)) : load(path.join(__dirname, '..'))) as Binding;
binding.setErrorFactory(errorFromNative);

// The addon replaces a forced kernel that is unknown or that this CPU cannot
// run (see native/parse/kernel.h); say so rather than test the wrong kernel quietly.
const forcedKernel = process.env.SIMDJSON_FORCE_IMPLEMENTATION;
if (forcedKernel && forcedKernel !== binding.implementation) {
  process.emitWarning(
    `SIMDJSON_FORCE_IMPLEMENTATION=${forcedKernel} is not a kernel this CPU can run; using ${binding.implementation}`,
    { code: 'ARENAJSON_KERNEL' },
  );
}
