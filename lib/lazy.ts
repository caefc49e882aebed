// The lazy view: a read-only Proxy that reads like the JSON.parse result of a
// document in an arena, and builds only the levels that are touched.
//
// Every array or object of the document that is reached gets one Proxy over a
// plain target: `[]` for an array (so Array.isArray sees through it), `{}` for
// an object. A view starts *lazy*: its target is empty and its handler has
// read traps. A property read (`get`, or `in` for a string key) on a lazy view
// asks the arena for just that member or element (native/read/lazy_lookup.h): a
// scalar comes back as its JS value, a nested container as a child view that
// the view keeps (in `kids`, by handle), so `view.a === view.a` and the
// expansion below hands out the same child. A key that is not an own
// property reads from the empty target, that is from Object.prototype or
// Array.prototype, as it would on the JSON.parse result. Everything else
// (ownKeys, descriptors, symbols, array `length`...) *expands* the view: the
// arena writes the level's shallow text (scalars as source text, nested
// containers as `[code]` references, small ones with their content inlined;
// native/read/shallow.h), V8's own JSON.parse reads it, and the target is filled with the level's values,
// each nested container becoming a child view. Because V8 parses that text,
// key order, duplicate keys, `__proto__` keys, numbers and strings are
// JSON.parse's by construction. Then the handler drops its read traps, so
// later reads (`in`, Object.keys, descriptors, for-in, spread, iteration) go
// straight to the target at native speed; only `get` stays trapped, to answer
// the view's own symbols. Children are made once, so `view.a === view.a`.
//
// Proxy invariants hold by construction: a trap reports the target as it is,
// or (a lazy `get`/`in`) a property the empty, extensible target does not
// have, which no invariant constrains (an array target's `length` is
// writable, and a lazy view expands for it).
// Write traps (set, defineProperty, deleteProperty, preventExtensions,
// setPrototypeOf to another prototype) answer false, which the engine turns
// into a TypeError in strict mode (always, for Object.defineProperty and
// friends). Targets stay extensible and their properties configurable, as
// JSON.parse makes them.
//
// Lifetime: every expanded view of a document shares one handler prototype,
// `root.traps`. When the arena's generation ends (reset(), free(), or
// release() of a parseLazy view) read traps that throw the arena's error are
// installed there, so every view of the document dies at once.
//
// util.inspect does not go through traps: it looks at the Proxy's target. A
// lazy target carries a util.inspect.custom hook (removed on expansion) that
// expands the view and hands inspect the filled target, so inspect prints
// exactly what it prints for the JSON.parse result. One exception: Node takes
// a Proxy whose target has `target[0] === null` for a revoked one and prints
// `<Revoked Proxy>` before looking for the hook. A level whose `[0]` is null
// is therefore kept *mirrored*: its target stays empty (with the hook) and
// traps read a separate plain copy, `node.data`.
import { inspect } from 'node:util';
import type { Arena } from './arena';
import type { Handle, NativeArena } from './binding';
import { builtinParse } from './builtin-json';
import type { Value } from './doc';
import { ArenaError, InvalidArgumentError } from './errors';
import { nativeOf, valueSymbol } from './handles';
import type { ReadMode } from './options';

/** `view[valueKey]` is the view's arena `Value` (for native serialization). */
export const valueKey = valueSymbol;
/** `view[freeKey]()` frees the arena of a `parseLazy` view early (like `release(view)`). */
export const freeKey: unique symbol = Symbol.for('arenajson.free') as any;
// The handler behind a view; never an own property, not reachable by users.
const nodeKey = Symbol('arenajson.lazyNode');
const inspectKey = inspect.custom;

const handleRadix = 4294967296;
// Nested levels whose source is at most this long come with their parent's expansion.
const inlineBytes = 4096;

/** A level's child reference: [node * 2 + isArray] or [code, content]. */
type Reference = [number, any?];

/** The handler of one view. Its prototype holds the traps: lazyTraps, then root.traps (or mirroredTraps). */
interface ViewNode {
  root: LazyRoot;
  handle: Handle;
  target: any;
  data: any;  // what reads see: the target, or a mirrored level's copy
  view: any;
  lazy: boolean;
  kids: Map<Handle, any> | undefined;  // children a lazy view handed out before its expansion
}

const writeTraps: ProxyHandler<any> = {
  // A write to the view fails. A write to an object that inherits from the view
  // (Object.assign({}, v) with a `__proto__` key makes one) lands on that object,
  // as it would with the JSON.parse result as prototype.
  set(this: ViewNode, _target: any, key: string | symbol, value: any, receiver: any): boolean {
    return receiver !== this.view && Reflect.set(this.data, key, value, receiver);
  },
  defineProperty: () => false,
  deleteProperty: () => false,
  preventExtensions: () => false,
  setPrototypeOf: (target, prototype) => prototype === Reflect.getPrototypeOf(target),
};

// An expanded view: reads go to the filled target; `get` also answers the view's symbols.
const expandedTraps: ProxyHandler<any> = Object.setPrototypeOf(
  {
    get(this: ViewNode, target: any, key: string | symbol): any {
      return typeof key === 'symbol' ? symbolRead(this, key) : target[key];
    },
  },
  writeTraps,
);

// What native lookup answers besides a node (native/read/lazy_lookup.h):
// -1, not an own property; -2 (any other negative), build the level to tell.
const lookupAbsent = -1;

// A lazy view: read one member natively when that says it all; else expand,
// then read what the view now reads (the target, or a mirrored copy).
const lazyTraps: ProxyHandler<any> = Object.setPrototypeOf(
  {
    get(this: ViewNode, target: any, key: string | symbol): any {
      if (typeof key === 'symbol') return symbolRead(this, key);
      if (this.lazy) {
        const code = lookupCode(this, key);
        if (code >= 0) return memberOf(this, code);
        if (code === lookupAbsent) return target[key];
        expand(this);
      }
      return this.data[key];
    },
    has(this: ViewNode, target: any, key: string | symbol): boolean {
      if (this.lazy && typeof key === 'string') {
        const code = lookupCode(this, key);
        if (code >= 0) return true;
        if (code === lookupAbsent) return key in target;
      }
      expand(this);
      return key in this.data;
    },
    ownKeys(this: ViewNode, _target: any): (string | symbol)[] {
      expand(this);
      return Reflect.ownKeys(this.data);
    },
    getOwnPropertyDescriptor(this: ViewNode, _target: any, key: string | symbol): PropertyDescriptor | undefined {
      expand(this);
      return Reflect.getOwnPropertyDescriptor(this.data, key);
    },
  },
  writeTraps,
);

// A mirrored view: reads go to node.data; the target stays empty (see above).
const mirroredTraps: ProxyHandler<any> = Object.setPrototypeOf(
  {
    get(this: ViewNode, _target: any, key: string | symbol): any {
      if (typeof key === 'symbol') return symbolRead(this, key);
      this.root.check(this.handle);
      return this.data[key];
    },
    has(this: ViewNode, _target: any, key: string | symbol): boolean {
      this.root.check(this.handle);
      return key in this.data;
    },
    ownKeys(this: ViewNode): (string | symbol)[] {
      this.root.check(this.handle);
      return Reflect.ownKeys(this.data);
    },
    getOwnPropertyDescriptor(this: ViewNode, _target: any, key: string | symbol): PropertyDescriptor | undefined {
      this.root.check(this.handle);
      return Reflect.getOwnPropertyDescriptor(this.data, key);
    },
  },
  writeTraps,
);

// Installed on root.traps when the document's generation ends.
function deadRead(this: ViewNode): never {
  return this.root.dead(this.handle);
}
function deadGet(this: ViewNode, _target: any, key: string | symbol): any {
  if (key === nodeKey || key === valueKey || key === freeKey) return symbolRead(this, key);
  return this.root.dead(this.handle);
}
const deadTraps: ProxyHandler<any> = { get: deadGet, has: deadRead, ownKeys: deadRead, getOwnPropertyDescriptor: deadRead };

// What all views of one document share.
class LazyRoot {
  readonly arena: Arena;
  readonly native: NativeArena;
  readonly generation: number;
  readonly base: number;  // the document part of the handles
  readonly owned: boolean;  // the arena was made by parseLazy for this document
  readonly mode: ReadMode;  // the read options (lib/options.ts)
  readonly valueAt: (handle: Handle) => Value;  // what view[valueKey] answers
  readonly traps: ProxyHandler<any> = Object.create(expandedTraps);
  released = false;

  constructor(arena: Arena, generation: number, handle: Handle, owned: boolean, mode: ReadMode, valueAt: (handle: Handle) => Value) {
    this.mode = mode;
    this.valueAt = valueAt;
    this.arena = arena;
    this.native = arena[nativeOf];
    this.generation = generation;
    this.base = Math.floor(handle / handleRadix) * handleRadix;
    this.owned = owned;
  }

  alive(): boolean {
    return this.arena.generation === this.generation;
  }

  check(handle: Handle): void {
    if (this.arena.generation !== this.generation) this.dead(handle);
  }

  kill(): void {
    Object.assign(this.traps, deadTraps);
  }

  /** Frees the arena parseLazy made (its memory kept as a spare); false when there is nothing (more) to free. */
  release(): boolean {
    if (!this.owned || this.released) return false;
    this.released = true;
    if (this.arena.generation === this.generation) this.arena.recycle();
    return true;
  }

  // Throws the error a native call with this generation gets (freed, stale, wrong thread).
  dead(handle: Handle): never {
    this.native.type(this.generation, handle);
    throw new ArenaError('ERR_ARENA_STALE', 'the arena was reset; this view is no longer valid');
  }
}

function makeView(traps: ProxyHandler<any>, root: LazyRoot, handle: Handle, target: any, lazy: boolean): any {
  const node: ViewNode = Object.create(traps);
  node.root = root;
  node.handle = handle;
  node.target = target;
  node.data = target;
  node.lazy = lazy;
  node.kids = undefined;
  return (node.view = new Proxy(target, node as ProxyHandler<any>));
}

function mirroredView(root: LazyRoot, handle: Handle, level: any): any {
  const target: any = Array.isArray(level) ? [] : {};
  target[inspectKey] = inspectHook;
  const view = makeView(mirroredTraps, root, handle, target, false);
  view[nodeKey].data = level;
  return view;
}

function lazyChild(root: LazyRoot, handle: Handle, isArray: boolean): any {
  const target: any = isArray ? [] : {};
  target[inspectKey] = inspectHook;
  return makeView(lazyTraps, root, handle, target, true);
}

// The node code of own property `key` of a lazy view (index * 8 + node type), or lookupAbsent / lookupDeclined.
function lookupCode(node: ViewNode, key: string): number {
  const root = node.root;
  return root.native.lookup(root.generation, node.handle, key, root.mode);
}

// The value of a member or element that lookup found: a scalar's JS value, or the (kept) child view.
function memberOf(node: ViewNode, code: number): any {
  const root = node.root;
  const type = code % 8;
  const handle = root.base + (code - type) / 8;
  if (type < 5) return root.native.toJS(root.generation, handle, root.mode);  // null, boolean, number, string
  let kids = node.kids;
  if (kids === undefined) kids = node.kids = new Map();
  let view = kids.get(handle);
  if (view === undefined) {
    view = lazyChild(root, handle, type === 5);
    kids.set(handle, view);
  }
  return view;
}

// The view for a reference of an expanded level (`["digits"]`: a BigInt under
// the bigint option); a child the view already handed out (`kids`) stays.
function child(root: LazyRoot, reference: Reference, kids?: Map<Handle, any>): any {
  const code = reference[0];
  if (typeof code === 'string') return BigInt(code);
  const isArray = code % 2 === 1;
  const handle = root.base + (isArray ? code - 1 : code) / 2;
  if (kids !== undefined) {
    const known = kids.get(handle);
    if (known !== undefined) return known;
  }
  if (reference.length < 2) return lazyChild(root, handle, isArray);
  const content = reference[1];
  resolveReferences(root, content);
  if (content[0] === null) return mirroredView(root, handle, content);
  return makeView(root.traps, root, handle, content, false);
}

// Replaces the references of a parsed level by views, in place.
function resolveReferences(root: LazyRoot, level: any, kids?: Map<Handle, any>): void {
  if (Array.isArray(level)) {
    for (let i = 0; i < level.length; i++) {
      const value = level[i];
      if (typeof value === 'object' && value !== null) level[i] = child(root, value, kids);
    }
    return;
  }
  const keys = Object.keys(level);
  for (let i = 0; i < keys.length; i++) {
    const value = level[keys[i]];
    if (typeof value === 'object' && value !== null) level[keys[i]] = child(root, value, kids);  // own: never the __proto__ setter
  }
}

// Fills the empty target of a lazy view with its parsed level.
function fill(root: LazyRoot, target: any, level: any, kids?: Map<Handle, any>): void {
  if (Array.isArray(level)) {
    for (let i = 0; i < level.length; i++) {
      const value = level[i];
      target[i] = typeof value === 'object' && value !== null ? child(root, value, kids) : value;
    }
    return;
  }
  const keys = Object.keys(level);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    let value = level[key];
    if (typeof value === 'object' && value !== null) value = child(root, value, kids);
    if (key === '__proto__') {
      Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
    } else {
      target[key] = value;
    }
  }
}

function expand(node: ViewNode): void {
  if (!node.lazy) return;
  const root = node.root;
  if (!root.alive()) root.dead(node.handle);
  const level = builtinParse(root.native.shallow(root.generation, node.handle, inlineBytes, root.mode)!);
  node.lazy = false;
  const kids = node.kids;
  node.kids = undefined;
  if (level[0] === null) {
    resolveReferences(root, level, kids);
    node.data = level;
    Object.setPrototypeOf(node, mirroredTraps);
    return;
  }
  const target = node.target;
  delete target[inspectKey];
  fill(root, target, level, kids);
  Object.setPrototypeOf(node, root.traps);
}

// Symbols are never own keys of a JSON value; a few are the view's own API.
function symbolRead(node: ViewNode, key: symbol): any {
  if (key === nodeKey) return node;
  if (key === valueKey) return node.root.valueAt(node.handle);
  if (key === freeKey) return freeView.bind(node.root);
  expand(node);
  return node.data[key];
}

function freeView(this: LazyRoot): boolean {
  return this.release();
}

// util.inspect.custom of a lazy target; `this` is the view.
function inspectHook(this: any): any {
  const node = this[nodeKey] as ViewNode;
  try {
    expand(node);
  } catch (error) {
    if (error instanceof ArenaError) return `[arenajson view: ${error.code}]`;
    throw error;
  }
  return node.data;
}

/** The view of the value `handle`: a Proxy for an array or object, the JS value of a scalar. */
export function lazyView(arena: Arena, generation: number, handle: Handle, owned: boolean, mode: ReadMode, valueAt: (handle: Handle) => Value): any {
  const native = arena[nativeOf];
  const type = native.type(generation, handle);
  if (type < 5) return native.toJS(generation, handle, mode);  // null, boolean, number, string
  const root = new LazyRoot(arena, generation, handle, owned, mode, valueAt);
  arena.generationEndHooks.push(() => root.kill());
  return lazyChild(root, handle, type === 5);
}

/** The node of a view, or undefined for anything else. */
function nodeOf(view: unknown): ViewNode | undefined {
  if (typeof view !== 'object' || view === null) return undefined;
  const node = (view as any)[nodeKey];
  return typeof node === 'object' && node !== null && node.root instanceof LazyRoot ? node : undefined;
}

/** Whether `value` is a lazy view. */
export function isLazy(value: unknown): boolean {
  return nodeOf(value) !== undefined;
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
  const root = node.root;
  if (!root.alive()) root.dead(node.handle);
  return root.native.toJS(root.generation, node.handle, root.mode) as T;
}
