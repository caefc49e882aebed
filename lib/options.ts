// The read options: exact big integers (`bigint`) and prototype-poisoning
// protection (`proto`). They are checked once here and travel to native code
// as one small number, the read mode (bigint + 4 * proto; 0 is JSON.parse).
import { InvalidArgumentError } from './errors';

export interface ReadOptions {
  /**
   * Which integer literals (digits only, no fraction or exponent) become a
   * BigInt: 'never' (default, as JSON.parse), 'unsafe' (those a double cannot
   * hold exactly: |n| > 2^53 - 1) or 'always' (every one; `-0` gives `0n`).
   */
  bigint?: 'never' | 'unsafe' | 'always';
  /**
   * `__proto__` keys, and `constructor` keys whose value is an object with a
   * `prototype` key: 'keep' (default, as JSON.parse), 'remove' (dropped) or
   * 'error' (throw ERR_JSON_PROTO naming the path).
   */
  proto?: 'keep' | 'remove' | 'error';
}

export type ReadMode = number;

const bigintModes = ['never', 'unsafe', 'always'];
const protoModes = ['keep', 'remove', 'error'];

/** The read mode of `options` (0 when undefined). */
export function readModeOf(options: ReadOptions | undefined, inherited: ReadMode = 0): ReadMode {
  if (options === undefined) return inherited;
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options must be an object');
  let bigint = inherited % 4;
  let proto = Math.floor(inherited / 4);
  if (options.bigint !== undefined) {
    bigint = bigintModes.indexOf(options.bigint as string);
    if (bigint < 0) throw new InvalidArgumentError("bigint must be 'never', 'unsafe' or 'always'");
  }
  if (options.proto !== undefined) {
    proto = protoModes.indexOf(options.proto as string);
    if (proto < 0) throw new InvalidArgumentError("proto must be 'keep', 'remove' or 'error'");
  }
  return bigint + 4 * proto;
}

/** Whether the mode rejects poisoned documents outright (`proto: 'error'`). */
export function rejectsPoison(mode: ReadMode): boolean {
  return Math.floor(mode / 4) === 2;
}

/** The AbortSignal of an options object, checked. */
export function signalOf(options: { signal?: AbortSignal } | undefined): AbortSignal | undefined {
  const signal = options?.signal;
  if (signal === undefined) return undefined;
  if (!(signal instanceof AbortSignal)) throw new InvalidArgumentError('signal must be an AbortSignal');
  return signal;
}
