// Writing BigInts as plain JSON integers. JSON.stringify throws a TypeError
// on a BigInt; with the bigint option each BigInt is written as a tagged
// string first (a tag no JSON text of ours contains: private-use characters
// around 64 random bits, fixed per process) and the tagged strings are then
// replaced by their digits.
import { builtinStringify } from './builtin-json';

type Replacer = ((this: any, key: string, value: any) => any) | (string | number)[] | null | undefined;

// Made on first use: node:crypto is loaded only by a process that needs it.
let tag = '';
let tagged: RegExp;

function makeTag(): void {
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  tag = '\uE000' + randomBytes(8).toString('hex') + '\uE001';
  tagged = new RegExp(`"${tag}(-?\\d+)"`, 'g');
}

/**
 * JSON.stringify(value, replacer, space), with every BigInt written as its
 * decimal digits. A replacer function sees BigInts as they are; without one
 * (or with an allowlist array) BigInts are written through a toJSON that
 * exists only for the duration of the call, unless BigInt.prototype already
 * has its own toJSON, which then wins as it does for JSON.stringify.
 */
export function stringifyWithBigInts(value: unknown, replacer: Replacer, space?: string | number): string | undefined {
  let used = false;
  let text: string | undefined;
  if (tag === '') makeTag();
  if (typeof replacer === 'function') {
    text = builtinStringify(
      value,
      function (this: any, key: string, item: any) {
        const replaced = replacer.call(this, key, item);
        if (typeof replaced !== 'bigint') return replaced;
        used = true;
        return tag + replaced.toString();
      },
      space,
    );
  } else if (Object.prototype.hasOwnProperty.call(BigInt.prototype, 'toJSON')) {
    text = builtinStringify(value, replacer as any, space);
  } else {
    Object.defineProperty(BigInt.prototype, 'toJSON', {
      value(this: bigint) {
        used = true;
        return tag + this.toString();
      },
      configurable: true,
      writable: true,
    });
    try {
      text = builtinStringify(value, replacer as any, space);
    } finally {
      delete (BigInt.prototype as any).toJSON;
    }
  }
  return used && text !== undefined ? text.replace(tagged, '$1') : text;
}

/** What the builder stores for `value` as member `key`, BigInts written as integers (see build.ts jsonTextFor). */
export function jsonTextWithBigInts(value: unknown, key: string): string | undefined {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || value === null) return builtinStringify(value);
  const text = stringifyWithBigInts({ [key]: value }, null);
  if (text === undefined || text.length === 2) return undefined;
  return text.slice(builtinStringify(key).length + 2, -1);
}
