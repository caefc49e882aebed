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
export { lines, query, type LinesOptions, type QueryOptions, type LinesSource } from './stream';
export { ArenaPool, type ArenaPoolOptions, type ArenaPoolStats } from './pool';
