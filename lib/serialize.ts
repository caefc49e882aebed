// Serializing arena values natively, with JSON.stringify's rules for `space`.
import { isNumberObject, isStringObject } from 'node:util/types';
import type { NativeArena, Handle } from './binding';
import { stringifyWithBigInts } from './bigint';
import { noteSpareUse } from './spares';
import { removesPoison } from './options';

/** The indent JSON.stringify derives from its `space` argument (at most 10 characters). */
export function gapOf(space: unknown): string {
  if (typeof space === 'object' && space !== null) {
    if (isNumberObject(space)) space = Number(space);
    else if (isStringObject(space)) space = String(space);
  }
  if (typeof space === 'number') {
    const width = Math.min(10, Math.trunc(space));
    return width >= 1 ? '          '.slice(0, width) : '';
  }
  if (typeof space === 'string') return space.length <= 10 ? space : space.slice(0, 10);
  return '';
}

// Native texts this long may hold spare-pool memory: at least 1 MiB of
// UTF-8 (external_text_bytes) is at least a third as many characters.
const externalTextChars = (1 << 20) / 3;

interface Serializable {
  readonly generation: number;
  readonly handle: Handle;
  readonly native: NativeArena;
  /** The read mode (lib/options.ts) of a parsed value; a built one has none. */
  readonly mode?: number;
  toJS(options?: { bigint?: 'always' }): unknown;
}

/**
 * Whether `value` was read with proto 'remove' and holds a key that option
 * drops: the native writer writes the source's members, so such a value is
 * written from its JS form, which is the rule for every serialization anyway.
 */
export function dropsKeys(value: Serializable): boolean {
  return value.mode !== undefined && removesPoison(value.mode) && value.native.poisoned(value.generation, value.handle, true);
}

/**
 * JSON.stringify(value.toJS(), null, gap), written from native memory.
 * `integers`: integer literals as written (what BigInts read with the bigint option write).
 */
export function serialize(value: Serializable, gap: string, integers = false): string {
  // A gap with a lone surrogate cannot travel as UTF-8; V8 writes that one.
  if (!gap.isWellFormed() || dropsKeys(value)) {
    return stringifyWithBigInts(value.toJS(integers ? { bigint: 'always' } : undefined), null, gap) as string;
  }
  return joinPieces(value.native.stringify(value.generation, value.handle, gap, integers));
}

/**
 * A long text comes from native code in pieces: concatenating them makes a
 * rope, as JSON.stringify's own result is, instead of one large string that
 * V8 would place (and fault in) page by page. A very long one comes as one
 * string whose characters are native memory from the spare pool
 * (native/binding/external_text.h).
 */
function joinPieces(text: string | string[]): string {
  if (typeof text === 'string') {
    if (text.length >= externalTextChars) noteSpareUse();
    return text;
  }
  let out = text[0];
  for (let i = 1; i < text.length; i++) out += text[i];
  return out;
}

/** The UTF-8 bytes of serialize(value, gap, integers). */
export function serializeToBuffer(value: Serializable, gap: string, integers = false): Buffer {
  if (!gap.isWellFormed() || dropsKeys(value)) return Buffer.from(serialize(value, gap, integers), 'utf8');
  return value.native.toBuffer(value.generation, value.handle, gap, integers);
}
