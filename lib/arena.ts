// The Arena: a native region that holds parsed documents off the V8 heap.
import { binding, type ArenaStats, type NativeArena } from './binding';
import { Doc } from './doc';
import { arenaIdOf, nativeOf } from './handles';
import { AbortError, InvalidArgumentError, InvalidUtf8Signal, JsonSyntaxError } from './errors';
import { readModeOf, rejectsPoison, signalOf, type ReadOptions } from './options';
import { checkInput, decodeUtf8, syntaxError, wellFormed, type JsonInput } from './input';
import { linesSyntaxError } from './lines';

export interface ArenaOptions {
  /** Size of the first chunk in bytes (default 64 KiB). Later chunks double. */
  initialSize?: number;
  /** Most bytes the arena may reserve; past it an allocation throws `ERR_ARENA_LIMIT`. */
  maxSize?: number;
}

/** Options of `arena.parseAsync` and `parseLazyAsync`: the read options plus an AbortSignal. */
export interface AsyncParseOptions extends ReadOptions {
  /** Aborts the parse: the promise rejects with an AbortError and the arena is as before the call. */
  signal?: AbortSignal;
}

/**
 * What `arena.transfer()` returns: a plain value that structured clone (and
 * JSON) carries to another thread, where `Arena.adopt(token)` takes the arena.
 */
export interface ArenaToken {
  readonly arenajson: 'arena';
  /** 16 hex digits naming the arena in the process's hand-over table. */
  readonly id: string;
}


// With ARENAJSON_DEBUG=1 every arena remembers where it was made, so that the
// finalizer can name an arena that was dropped without free().
const debug = process.env.ARENAJSON_DEBUG === '1';

function creationSite(): string {
  const stack = new Error().stack ?? '';
  const frames = stack.split('\n').slice(1);
  // Drop the frames inside this module (the constructor itself).
  const outside = frames.findIndex((line) => !line.includes(__filename));
  const site = outside < 0 ? frames : frames.slice(outside);
  return 'at\n' + site.join('\n');
}

// The native arena the next constructor call adopts (set only inside
// Arena.adopt and Arena.over), and its generation when the caller knows it
// (0: ask the native arena).
let adopting: NativeArena | undefined;
let adoptingGeneration = 0;

const tokenId = /^[0-9a-f]{16}$/;

function sizeOption(options: ArenaOptions, name: 'initialSize' | 'maxSize'): number {
  const value = options[name];
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(`${name} must be a non-negative finite number`);
  }
  return Math.floor(value);
}

export class Arena {
  /** @internal */
  readonly [nativeOf]: NativeArena;
  /** @internal */
  readonly [arenaIdOf]: number;
  /** @internal The generation handles must carry; bumped by reset(). */
  generation = 1;
  /** @internal Run once when the current generation ends (reset(), free()): lazy views die. */
  generationEndHooks: (() => void)[] = [];
  /** @internal True once transfer() gave the arena to another thread. */
  transferred = false;

  constructor(options: ArenaOptions = {}) {
    if (adopting !== undefined) {
      this[nativeOf] = adopting;
      adopting = undefined;
      this[arenaIdOf] = this[nativeOf].id();
      this.generation = adoptingGeneration || this[nativeOf].stats().generation;
      return;
    }
    if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options must be an object');
    this[nativeOf] = new binding.NativeArena(
      sizeOption(options, 'initialSize'),
      sizeOption(options, 'maxSize'),
      debug ? creationSite() : undefined,
    );
    this[arenaIdOf] = this[nativeOf].id();
  }

  /**
   * Takes over an arena that another thread gave up with `transfer()`: the
   * same memory and documents, no copy. A token is adopted at most once; a
   * token that was already adopted, or never issued, throws `ERR_ARENA_TOKEN`.
   */
  static adopt(token: ArenaToken): Arena {
    if (token === null || typeof token !== 'object' || token.arenajson !== 'arena' || typeof token.id !== 'string' || !tokenId.test(token.id)) {
      throw new InvalidArgumentError('expected a token returned by arena.transfer()');
    }
    adopting = binding.adopt(token.id);
    try {
      return new Arena();
    } finally {
      adopting = undefined;
    }
  }

  /**
   * Parses JSON text or UTF-8 bytes into a document in this arena. The read
   * options (`bigint`, `proto`) become the document's defaults for toJS(),
   * get() and lazy(); `proto: 'error'` also checks the whole document now.
   */
  parse(input: JsonInput, options?: ReadOptions): Doc {
    checkInput(input);
    const mode = readModeOf(options);
    const handle = this.parseHandle(input);
    if (rejectsPoison(mode)) this[nativeOf].poisoned(this.generation, handle);
    return new Doc(this, this.generation, handle, mode);
  }

  /**
   * parse(), with the parse itself (copying a Buffer, stage 1 and stage 2)
   * on the libuv thread pool, so the event loop keeps running. Until the
   * promise settles the arena is pinned: every other call on it (reset(),
   * free(), transfer(), parse(), reads of its documents) throws
   * `ERR_ARENA_BUSY`; `stats` shows the figures from before the call. A
   * string input is copied on the calling thread first; a Buffer is read on
   * the pool thread and must not be changed until the promise settles.
   */
  async parseAsync(input: JsonInput, options?: AsyncParseOptions): Promise<Doc> {
    checkInput(input);
    const mode = readModeOf(options);
    const signal = signalOf(options);
    const handle = await this.parseAsyncHandle(input, signal);
    if (rejectsPoison(mode)) this[nativeOf].poisoned(this.generation, handle);
    return new Doc(this, this.generation, handle, mode);
  }

  /** @internal */
  async parseAsyncHandle(input: JsonInput, signal: AbortSignal | undefined): Promise<number> {
    try {
      return await this.parseAsyncNative(typeof input === 'string' ? wellFormed(input) : input, signal);
    } catch (error) {
      // Bytes that are not UTF-8 mean what their decoding (with U+FFFD) means, as for JSON.parse.
      if (error instanceof InvalidUtf8Signal) {
        try {
          return await this.parseAsyncNative(decodeUtf8(input as Uint8Array), signal);
        } catch (retryError) {
          error = retryError;
        }
      }
      if (error instanceof JsonSyntaxError) throw syntaxError(input, undefined);
      throw error;
    }
  }

  private async parseAsyncNative(text: JsonInput, signal: AbortSignal | undefined): Promise<number> {
    if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
    const native = this[nativeOf];
    const promise = native.parseAsync(text, false);
    if (signal === undefined) return promise;
    const abort = (): void => {
      native.cancelParse();
    };
    signal.addEventListener('abort', abort, { once: true });
    try {
      return await promise;
    } catch (error) {
      if (error instanceof AbortError) throw new AbortError(undefined, { cause: signal.reason });
      throw error;
    } finally {
      signal.removeEventListener('abort', abort);
    }
  }

  /**
   * Parses JSON Lines (one JSON document per line; blank lines skipped) into a
   * document whose root is the array of the lines' documents. A line that is
   * not one JSON value throws a SyntaxError naming the line.
   */
  parseLines(input: JsonInput): Doc {
    checkInput(input);
    return new Doc(this, this.generation, this.parseLinesHandle(input));
  }

  /** @internal */
  parseLinesHandle(input: JsonInput): number {
    const native = this[nativeOf];
    try {
      return native.parseLines(typeof input === 'string' ? wellFormed(input) : input);
    } catch (error) {
      if (error instanceof InvalidUtf8Signal) return this.parseLinesHandle(decodeUtf8(input as Uint8Array));
      if (error instanceof JsonSyntaxError) throw linesSyntaxError(input);
      throw error;
    }
  }

  /** @internal */
  parseHandle(input: JsonInput): number {
    try {
      return this.parseNative(input);
    } catch (error) {
      // Positions count the caller's units (bytes for a Buffer), even after a retry on decoded text.
      if (error instanceof JsonSyntaxError) throw syntaxError(input, undefined);
      throw error;
    }
  }

  private parseNative(input: JsonInput): number {
    const native = this[nativeOf];
    try {
      return native.parse(typeof input === 'string' ? wellFormed(input) : input);
    } catch (error) {
      // Bytes that are not UTF-8 mean what their decoding (with U+FFFD) means, as for JSON.parse.
      if (error instanceof InvalidUtf8Signal) return native.parse(decodeUtf8(input as Uint8Array));
      throw error;
    }
  }

  /** A new, empty object in the arena, to fill with set(). */
  object(): Doc {
    return new Doc(this, this.generation, this[nativeOf].newObject());
  }

  /** A new, empty array in the arena, to fill with set() (`-1` appends). */
  array(): Doc {
    return new Doc(this, this.generation, this[nativeOf].newArray());
  }

  /** Releases every document and value of the arena; the memory is kept for reuse. */
  reset(): void {
    this.generation = this[nativeOf].reset();
    this.endGeneration();
  }

  /** @internal free(), keeping the memory of a parseLazy arena as a spare for the next one. */
  recycle(): void {
    this[nativeOf].free(true);
    this.generation = 0;
    this.endGeneration();
  }

  /**
   * @internal An Arena over a native arena this thread just made (parseLazy's):
   * a new native arena is at generation 1, so its stats need not be asked for.
   */
  static over(native: NativeArena): Arena {
    adopting = native;
    adoptingGeneration = 1;
    try {
      return new Arena();
    } finally {
      adopting = undefined;
      adoptingGeneration = 0;
    }
  }

  private endGeneration(): void {
    const hooks = this.generationEndHooks;
    if (hooks.length === 0) return;
    this.generationEndHooks = [];
    for (const hook of hooks) hook();
  }

  /** Releases the arena's memory. The arena cannot be used again; a second free() throws `ERR_ARENA_FREED`. */
  free(): void {
    this[nativeOf].free();
    this.generation = 0;  // no handle carries it: JS-side caches (lazy views) see the arena is gone
    this.endGeneration();
  }

  /**
   * Gives up ownership and returns a token for `Arena.adopt(token)` on another
   * thread. From now on this object and every handle of it throw
   * `ERR_ARENA_WRONG_THREAD`.
   */
  transfer(): ArenaToken {
    const id = this[nativeOf].transfer();
    this.transferred = true;
    this.endGeneration();  // lazy views stop reading their caches: the next read throws ERR_ARENA_WRONG_THREAD
    return { arenajson: 'arena', id };
  }

  /** The documents parse() and parseLines() made since the last reset, in order (how an adopting thread finds them); built objects are not listed. */
  documents(): Doc[] {
    const generation = this.generation;
    return this[nativeOf].documents().map((handle) => new Doc(this, generation, handle));
  }

  /** free(), so that `using arena = new Arena()` works; nothing to do once the arena was transferred. */
  [Symbol.dispose](): void {
    if (this.transferred) return;
    this.free();
  }

  get stats(): ArenaStats {
    return this[nativeOf].stats();
  }
}
