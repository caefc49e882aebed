// A small seeded generator of JSON texts that stress what JSON.parse decides:
// key order (integer-like keys, canonical or not), duplicate keys, `__proto__`,
// -0 and extreme numbers, escapes, lone surrogates, non-ASCII, empty and
// nested containers. Texts are written by hand (not JSON.stringify) so that
// duplicates, odd spacing and number spellings survive.

import { prng as random } from './random-json.mjs';

/** A deterministic PRNG (mulberry32), shared with the writer's generators. */
export { random };

const keys = ['a', 'b', 'key', '__proto__', 'constructor', 'toString', 'length', '0', '1', '2', '10', '01', '-1', '4294967294',
  '4294967295', '1.5', '', ' ', 'é', '日本', '\\u0000', '\\"q\\"', 'x\\ny', '\\ud800', '\\ud83d\\ude00', 'hasOwnProperty', 'valueOf'];
const strings = ['', 'plain', 'é', '日本語', '\\n\\t\\\\', '\\u00e9', '\\ud800', '\\udc00x', '\\ud83d\\ude00', 'a\\/b', '\\"', 'emoji 😀', '\\u2028'];
const numbers = ['0', '-0', '1', '-1', '0.5', '-0.0', '1e400', '-1e400', '1e-400', '123456789012345678901234567890', '9007199254740993',
  '1.7976931348623157e308', '5e-324', '0.1', '1E2', '-2.5e-3', '4294967295', '100'];

/** A JSON text; `depth` bounds nesting, `width` the members of a container. */
export function randomJson(next, depth = 4, width = 6) {
  const pick = (list) => list[Math.floor(next() * list.length)];
  const space = () => (next() < 0.1 ? pick([' ', '\n', '\t', '\r\n  ']) : '');
  const value = (level) => {
    const roll = next();
    if (level < depth && roll < 0.3) return object(level + 1);
    if (level < depth && roll < 0.5) return array(level + 1);
    if (roll < 0.65) return `"${pick(strings)}"`;
    if (roll < 0.85) return next() < 0.5 ? pick(numbers) : String(Math.floor(next() * 2000000) - 1000000);
    return pick(['true', 'false', 'null']);
  };
  const object = (level) => {
    const count = Math.floor(next() * width);
    const members = [];
    for (let i = 0; i < count; i++) {
      const key = next() < 0.25 ? String(Math.floor(next() * 40)) : pick(keys);
      members.push(`${space()}"${key}"${space()}:${space()}${value(level)}${space()}`);
    }
    return `{${members.join(',')}}`;
  };
  const array = (level) => {
    const count = Math.floor(next() * width);
    const elements = [];
    for (let i = 0; i < count; i++) elements.push(`${space()}${value(level)}${space()}`);
    return `[${elements.join(',')}]`;
  };
  const roll = next();
  if (roll < 0.05) return value(depth);  // a scalar document
  return roll < 0.6 ? object(0) : array(0);
}
