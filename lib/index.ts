export { parse, stringify } from './json';
export { get, getRaw } from './query';
export { Arena, type ArenaOptions, type ArenaToken } from './arena';
export { metrics, type Metrics } from './metrics';
export { Doc, Value, type ValueType, type StringifyOptions } from './doc';
export { valueSymbol, arenaValueOf, registerView } from './doc';
export { parseLazy, release, materialize, isLazy } from './lazy';
export type { ArenaStats } from './binding';
export { ArenaError, InvalidArgumentError, JsonSyntaxError } from './errors';
import { binding } from './binding';

/** simdjson's active kernel on this CPU ('icelake', 'haswell', 'westmere', 'fallback', ...). */
export const implementation: string = binding.implementation;
