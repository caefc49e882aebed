// Documents and values: small handles ({arena, generation, handle}) onto data
// that stays in the arena until it is read.
import type { Arena } from './arena';
import { arenaIdOf, nativeOf, valueSymbol } from './handles';
import { binding, type Handle, type NativeArena } from './binding';
import { ArenaError, arenaError, InvalidArgumentError } from './errors';
import { orderKeys } from './keys';
import { jsonTextFor, lastKeyOf } from './build';
import { dropsKeys, gapOf, serialize, serializeToBuffer } from './serialize';
import { isProxy } from 'node:util/types';
import { lazyView } from './lazy';
import { bigintOf, packTicketAndMode, readModeOf, rejectsPoison, type ReadMode, type ReadOptions } from './options';
import { jsonTextWithBigInts } from './bigint';
import { pathIdOf } from './pathid';
import { toJSByTape } from './value-tape';

export type ValueType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

const read = binding.read;
const queryById = binding.queryById;
const setValueById = binding.setValueById;

const typeNames: readonly ValueType[] = ['null', 'boolean', 'boolean', 'number', 'string', 'array', 'object'];

function checkPath(path: unknown): asserts path is string {
  if (typeof path !== 'string') throw new InvalidArgumentError('path must be a string');
}

export interface StringifyOptions {
  space?: string | number;
  /**
   * Write integer literals as they are in the source (`-0` as `0`), which is
   * what the BigInts of the `bigint` read option serialize to. Defaults to
   * true when the value was read with a `bigint` option other than 'never'.
   */
  bigint?: boolean;
}

function integersOption(options: StringifyOptions | undefined, mode: ReadMode): boolean {
  const bigint = options?.bigint;
  if (bigint === undefined) return bigintOf(mode) !== 0;
  if (typeof bigint !== 'boolean') throw new InvalidArgumentError('bigint must be a boolean');
  return bigint;
}

function gapOption(options: StringifyOptions | undefined): string {
  if (options === undefined) return '';
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options must be an object');
  return gapOf(options.space);
}

/**
 * `value[valueSymbol]` is the arena Value behind an arena value or a lazy view
 * of one (`Symbol.for('arenajson.value')`, so any copy of the library sees it).
 * A lazy view answers it from its proxy, and should also call registerView so
 * that stringify() finds it without touching the proxy.
 */
export { valueSymbol };

const views = new WeakMap<object, Value>();

/** Records that `view` (a lazy view) shows `value`. */
export function registerView(view: object, value: Value): void {
  views.set(view, value);
}

/** A value inside an arena document. Nothing is converted to JS until asked. */
export class Value {
  /** @internal */
  readonly arena: Arena;
  /** @internal */
  readonly generation: number;
  /** @internal */
  readonly handle: Handle;
  /** @internal The read options (lib/options.ts) values reached from this one inherit. */
  readonly mode: ReadMode;

  /** @internal */
  constructor(arena: Arena, generation: number, handle: Handle, mode: ReadMode = 0) {
    this.arena = arena;
    this.generation = generation;
    this.handle = handle;
    this.mode = mode;
  }

  /** @internal */
  get native(): NativeArena {
    const native = this.arena[nativeOf];
    // A Doc or Value that was posted to another thread arrives as plain data.
    if (native === undefined) throw arenaError('ERR_ARENA_WRONG_THREAD', 'the arena is owned by another thread');
    return native;
  }

  get type(): ValueType {
    return typeNames[this.native.type(this.generation, this.handle)];
  }

  /** The value at `path` (gjson syntax) as a JS value, or undefined. `options` override the document's read options. */
  get<T = any>(path: string, options?: ReadOptions): T | undefined {
    // The hot path: native checks the path (a non-string throws ERR_INVALID_ARG
    // there). read() names the arena by its id, which spares the native side
    // finding the NativeArena behind `this` (napi_unwrap); the ticket and the
    // read mode (0..10) travel as one number.
    const arena = this.arena;
    const native = this.native;
    const id = arena[arenaIdOf];
    const ticket = pathIdOf(native, path);
    const mode = readModeOf(options, this.mode);
    if (id !== 0) return read(id, this.generation, this.handle, packTicketAndMode(ticket, mode), path) as T | undefined;
    return native.getCompiled(this.generation, this.handle, ticket, path, mode) as T | undefined;
  }

  /** The JSON text of the value at `path`, or undefined. */
  getRaw(path: string): string | undefined {
    checkPath(path);
    return this.native.getRaw(this.generation, this.handle, path);
  }

  /** A handle to the value at `path`, or undefined; nothing is materialized. */
  query(path: string): Value | undefined {
    checkPath(path);
    // As get(): the arena by its id, the path by its ticket.
    const arena = this.arena;
    const native = this.native;
    const id = arena[arenaIdOf];
    const handle =
      id !== 0
        ? queryById(id, this.generation, this.handle, pathIdOf(native, path), path)
        : native.query(this.generation, this.handle, path);
    return handle < 0 ? undefined : new Value(arena, this.generation, handle, this.mode);
  }

  /** The value as JS, deep-equal to JSON.parse of its text (under the read options: see ReadOptions). */
  toJS<T = any>(options?: ReadOptions): T {
    const mode = readModeOf(options, this.mode);
    if (mode === 0) return toJSByTape(this.native, this.generation, this.handle) as T;
    return this.native.toJS(this.generation, this.handle, mode) as T;
  }

  /**
   * A read-only view that reads like JSON.parse of this value's text, built
   * only as far as it is read (a scalar is returned as its JS value). It dies
   * with the arena's generation: after reset() or free() it throws on the next read.
   */
  lazy<T = any>(options?: ReadOptions): T {
    const mode = readModeOf(options, this.mode);
    if (rejectsPoison(mode)) this.native.poisoned(this.generation, this.handle);
    return lazyView(this.arena, this.generation, this.handle, false, mode, valueMaker(this.arena, this.generation, mode));
  }

  /** The value's JSON text as it appears in the source (a built or edited container is written out, its untouched members as in the source). */
  raw(): string {
    return this.native.raw(this.generation, this.handle);
  }

  /** JSON.stringify(this.toJS(), null, space), written from native memory. */
  stringify(options?: StringifyOptions): string {
    return serialize(this, gapOption(options), integersOption(options, this.mode));
  }

  /** The UTF-8 bytes of stringify(options). */
  toBuffer(options?: StringifyOptions): Buffer {
    return serializeToBuffer(this, gapOption(options), integersOption(options, this.mode));
  }

  /** What JSON.stringify uses for a Value nested in plain JS data: its JS form. */
  toJSON(): any {
    return this.toJS();
  }

  /** True for a Value or Doc (not for a lazy view; see arenaValueOf). */
  static isValue(x: object): x is Value {
    return #brand in x;
  }

  #brand = true;

  /** Elements of an array, distinct keys of an object, 0 otherwise. */
  get length(): number {
    const type = this.type;
    if (type === 'array') return this.native.length(this.generation, this.handle);
    if (type === 'object') return this.keys().length;
    return 0;
  }

  /** The keys of an object in the order Object.keys(JSON.parse(text)) gives; [] otherwise. */
  keys(): string[] {
    return orderKeys(this.native.keys(this.generation, this.handle));
  }

  /** [key, Value] pairs of an object (JSON.parse's order and duplicate rule), or [index, Value] of an array. */
  *entries(): IterableIterator<[string | number, Value]> {
    const native = this.native;
    const children = native.children(this.generation, this.handle);
    if (this.type === 'array') {
      for (let i = 0; i < children.length; i++) yield [i, new Value(this.arena, this.generation, children[i], this.mode)];
      return;
    }
    const names = native.keys(this.generation, this.handle);
    const last = new Map<string, Handle>();
    for (let i = 0; i < names.length; i++) last.set(names[i], children[i]);
    for (const key of orderKeys(names)) yield [key, new Value(this.arena, this.generation, last.get(key)!, this.mode)];
  }

  /** Arrays yield their elements as Values; objects yield [key, Value] pairs. */
  *[Symbol.iterator](): IterableIterator<Value | [string, Value]> {
    if (this.type === 'array') {
      for (const [, value] of this.entries()) yield value;
      return;
    }
    yield* this.entries() as IterableIterator<[string, Value]>;
  }
}

/** A parsed document: its root value plus document-wide operations. */
export class Doc extends Value {
  get root(): Value {
    return new Value(this.arena, this.generation, this.handle, this.mode);
  }

  /**
   * Sets `value` at `path` (sjson rules: missing objects are created, `-1`
   * appends to an array, an existing key keeps its place). A Value or Doc of
   * the same arena is referenced, not copied (one read with `proto: 'remove'`
   * that holds dropped keys is stored as it reads); any other value is stored as
   * JSON.stringify would write it (with `{ bigint: true }`, BigInts are
   * written as plain integers instead of throwing JSON.stringify's TypeError).
   */
  set(path: string, value: unknown, options?: { bigint?: boolean }): this {
    checkPath(path);
    const arenaValue = arenaValueOf(value);
    if (arenaValue !== undefined) {
      if (arenaValue.arena !== this.arena) throw new ArenaError('ERR_ARENA_FOREIGN', 'the value belongs to another arena');
      if (dropsKeys(arenaValue)) {
        // A reference would bring back the keys proto 'remove' dropped: store
        // the value as it reads, not its source.
        this.native.setJson(this.generation, this.handle, path, serialize(arenaValue, ''));
        return this;
      }
      const native = this.native;
      const id = this.arena[arenaIdOf];
      if (id !== 0) setValueById(id, this.generation, this.handle, path, arenaValue.generation, arenaValue.handle);
      else native.setValue(this.generation, this.handle, path, arenaValue.generation, arenaValue.handle);
    } else {
      const text = options?.bigint === true ? jsonTextWithBigInts(value, lastKeyOf(path)) : jsonTextFor(value, lastKeyOf(path));
      this.native.setJson(this.generation, this.handle, path, text);
    }
    return this;
  }

  /** Deletes the value at `path`; true when there was one. */
  delete(path: string): boolean {
    checkPath(path);
    return this.native.remove(this.generation, this.handle, path);
  }
}

Object.defineProperty(Value.prototype, valueSymbol, {
  get(this: Value) {
    return this;
  },
});

/** Makes the Values a lazy view hands out for `view[valueSymbol]` (with the view's read mode). */
export function valueMaker(arena: Arena, generation: number, mode: ReadMode): (handle: Handle) => Value {
  return (handle) => new Value(arena, generation, handle, mode);
}

/** The arena Value behind `x` (a Value, a Doc or a lazy view), or undefined. */
export function arenaValueOf(x: unknown): Value | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  if (Value.isValue(x)) return x;
  const view = views.get(x);
  if (view !== undefined) return view;
  if (!isProxy(x)) return undefined;
  try {
    const value = (x as Record<symbol, unknown>)[valueSymbol];
    return typeof value === 'object' && value !== null && Value.isValue(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
