// The lazy view: a read-only Proxy that reads like the JSON.parse result of a
// document in an arena, and builds only the levels that are touched.
//
// Each array or object of the document that is reached gets one Proxy. On its
// first read the level is "expanded": the arena writes the level's shallow text
// (its scalars as source text, nested containers as `[code]` references, see
// native/shallow.h) and V8's own JSON.parse turns it into `data`, a plain
// object or array. Because V8 parses that text, the key order, duplicate keys,
// `__proto__` keys, numbers and strings are JSON.parse's by construction. A
// reference becomes a child view when it is first read and stays cached in the
// reference array (`[code, view]`), so `view.a === view.a`.
//
// Proxy invariants: the target is an empty, extensible `{}` or `[]` (so
// Array.isArray sees through it), holding only a configurable symbol property
// for util.inspect. Own properties are reported as JSON.parse's are
// (writable, enumerable, configurable data properties; an array's `length`
// non-configurable, as on the array target); every write trap answers false,
// which the engine turns into a TypeError in strict mode (and always for
// Object.defineProperty, Object.setPrototypeOf and Object.preventExtensions).
//
// util.inspect does not go through the traps: it looks at the Proxy's target.
// The target's util.inspect.custom hook returns a one-level plain copy whose
// nested values are child views, so inspect prints exactly what it prints for
// the JSON.parse result, depth limits included.
import { inspect } from 'node:util';
import { Arena, nativeOf } from './arena';
import type { Handle, NativeArena } from './binding';
import { Value } from './doc';
import { ArenaError, InvalidArgumentError } from './errors';
import { checkInput, type JsonInput } from './input';

/** `view[valueKey]` is the view's arena `Value` (for native serialization). */
export const valueKey: unique symbol = Symbol.for('arenajson.value') as any;
/** `view[freeKey]()` frees the arena of a `parseLazy` view early (like `release(view)`). */
export const freeKey: unique symbol = Symbol.for('arenajson.free') as any;
// The handler behind a view; never an own property, not reachable by users.
const nodeKey = Symbol('arenajson.lazyNode');

const handleRadix = 4294967296;
const hasOwn = Object.hasOwn;

/** A child reference in expanded data: [node * 2 + isArray] or, once read, [code, view]. */
type Reference = [number, any?];

// What all views of one document share.
class LazyRoot {
  readonly arena: Arena;
  readonly native: NativeArena;
  readonly generation: number;
  readonly base: number;  // the document part of the handles
  readonly owned: boolean;  // the arena was made by parseLazy for this document
  released = false;

  constructor(arena: Arena, generation: number, handle: Handle, owned: boolean) {
    this.arena = arena;
    this.native = arena[nativeOf];
    this.generation = generation;
    this.base = Math.floor(handle / handleRadix) * handleRadix;
    this.owned = owned;
  }

  /** Frees the arena parseLazy made; false when there is nothing (more) to free. */
  release(): boolean {
    if (!this.owned || this.released) return false;
    this.released = true;
    ownedArenas.unregister(this);
    this.arena.free();
    return true;
  }

  // Throws the error a native call with this generation gets (freed, stale, wrong thread).
  dead(handle: Handle): never {
    this.native.type(this.generation, handle);
    throw new ArenaError('ERR_ARENA_STALE', 'the arena was reset; this view is no longer valid');
  }
}

// parseLazy's arenas are freed when every view of the document is gone. The
// registry holds the native arena (not the view), so the callback can free it.
const ownedArenas = new FinalizationRegistry<NativeArena>((native) => {
  try {
    native.free();
  } catch {
    // already freed
  }
});

class LazyNode implements ProxyHandler<object> {
  readonly root: LazyRoot;
  readonly handle: Handle;
  readonly isArray: boolean;
  data: any = undefined;
  view: any = undefined;

  constructor(root: LazyRoot, handle: Handle, isArray: boolean) {
    this.root = root;
    this.handle = handle;
    this.isArray = isArray;
  }

  /** The one-level data: expanded on first use; checks that the view is still valid. */
  level(): any {
    const root = this.root;
    if (root.arena.generation !== root.generation) root.dead(this.handle);
    return this.data ?? this.expand();
  }

  expand(): any {
    const root = this.root;
    return (this.data = JSON.parse(root.native.shallow(root.generation, this.handle)!));
  }

  child(reference: Reference): any {
    const cached = reference[1];
    if (cached !== undefined) return cached;
    const code = reference[0];
    const isArray = code % 2 === 1;
    const node = new LazyNode(this.root, this.root.base + (code - (isArray ? 1 : 0)) / 2, isArray);
    return (reference[1] = node.makeView());
  }

  makeView(): any {
    const target: any = this.isArray ? [] : {};
    target[inspect.custom] = inspectView;
    return (this.view = new Proxy(target, this));
  }

  // A read of own key `key` of `data` (the caller knows it exists).
  read(data: any, key: string | number): any {
    const value = data[key];
    return typeof value === 'object' && value !== null ? this.child(value) : value;
  }

  // Symbols are never own keys of a JSON value; a few are the view's own API.
  symbol(key: symbol): any {
    if (key === nodeKey) return this;
    if (key === valueKey) return new Value(this.root.arena, this.root.generation, this.handle);
    if (key === freeKey) return freeView.bind(this.root);
    const data = this.level();
    return data[key];
  }

  get(_target: object, key: string | symbol): any {
    if (typeof key === 'symbol') return this.symbol(key);
    const data = this.level();
    const value = data[key];
    if (typeof value !== 'object' || value === null) return value;
    // An object in data is a reference when own; else it is inherited (`__proto__`).
    return hasOwn(data, key) ? this.child(value) : value;
  }

  has(_target: object, key: string | symbol): boolean {
    return key in this.level();
  }

  ownKeys(): (string | symbol)[] {
    return Reflect.ownKeys(this.level());
  }

  getOwnPropertyDescriptor(_target: object, key: string | symbol): PropertyDescriptor | undefined {
    const data = this.level();
    if (typeof key === 'symbol' || !hasOwn(data, key)) return undefined;
    if (this.isArray && key === 'length') return { value: data.length, writable: true, enumerable: false, configurable: false };
    return { value: this.read(data, key), writable: true, enumerable: true, configurable: true };
  }

  set(): boolean {
    return false;
  }

  defineProperty(): boolean {
    return false;
  }

  deleteProperty(): boolean {
    return false;
  }

  preventExtensions(): boolean {
    return false;
  }

  setPrototypeOf(target: object, prototype: object | null): boolean {
    return prototype === Reflect.getPrototypeOf(target);
  }

  /** A one-level plain copy (nested values stay views), for util.inspect. */
  mirror(): any {
    const data = this.level();
    if (this.isArray) {
      const out = new Array(data.length);
      for (let i = 0; i < data.length; i++) out[i] = this.read(data, i);
      return out;
    }
    const out = {};
    for (const key of Object.keys(data)) {
      Object.defineProperty(out, key, { value: this.read(data, key), writable: true, enumerable: true, configurable: true });
    }
    return out;
  }
}

function freeView(this: LazyRoot): boolean {
  return this.release();
}

// util.inspect.custom on every target; `this` is the view.
function inspectView(this: any): any {
  const node = this[nodeKey] as LazyNode;
  try {
    return node.mirror();
  } catch (error) {
    if (error instanceof ArenaError) return `[arenajson view: ${error.code}]`;
    throw error;
  }
}

/** The view of the value `handle`: a Proxy for an array or object, the JS value of a scalar. */
export function lazyView(arena: Arena, generation: number, handle: Handle, owned = false): any {
  const native = arena[nativeOf];
  const type = native.type(generation, handle);
  if (type < 5) return native.toJS(generation, handle);  // null, boolean, number, string
  const root = new LazyRoot(arena, generation, handle, owned);
  const view = new LazyNode(root, handle, type === 5).makeView();
  if (owned) ownedArenas.register(root, native, root);
  return view;
}

/** The node of a view, or undefined for anything else. */
function nodeOf(view: unknown): LazyNode | undefined {
  if (typeof view !== 'object' || view === null) return undefined;
  const node = (view as any)[nodeKey];
  return node instanceof LazyNode ? node : undefined;
}

/** Whether `value` is a lazy view. */
export function isLazy(value: unknown): boolean {
  return nodeOf(value) !== undefined;
}

// Enough for the text and the tape of a typical document in one or two chunks.
function arenaSizeFor(input: JsonInput): number {
  const bytes = typeof input === 'string' ? input.length * 3 : input.byteLength;
  return Math.min(Math.max(bytes + 4096, 64 * 1024), 1 << 30);
}

/**
 * Parses JSON into a private arena and returns a read-only view that reads like
 * `JSON.parse(text)` (for bytes, `JSON.parse(buf.toString('utf8'))`), building
 * only what is read. A scalar document is returned as its JS value. The arena
 * is freed when the view and every view reached from it are garbage-collected,
 * or early by `release(view)`. Invalid JSON throws JSON.parse's SyntaxError.
 */
export function parseLazy(input: JsonInput): any {
  checkInput(input);
  const arena = new Arena({ initialSize: arenaSizeFor(input) });
  let view: any;
  try {
    view = lazyView(arena, arena.generation, arena.parseHandle(input), true);
  } catch (error) {
    arena.free();
    throw error;
  }
  if (typeof view !== 'object' || view === null) arena.free();
  return view;
}

/**
 * Frees the arena behind a `parseLazy` view now; every view of that document
 * then throws `ERR_ARENA_FREED` on its next read. Returns false when there was
 * nothing to free: already released, or a view of an Arena you own (free or
 * reset that arena instead).
 */
export function release(view: unknown): boolean {
  const node = nodeOf(view);
  if (node === undefined) throw new InvalidArgumentError('release expects a lazy view');
  return node.root.release();
}

/** The plain JS value of a view (deep-equal to JSON.parse of its text); other values are returned as they are. */
export function materialize<T = any>(view: T): T {
  const node = nodeOf(view);
  if (node === undefined) return view;
  node.level();
  return node.root.native.toJS(node.root.generation, node.handle) as T;
}
