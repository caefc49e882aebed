// A pool of arenas for servers: one arena per request, taken with acquire(),
// given back with release() (which resets it), kept warm for the next request
// within caps on how many idle arenas and how many idle bytes stay reserved.
import { Arena, type ArenaOptions } from './arena';
import { InvalidArgumentError } from './errors';

export interface ArenaPoolOptions {
  /** Most idle arenas kept for reuse (default 8). Past it a released arena is freed. */
  maxIdle?: number;
  /** Most bytes the idle arenas may keep reserved together (default 128 MiB). */
  maxRetainedBytes?: number;
  /** A released arena that reserved more than this is freed, not kept (default 32 MiB). */
  maxArenaBytes?: number;
  /** Options of every arena the pool makes (`initialSize`, `maxSize`). */
  arena?: ArenaOptions;
}

export interface ArenaPoolStats {
  /** Arenas waiting in the pool. */
  idle: number;
  /** Arenas acquired and not yet released. */
  inUse: number;
  /** Bytes the idle arenas keep reserved. */
  retainedBytes: number;
  /** Arenas the pool made. */
  created: number;
  /** Arenas the pool freed (over a cap, or by close()). */
  freed: number;
  /** acquire() calls. */
  acquired: number;
  /** acquire() calls answered with an idle arena. */
  reused: number;
  /** release() calls. */
  released: number;
}

const defaults = { maxIdle: 8, maxRetainedBytes: 128 * 1024 * 1024, maxArenaBytes: 32 * 1024 * 1024 };

function countOption(options: ArenaPoolOptions, name: 'maxIdle' | 'maxRetainedBytes' | 'maxArenaBytes'): number {
  const value = options[name];
  if (value === undefined) return defaults[name];
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new InvalidArgumentError(`${name} must be a non-negative number`);
  }
  return value;
}

export class ArenaPool {
  readonly maxIdle: number;
  readonly maxRetainedBytes: number;
  readonly maxArenaBytes: number;
  readonly #arenaOptions: ArenaOptions;
  readonly #idle: Arena[] = [];
  // Bytes reserved by each idle arena when it came back (its reserve does not change while idle).
  readonly #idleBytes: number[] = [];
  readonly #inUse = new Set<Arena>();
  #retainedBytes = 0;
  #created = 0;
  #freed = 0;
  #acquired = 0;
  #reused = 0;
  #released = 0;
  #closed = false;

  constructor(options: ArenaPoolOptions = {}) {
    if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options must be an object');
    this.maxIdle = Math.floor(countOption(options, 'maxIdle'));
    this.maxRetainedBytes = countOption(options, 'maxRetainedBytes');
    this.maxArenaBytes = countOption(options, 'maxArenaBytes');
    const arena = options.arena ?? {};
    if (arena === null || typeof arena !== 'object') throw new InvalidArgumentError('arena must be an object');
    this.#arenaOptions = { ...arena };
    new Arena(this.#arenaOptions).free();  // checks the arena options now, not at the first request
  }

  /** An empty arena: the most recently released idle one, or a new one. Give it back with release(). */
  acquire(): Arena {
    if (this.#closed) throw new InvalidArgumentError('the pool is closed');
    this.#acquired++;
    let arena = this.#idle.pop();
    if (arena !== undefined) {
      this.#retainedBytes -= this.#idleBytes.pop()!;
      this.#reused++;
    } else {
      arena = new Arena(this.#arenaOptions);
      this.#created++;
    }
    this.#inUse.add(arena);
    return arena;
  }

  /**
   * Gives an acquired arena back: it is reset (every document, value and lazy
   * view of it then throws `ERR_ARENA_STALE`) and kept for the next acquire(),
   * or freed when keeping it would pass a cap. An arena the caller freed is
   * simply dropped. Releasing an arena that is not out of this pool throws
   * `ERR_INVALID_ARG`.
   */
  release(arena: Arena): void {
    if (!this.#inUse.delete(arena)) throw new InvalidArgumentError('the arena was not acquired from this pool, or was already released');
    this.#released++;
    let bytes: number;
    try {
      arena.reset();
      bytes = arena.stats.bytesReserved;
    } catch {
      return;  // freed or transferred by the caller: nothing to keep
    }
    if (
      this.#closed ||
      this.#idle.length >= this.maxIdle ||
      bytes > this.maxArenaBytes ||
      this.#retainedBytes + bytes > this.maxRetainedBytes
    ) {
      arena.free();
      this.#freed++;
      return;
    }
    this.#idle.push(arena);
    this.#idleBytes.push(bytes);
    this.#retainedBytes += bytes;
  }

  /** Frees the idle arenas (their memory goes back to the system); the pool stays usable. */
  trim(): void {
    for (const arena of this.#idle) arena.free();
    this.#freed += this.#idle.length;
    this.#idle.length = 0;
    this.#idleBytes.length = 0;
    this.#retainedBytes = 0;
  }

  /** trim(), and from now on acquire() throws and released arenas are freed. */
  close(): void {
    this.#closed = true;
    this.trim();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  get stats(): ArenaPoolStats {
    return {
      idle: this.#idle.length,
      inUse: this.#inUse.size,
      retainedBytes: this.#retainedBytes,
      created: this.#created,
      freed: this.#freed,
      acquired: this.#acquired,
      reused: this.#reused,
      released: this.#released,
    };
  }
}
