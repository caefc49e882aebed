// The drop-in replacements for JSON.parse and JSON.stringify.
import { binding } from './binding';
import { arenaValueOf } from './doc';
import { decodeUtf8, syntaxError, wellFormed } from './input';
import { gapOf, serialize } from './serialize';
import { readModeOf, type ReadMode, type ReadOptions } from './options';
import { stringifyWithBigInts } from './bigint';
import { InvalidArgumentError, JsonSyntaxError } from './errors';
import { builtinParse, builtinStringify } from './builtin-json';
import { parseByTape, tapeMinBytes } from './value-tape';

// V8 aborts the process when JSON.parse builds an array of this many elements.
const v8ArrayLimit = 134217725;
// Below this many UTF-16 units no array can reach the limit ("0," per element).
const hugeInput = 2 * v8ArrayLimit;

/** JSON.parse's reviver. */
export type Reviver = (this: any, key: string, value: any) => any;

/**
 * Parses JSON exactly as `JSON.parse` does. A Buffer or Uint8Array is read as
 * `JSON.parse(buf.toString('utf8'))` would read it. Input that JSON.parse
 * rejects throws the SyntaxError JSON.parse throws, with `code:
 * 'ERR_JSON_SYNTAX'` and `position` set on it. Like JSON.parse it is not a
 * constructor and has no `prototype`; `length` is 2. The result type is
 * `any`, as JSON.parse's, unless named: `parse<Config>(text)`, or
 * `parse<unknown>(text)` to have it checked before use.
 */
export const parse = <T = any>(text: string | Uint8Array, reviver?: Reviver | ReadOptions): T => {
  // Anything but text or bytes is converted once, by ToString, as JSON.parse converts it (a Symbol throws its TypeError).
  if (typeof text !== 'string' && !(text instanceof Uint8Array)) text = `${text as unknown as string}`;
  // An options object where a reviver would go (JSON.parse ignores anything but a function there).
  let mode: ReadMode = 0;
  if (typeof reviver === 'object' && reviver !== null) {
    mode = readModeOf(reviver);
    reviver = undefined;
  }
  if (reviver === undefined && (typeof text === 'string' ? text.length : text.byteLength) >= tapeMinBytes) {
    const value = parseByTape(text, mode);
    if (value !== undefined) return value as T;
  }
  const source = typeof text === 'string' ? text : decodeUtf8(text);
  if (mode !== 0) return parseWithMode(text, source, mode);
  if (source.length > hugeInput) guardHugeArrays(source);
  try {
    return builtinParse(source, reviver as Reviver | undefined);
  } catch (error) {
    throw parseFailure(error, text, source, reviver as Reviver | undefined);
  }
};

// A SyntaxError from the parse itself gets its code and position; anything a
// reviver throws passes through untouched.
function parseFailure(error: unknown, input: unknown, source: string, reviver?: Reviver): unknown {
  if (!(error instanceof SyntaxError)) return error;
  if (reviver !== undefined) {
    try {
      builtinParse(source);
      return error;  // the text parses: the reviver threw it
    } catch {
      // the text itself is invalid
    }
  }
  return syntaxError(input instanceof Uint8Array ? input : source, error);
}

function parseWithMode(input: unknown, source: string, mode: number): any {
  try {
    return binding.parse(wellFormed(source), mode);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw syntaxError(input instanceof Uint8Array ? input : source);
    throw error;
  }
}

function guardHugeArrays(source: string): void {
  let largest = 0;
  try {
    largest = binding.validate(source).largestArray;
  } catch {
    return;  // invalid: JSON.parse reports it
  }
  if (largest > v8ArrayLimit) throw new RangeError(`array of ${largest} elements is longer than V8 can hold`);
}

/** JSON.stringify's replacer: a function, or the allowlist of keys. */
export type Replacer = ((this: any, key: string, value: any) => any) | (string | number)[] | null;

/**
 * `JSON.stringify`, exactly. An arena value (Value, Doc, built object or lazy
 * view) is written from native memory unless a replacer asks to see every
 * value; plain JS values go to V8's own serializer, which reads them fastest.
 * The fourth argument, `{ bigint: true }`, writes BigInts as integers. Like
 * JSON.stringify it is not a constructor and has no `prototype`; `length` is 3.
 */
export const stringify = (
  value: any,
  replacer?: Replacer,
  space?: string | number,
  options: StringifyBigIntOptions | undefined = undefined,
): string | undefined => {
  const bigint = bigintOption(options);
  if (typeof value === 'object' && value !== null && typeof replacer !== 'function' && !Array.isArray(replacer)) {
    const arenaValue = arenaValueOf(value);
    if (arenaValue !== undefined) return serialize(arenaValue, gapOf(space), bigint);
  }
  if (bigint) return stringifyWithBigInts(value, replacer, space);
  return builtinStringify(value, replacer as any, space);
};

export interface StringifyBigIntOptions {
  /**
   * Write BigInts as plain JSON integers (JSON.stringify throws a TypeError on
   * them), and arena values' integer literals as written: the round trip of
   * the `bigint` read option.
   */
  bigint?: boolean;
}

function bigintOption(options: StringifyBigIntOptions | undefined): boolean {
  if (options === undefined) return false;
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options must be an object');
  if (options.bigint !== undefined && typeof options.bigint !== 'boolean') throw new InvalidArgumentError('bigint must be a boolean');
  return options.bigint === true;
}
