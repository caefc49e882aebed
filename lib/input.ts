// Turning user input into what the native parser takes, and turning a parse
// failure into the SyntaxError JSON.parse throws (V8's own error, plus the
// code and the position where the input stopped being JSON).
import { binding } from './binding';
import { builtinParse } from './builtin-json';
import { InvalidArgumentError, JsonSyntaxError, markSyntaxError } from './errors';
import { syntaxErrorIndex } from './position';

export type JsonInput = string | Uint8Array;

/** `buf.toString('utf8')` for any Uint8Array: invalid sequences become U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  // Past a few KB our transcoder beats V8's on non-ASCII text; invalid UTF-8
  // (undefined) is left to toString, whose U+FFFD replacement is the answer.
  if (bytes.byteLength >= nativeDecodeMinimum) {
    const text = binding.decodeUtf8(bytes);
    if (text !== undefined) return text;
  }
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.toString('utf8');
}

const nativeDecodeMinimum = 4096;

const loneSurrogate = /[\uD800-\uDFFF]/gu;

// True when the unit at `at` follows an odd run of backslashes (it is escaped).
function escapedAt(text: string, at: number): boolean {
  let run = 0;
  while (at - run > 0 && text.charCodeAt(at - run - 1) === 0x5c) run++;
  return run % 2 === 1;
}

/**
 * A string the native parser can take as UTF-8 with the same meaning: a lone
 * surrogate can only be valid JSON inside a string literal, where its `\uXXXX`
 * escape has the same value. After a backslash it is a bad escape, and stays
 * one as U+FFFD (the escape must not become `\\uXXXX`, which is valid).
 * Outside a literal the text is invalid either way.
 */
export function wellFormed(text: string): string {
  if (text.isWellFormed()) return text;
  return text.replace(loneSurrogate, (unit, at: number) =>
    escapedAt(text, at) ? '\uFFFD' : '\\u' + unit.charCodeAt(0).toString(16).padStart(4, '0'));
}

export function checkInput(input: unknown): asserts input is JsonInput {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new InvalidArgumentError('expected a string, Buffer or Uint8Array');
  }
}

const positionPattern = / at position (\d+)/;

/**
 * The SyntaxError for input that JSON.parse rejects: the one V8's JSON.parse
 * throws for its text (`cause`, when the caller has it, or a fresh one), with
 * `code` and a `position` counted in the input's units (UTF-16 code units for
 * a string, bytes for a Uint8Array). Its message is V8's, unchanged; for bytes
 * it is the message for their decoding, `buf.toString('utf8')`.
 */
export function syntaxError(input: JsonInput, cause?: unknown): JsonSyntaxError {
  const text = typeof input === 'string' ? input : decodeUtf8(input);
  let error = cause instanceof SyntaxError ? cause : undefined;
  if (error === undefined) {
    try {
      builtinParse(text);
    } catch (thrown) {
      if (thrown instanceof SyntaxError) error = thrown;
    }
  }
  // Text V8 accepts but the native parser did not (no such input is known).
  if (error === undefined) return new JsonSyntaxError('Invalid JSON', 0);
  const match = positionPattern.exec(error.message);
  let position: number;
  if (match) {
    position = inputOffset(input, text, Number(match[1]));
  } else if (error.message.startsWith('Unexpected end of JSON input')) {
    position = typeof input === 'string' ? input.length : input.byteLength;
  } else {
    position = inputOffset(input, text, Math.max(0, syntaxErrorIndex(text)));
  }
  return markSyntaxError(error, position);
}

// The offset in the input of unit `units` of its text.
function inputOffset(input: JsonInput, text: string, units: number): number {
  if (typeof input === 'string') return units;
  if (!text.includes('\uFFFD')) return Buffer.byteLength(text.slice(0, units));
  return byteOffsetOfUnit(input, units);
}

/**
 * The byte offset in `bytes` where unit `units` of their decoding starts,
 * decoding as `buf.toString('utf8')` does (WHATWG: each maximal invalid
 * subsequence is one U+FFFD).
 */
export function byteOffsetOfUnit(bytes: Uint8Array, units: number): number {
  let at = 0;
  let seen = 0;
  while (at < bytes.length && seen < units) {
    const lead = bytes[at];
    let need = -1;
    let lower = 0x80;
    let upper = 0xbf;
    if (lead < 0x80) need = 0;
    else if (lead >= 0xc2 && lead <= 0xdf) need = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      need = 2;
      if (lead === 0xe0) lower = 0xa0;
      if (lead === 0xed) upper = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      need = 3;
      if (lead === 0xf0) lower = 0x90;
      if (lead === 0xf4) upper = 0x8f;
    }
    let next = at + 1;
    let got = 0;
    while (got < need && next < bytes.length && bytes[next] >= lower && bytes[next] <= upper) {
      lower = 0x80;
      upper = 0xbf;
      next++;
      got++;
    }
    seen += got === 3 ? 2 : 1;
    at = next;
  }
  return at;
}
