// The drop-in replacements for JSON.parse and JSON.stringify.
import { binding } from './binding';
import { arenaValueOf } from './doc';
import { decodeUtf8, syntaxError } from './input';
import { gapOf, serialize } from './serialize';

type Reviver = (this: any, key: string, value: any) => any;

// V8 aborts the process when JSON.parse builds an array of this many elements.
const v8ArrayLimit = 134217725;
// Below this many UTF-16 units no array can reach the limit ("0," per element).
const hugeInput = 2 * v8ArrayLimit;

/**
 * Parses JSON exactly as `JSON.parse` does. A Buffer or Uint8Array is read as
 * `JSON.parse(buf.toString('utf8'))` would read it. Input that JSON.parse
 * rejects throws a SyntaxError with `code: 'ERR_JSON_SYNTAX'` and `position`.
 */
export function parse(text: string | Uint8Array, reviver?: Reviver): any {
  // Anything else is converted once, by ToString, as JSON.parse converts it (a Symbol throws its TypeError).
  const source = typeof text === 'string' ? text : text instanceof Uint8Array ? decodeUtf8(text) : `${text as unknown as string}`;
  if (source.length > hugeInput) guardHugeArrays(source);
  try {
    return JSON.parse(source, reviver);
  } catch (error) {
    throw parseFailure(error, text, source, reviver);
  }
}

// A SyntaxError from the parse itself becomes our typed SyntaxError; anything a
// reviver throws passes through untouched.
function parseFailure(error: unknown, input: unknown, source: string, reviver?: Reviver): unknown {
  if (!(error instanceof SyntaxError)) return error;
  if (reviver !== undefined) {
    try {
      JSON.parse(source);
      return error;  // the text parses: the reviver threw it
    } catch {
      // the text itself is invalid
    }
  }
  return syntaxError(input instanceof Uint8Array ? input : source, error);
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

type Replacer = ((this: any, key: string, value: any) => any) | (string | number)[] | null;

/**
 * `JSON.stringify`, exactly. An arena value (Value, Doc, built object or lazy
 * view) is written from native memory unless a replacer asks to see every
 * value; plain JS values go to V8's own serializer, which reads them fastest.
 */
export function stringify(value: any, replacer?: Replacer, space?: string | number): string | undefined {
  if (typeof value === 'object' && value !== null && typeof replacer !== 'function' && !Array.isArray(replacer)) {
    const arenaValue = arenaValueOf(value);
    if (arenaValue !== undefined) return serialize(arenaValue, gapOf(space));
  }
  return JSON.stringify(value, replacer as any, space);
}
