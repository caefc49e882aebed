// What the HTTP integrations share: turning a request body (a Buffer) into
// the body a handler sees in each mode, with the arena it lives in.
import type { Arena } from './arena';
import { builtinParse } from './builtin-json';
import { arenaValueOf } from './doc';
import { InvalidArgumentError, JsonProtoError } from './errors';
import { parse } from './json';
import type { ArenaPool } from './pool';

/** What a handler gets as the request body. */
export type BodyMode = 'value' | 'lazy' | 'doc';
/** What happens to prototype-poisoning keys (see ReadOptions.proto). */
export type ProtoMode = 'keep' | 'remove' | 'error';

export const bodyModes: readonly BodyMode[] = ['value', 'lazy', 'doc'];

export function bodyModeOf(mode: unknown, name = 'body'): BodyMode {
  if (mode === undefined) return 'value';
  if (!bodyModes.includes(mode as BodyMode)) throw new InvalidArgumentError(`${name} must be 'value', 'lazy' or 'doc'`);
  return mode as BodyMode;
}

export interface ReadBody {
  body: unknown;
  /** The arena the body lives in ('lazy' and 'doc'); the caller releases it to the pool. */
  arena: Arena | undefined;
}

export function withoutBom(buf: Uint8Array): Uint8Array {
  // A UTF-8 byte order mark is dropped, as the frameworks' own parsers drop it.
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
}

/**
 * The body of `buf` in `mode`. Throws parse's errors (`ERR_JSON_SYNTAX`,
 * `ERR_JSON_PROTO`, `ERR_ARENA_LIMIT`, ...) with no arena left acquired.
 */
export function readBody(buf: Uint8Array, mode: BodyMode, proto: ProtoMode, pool: ArenaPool): ReadBody {
  const bytes = withoutBom(buf);
  const options = proto === 'keep' ? undefined : { proto };
  if (mode === 'value') return { body: parse(bytes, options), arena: undefined };
  const arena = pool.acquire();
  try {
    const doc = arena.parse(bytes, options);
    return { body: mode === 'doc' ? doc : doc.lazy(), arena };
  } catch (error) {
    pool.release(arena);
    throw error;
  }
}

export type PoisonAction = 'error' | 'remove' | 'ignore';

/**
 * `__proto__` keys and `constructor.prototype` handled separately, as
 * secure-json-parse does, on a plain value (the rare case of two different
 * actions). Throws ERR_JSON_PROTO for an 'error' action.
 */
export function filterPoison(value: unknown, protoAction: PoisonAction, constructorAction: PoisonAction): unknown {
  if (typeof value !== 'object' || value === null) return value;
  let level: any[] = [value];
  while (level.length > 0) {
    const next: any[] = [];
    for (const node of level) {
      if (protoAction !== 'ignore' && Object.hasOwn(node, '__proto__')) {
        if (protoAction === 'error') throw new JsonProtoError('__proto__');
        delete node.__proto__;
      }
      const ctor = Object.hasOwn(node, 'constructor') ? node.constructor : undefined;
      if (constructorAction !== 'ignore' && typeof ctor === 'object' && ctor !== null && Object.hasOwn(ctor, 'prototype')) {
        if (constructorAction === 'error') throw new JsonProtoError('constructor');
        delete node.constructor;
      }
      for (const key in node) {
        const child = node[key];
        if (typeof child === 'object' && child !== null) next.push(child);
      }
    }
    level = next;
  }
  return value;
}

/** The JSON bytes of a reply: an arena value written natively, anything else by JSON.stringify. */
export function replyBytes(value: unknown): Buffer | undefined {
  const arenaValue = arenaValueOf(value);
  return arenaValue === undefined ? undefined : arenaValue.toBuffer();
}

/** The message JSON.parse gives for `text` (which it rejects), for errors that must read like the framework's own. */
export function jsonParseMessage(text: string): string {
  try {
    builtinParse(text);
  } catch (error) {
    return (error as Error).message;
  }
  return 'Unexpected end of JSON input';
}
