// One-shot queries: parse, evaluate one path, convert, and forget.
import { binding } from './binding';
import { InvalidArgumentError, InvalidUtf8Signal, JsonSyntaxError } from './errors';
import { checkInput, decodeUtf8, syntaxError, wellFormed, type JsonInput } from './input';
import { linesSyntaxError } from './lines';
import { readModeOf, type ReadOptions } from './options';

function run<T>(query: (json: JsonInput, path: string) => T, json: JsonInput, path: string): T {
  checkInput(json);
  if (typeof path !== 'string') throw new InvalidArgumentError('path must be a string');
  try {
    try {
      return query(typeof json === 'string' ? wellFormed(json) : json, path);
    } catch (error) {
      if (error instanceof InvalidUtf8Signal) return query(decodeUtf8(json as Uint8Array), path);
      throw error;
    }
  } catch (error) {
    // Positions count the caller's units (bytes for a Buffer), even after a retry on decoded text.
    if (error instanceof JsonSyntaxError) throw path.startsWith('..') ? linesSyntaxError(json) : syntaxError(json);
    throw error;
  }
}

/**
 * The value at `path` (gjson syntax) in `json`, or undefined when there is
 * none, converted under the read options (`bigint`, `proto`) as `doc.get`
 * converts it; `get<T>` names its type.
 */
export function get<T = any>(json: JsonInput, path: string, options?: ReadOptions): T | undefined {
  const mode = readModeOf(options);
  if (mode === 0) return run(binding.get, json, path) as T | undefined;
  return run((input, p) => binding.get(input, p, mode), json, path) as T | undefined;
}

/** The JSON text of the value at `path` in `json`, or undefined. */
export function getRaw(json: JsonInput, path: string): string | undefined {
  return run(binding.getRaw, json, path);
}
