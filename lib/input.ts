// Turning user input into what the native parser takes, and turning a parse
// failure into the SyntaxError JSON.parse would throw (V8's message, plus the
// position where the input stopped being JSON).
import { binding } from './binding';
import { InvalidArgumentError, JsonSyntaxError } from './errors';

export type JsonInput = string | Uint8Array;

/** `buf.toString('utf8')` for any Uint8Array: invalid sequences become U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.toString('utf8');
}

const loneSurrogate = /[\uD800-\uDFFF]/gu;

/**
 * A string the native parser can take as UTF-8 with the same meaning: a lone
 * surrogate can only be valid JSON inside a string literal, where its `\uXXXX`
 * escape has the same value. (Outside a literal the text is invalid either way.)
 */
export function wellFormed(text: string): string {
  if (text.isWellFormed()) return text;
  return text.replace(loneSurrogate, (unit) => '\\u' + unit.charCodeAt(0).toString(16).padStart(4, '0'));
}

export function checkInput(input: unknown): asserts input is JsonInput {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new InvalidArgumentError('expected a string, Buffer or Uint8Array');
  }
}

const positionPattern = / at position (\d+)/;

/**
 * The SyntaxError for input that JSON.parse rejects: V8's own message, and a
 * `position` counted in the input's units (UTF-16 code units for a string,
 * bytes for a Uint8Array).
 */
export function syntaxError(input: JsonInput, cause?: unknown): JsonSyntaxError {
  const text = typeof input === 'string' ? input : decodeUtf8(input);
  let message = cause instanceof SyntaxError ? cause.message : '';
  if (!message) {
    try {
      JSON.parse(text);
      message = 'Invalid JSON';
    } catch (error) {
      message = (error as Error).message;
    }
  }
  const match = positionPattern.exec(message);
  let position: number;
  if (match) {
    position = Number(match[1]);
    if (typeof input !== 'string') position = Buffer.byteLength(text.slice(0, position));
  } else if (message.startsWith('Unexpected end of JSON input')) {
    position = typeof input === 'string' ? input.length : input.byteLength;
  } else {
    position = nativePosition(input, text);
    message += ` (at position ${position})`;
  }
  return new JsonSyntaxError(message, position);
}

// Where the native validator stopped, in the input's units.
function nativePosition(input: JsonInput, text: string): number {
  try {
    binding.validate(typeof input === 'string' ? wellFormed(input) : input);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      if (typeof input !== 'string') return error.position;
      return Buffer.from(wellFormed(text)).subarray(0, error.position).toString('utf8').length;
    }
  }
  return 0;
}
