// The read options: exact big integers (`bigint`) and prototype-poisoning
// protection (`proto`). They are checked once here and travel to native code
// as one small number, the read mode.
//
// The read mode's layout (native/read/read_plan.h, read_mode_layout, is the same):
// each option is a 2-bit field holding the index of its value in the lists
// below (0, every field's first value, is JSON.parse); bigint is bits 0-1,
// proto bits 2-3, and bits 4-7 are free for further options. A mode is below
// readModeLimit (2^8); whatever travels packed with one (toJS's tape flags,
// doc.get's path ticket) sits above it, so a new option collides with nothing.
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

const fieldMask = 3;
const bigintShift = 0;
const protoShift = 2;
/** Bits a read mode may use; every mode is below readModeLimit. */
export const readModeBits = 8;
export const readModeLimit = 2 ** readModeBits;

/** The read mode of the options' value indexes (bigint, proto). */
export function packReadMode(bigint: number, proto: number): ReadMode {
  return (bigint << bigintShift) | (proto << protoShift);
}

/** The index in ['never', 'unsafe', 'always'] of the mode's bigint option. */
export function bigintOf(mode: ReadMode): number {
  return (mode >>> bigintShift) & fieldMask;
}

/** The index in ['keep', 'remove', 'error'] of the mode's proto option. */
export function protoOf(mode: ReadMode): number {
  return (mode >>> protoShift) & fieldMask;
}

/** `ticket` and `mode` in one exact double (doc.get by arena id; tickets stay below 2^(53 - readModeBits)). */
export function packTicketAndMode(ticket: number, mode: ReadMode): number {
  return ticket * readModeLimit + mode;
}

/** The read mode of `options` (0 when undefined). */
export function readModeOf(options: ReadOptions | undefined, inherited: ReadMode = 0): ReadMode {
  if (options === undefined) return inherited;
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options must be an object');
  let bigint = bigintOf(inherited);
  let proto = protoOf(inherited);
  if (options.bigint !== undefined) {
    bigint = bigintModes.indexOf(options.bigint as string);
    if (bigint < 0) throw new InvalidArgumentError("bigint must be 'never', 'unsafe' or 'always'");
  }
  if (options.proto !== undefined) {
    proto = protoModes.indexOf(options.proto as string);
    if (proto < 0) throw new InvalidArgumentError("proto must be 'keep', 'remove' or 'error'");
  }
  return packReadMode(bigint, proto);
}

/** Whether the mode leaves poisoned keys out (`proto: 'remove'`). */
export function removesPoison(mode: ReadMode): boolean {
  return protoOf(mode) === protoModes.indexOf('remove');
}

/** Whether the mode rejects poisoned documents outright (`proto: 'error'`). */
export function rejectsPoison(mode: ReadMode): boolean {
  return protoOf(mode) === protoModes.indexOf('error');
}

/** The AbortSignal of an options object, checked. */
export function signalOf(options: { signal?: AbortSignal } | undefined): AbortSignal | undefined {
  const signal = options?.signal;
  if (signal === undefined) return undefined;
  if (!(signal instanceof AbortSignal)) throw new InvalidArgumentError('signal must be an AbortSignal');
  return signal;
}
