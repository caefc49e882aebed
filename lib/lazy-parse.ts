// parseLazy and parseLazyAsync: a document parsed into an arena of its own,
// handed out as a lazy view (lazy.ts) that frees the arena when it is gone.
import { Arena } from './arena';
import { binding, type Handle } from './binding';
import { valueMaker } from './doc';
import { nativeOf } from './handles';
import { checkInput, type JsonInput } from './input';
import { lazyView } from './lazy';
import { readModeOf, rejectsPoison, signalOf, type ReadMode, type ReadOptions } from './options';
import { noteSpareUse } from './spares';
import type { AsyncParseOptions } from './arena';

// parseLazy's arenas are freed when every view of the document is gone: the
// native arena's finalizer then gives its memory to the thread's spare pool
// (native/memory/arena_pool.h), from which the next parseLazy's arena starts. Node-API
// runs that finalizer during the garbage collection itself, so a loop that
// never yields to the event loop still gets warm memory back.
function lazyArena(input: JsonInput): Arena {
  noteSpareUse();
  return Arena.over(new binding.NativeArena(arenaSizeFor(input), 0, undefined, true));
}

// Gives up the arena of a parse that made no view (an error, or a scalar document).
function dropArena(arena: Arena): void {
  arena.recycle();
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
export function parseLazy<T = any>(input: JsonInput, options?: ReadOptions): T {
  checkInput(input);
  const mode = readModeOf(options);
  const arena = lazyArena(input);
  try {
    return rootView(arena, arena.parseHandle(input), mode);
  } catch (error) {
    dropArena(arena);
    throw error;
  }
}

// The view of a document parseLazy just parsed into its own arena; a scalar
// document is returned as its value and its arena dropped at once.
function rootView(arena: Arena, handle: Handle, mode: ReadMode): any {
  if (rejectsPoison(mode)) arena[nativeOf].poisoned(arena.generation, handle);
  const view = lazyView(arena, arena.generation, handle, true, mode, valueMaker(arena, arena.generation, mode));
  if (typeof view !== 'object' || view === null) dropArena(arena);
  return view;
}

/**
 * parseLazy() with the parse on the libuv thread pool (see arena.parseAsync):
 * the event loop keeps running while the document is parsed. Aborting the
 * signal rejects with an AbortError.
 */
export async function parseLazyAsync<T = any>(input: JsonInput, options?: AsyncParseOptions): Promise<T> {
  checkInput(input);
  const mode = readModeOf(options);
  const signal = signalOf(options);
  const arena = lazyArena(input);
  try {
    return rootView(arena, await arena.parseAsyncHandle(input, signal), mode);
  } catch (error) {
    dropArena(arena);
    throw error;
  }
}

