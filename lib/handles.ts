// The symbols by which the library's modules reach each other's internals.
// This module imports nothing, so arena.ts, doc.ts and lazy.ts can all depend
// on it and the imports between them run one way: arena → doc → lazy, with
// parseLazy (lazy-parse.ts) above all three.

/** An Arena's native object (binding.NativeArena). */
export const nativeOf = Symbol('arenajson.native');
/** The number binding.read() names the native arena by (0: none). */
export const arenaIdOf = Symbol('arenajson.arenaId');
/**
 * `value[valueSymbol]` is the arena Value behind an arena value or a lazy view
 * of one (`Symbol.for`, so any copy of the library sees it).
 */
export const valueSymbol: unique symbol = Symbol.for('arenajson.value') as any;
