export { parse, stringify, type StringifyBigIntOptions } from './json';
export type { ReadOptions } from './options';
export { get, getRaw } from './query';
export { Arena, type ArenaOptions, type ArenaToken, type AsyncParseOptions } from './arena';
export { metrics, type Metrics } from './metrics';
export { Doc, Value, type ValueType, type StringifyOptions } from './doc';
export { valueSymbol, arenaValueOf, registerView } from './doc';
export { parseLazy, parseLazyAsync } from './lazy-parse';
export { release, materialize, isLazy } from './lazy';
export type { ArenaStats } from './binding';
export { ArenaError, InvalidArgumentError, JsonSyntaxError, AbortError, JsonProtoError } from './errors';
import { binding } from './binding';

/** simdjson's active kernel on this CPU ('icelake', 'haswell', 'westmere', 'fallback', ...). */
export const implementation: string = binding.implementation;
export type { LinesOptions, QueryOptions, LinesSource } from './stream';

// The streams (and node:fs/promises with them) load on first use, not with the package.
type Streams = typeof import('./stream');
let streams: Streams | undefined;
const streamsModule = (): Streams => (streams ??= require('./stream') as Streams);

/**
 * The documents of an NDJSON stream, in order, as Docs that live until the
 * iterator moves past their batch (see docs/api.md, lines()).
 */
export const lines: Streams['lines'] = function lines(source, options) {
  return streamsModule().lines(source, options);
};

/** The values at `paths` in each document of an NDJSON stream (see docs/api.md, query()). */
export const query: Streams['query'] = function query(source, paths, options) {
  return streamsModule().query(source, paths, options);
};
export { ArenaPool, type ArenaPoolOptions, type ArenaPoolStats } from './pool';
