// Turning a JS value into what the native builder stores: its JSON text, as
// JSON.stringify would write it in place (toJSON with the member's key,
// undefined/functions/symbols as undefined, NaN and Infinity as null, -0 as 0).
import { builtinStringify } from './builtin-json';

/** The last key of an sjson path ('a.b\\.c' → 'b.c'; a leading ':' is dropped). */
export function lastKeyOf(path: string): string {
  let key = '';
  let start = 0;
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '.') start = i + 1;
  }
  let raw = path.slice(start);
  if (raw.startsWith(':')) raw = raw.slice(1);
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '\\') i++;
    if (i < raw.length) key += raw[i];
  }
  return key;
}

/** JSON.stringify's text for `value` as the member `key` of an object, or undefined when it writes nothing. */
export function jsonTextFor(value: unknown, key: string): string | undefined {
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    // JSON.stringify hands the member's key to toJSON: serialize it as that member.
    const text = builtinStringify({ [key]: value });
    if (text.length === 2) return undefined;
    return text.slice(builtinStringify(key).length + 2, -1);
  }
  return builtinStringify(value);
}
