// JSON Lines errors: the SyntaxError for a text whose lines are not each one
// JSON value, naming the first bad line (1-based) and its position in the input.
import { JsonSyntaxError } from './errors';
import { builtinParse } from './builtin-json';
import { decodeUtf8, syntaxError, type JsonInput } from './input';

export function linesSyntaxError(input: JsonInput): JsonSyntaxError {
  const text = typeof input === 'string' ? input : decodeUtf8(input);
  let offset = 0;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (line.trim() !== '') {
      try {
        builtinParse(line);
      } catch {
        const inner = syntaxError(line);
        const units = offset + inner.position;
        const position = typeof input === 'string' ? units : Buffer.byteLength(text.slice(0, units));
        return new JsonSyntaxError(`${inner.message} (JSON Lines, line ${n + 1})`, position);
      }
    }
    offset += line.length + 1;
  }
  return new JsonSyntaxError('Invalid JSON Lines input', 0);
}
