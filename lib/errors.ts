// The error classes of arenajson. Every error has a stable `code`; the native
// binding builds its errors through errorFromNative so that they are these
// classes, not plain Errors.
//
// Where arenajson stands in for an error V8 or Node would throw (invalid JSON,
// a wrong argument type), the error is a genuine SyntaxError or TypeError, as
// Node's own coded errors are: `error.constructor === SyntaxError`, its
// prototype is SyntaxError.prototype, and `code` (with `position`, `path`) is
// an own property. The exported classes stay what to test against:
// `instanceof JsonSyntaxError` holds for every error whose `code` is
// 'ERR_JSON_SYNTAX', whichever copy of the library made it.
import { isNativeError } from 'node:util/types';

/** Base class of the arena errors (`ERR_ARENA_*`) and of the engine's resource errors (`ERR_INPUT_TOO_LARGE`, `ERR_OUT_OF_MEMORY`). */
export class ArenaError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ArenaError';
    this.code = code;
  }
}

// Sets `key` as an own data property, as assignment to a fresh object would
// (a setter someone put on Object.prototype is not run).
function own(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

const ordinaryInstanceOf = Function.prototype[Symbol.hasInstance];

// `value instanceof base` for a coded class: any error carrying its code. A
// subclass declared by a user tests its own prototype chain, as usual.
function hasCode(constructor: Function, base: Function, code: string, value: unknown): boolean {
  if (constructor !== base) return ordinaryInstanceOf.call(constructor, value);
  return (isNativeError(value) || value instanceof Error) && (value as { code?: unknown }).code === code;
}

// Made by `new Class(...)` for a coded class itself (not a subclass): a plain
// instance of the built-in type, as if made by `new SyntaxError(message)`.
function genuine(error: Error, newTarget: Function, base: Function, builtin: Error): void {
  if (newTarget === base) Object.setPrototypeOf(error, builtin);
}

/**
 * A wrong argument type or value (`ERR_INVALID_ARG`). What arenajson throws
 * is a genuine TypeError (`constructor === TypeError`); `instanceof
 * InvalidArgumentError` holds for every error with this code.
 */
export class InvalidArgumentError extends TypeError {
  declare readonly code: 'ERR_INVALID_ARG';
  constructor(message: string) {
    super(message);
    genuine(this, new.target, InvalidArgumentError, TypeError.prototype);
    own(this, 'code', 'ERR_INVALID_ARG');
  }

  static override [Symbol.hasInstance](value: unknown): value is InvalidArgumentError {
    return hasCode(this, InvalidArgumentError, 'ERR_INVALID_ARG', value);
  }
}

/**
 * Input that JSON.parse rejects (`ERR_JSON_SYNTAX`). What arenajson throws is
 * the genuine SyntaxError JSON.parse throws, its message unchanged (for bytes,
 * the message for their decoding); `position` is the offset where the input stopped being JSON (UTF-16 units of
 * a string, bytes of a Buffer). `instanceof JsonSyntaxError` holds for every
 * error with this code.
 */
export class JsonSyntaxError extends SyntaxError {
  declare readonly code: 'ERR_JSON_SYNTAX';
  declare readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    genuine(this, new.target, JsonSyntaxError, SyntaxError.prototype);
    markSyntaxError(this, position);
  }

  static override [Symbol.hasInstance](value: unknown): value is JsonSyntaxError {
    return hasCode(this, JsonSyntaxError, 'ERR_JSON_SYNTAX', value);
  }
}

/** Gives a SyntaxError (V8's own, from JSON.parse) the `code` and `position` of a JsonSyntaxError. */
export function markSyntaxError(error: SyntaxError, position: number): JsonSyntaxError {
  own(error, 'code', 'ERR_JSON_SYNTAX');
  own(error, 'position', position);
  return error as JsonSyntaxError;
}

/**
 * An operation stopped by its AbortSignal (`code: 'ABORT_ERR'`, `name:
 * 'AbortError'`, like Node's own); `cause` is the signal's reason.
 */
export class AbortError extends Error {
  readonly code = 'ABORT_ERR';
  constructor(message = 'The operation was aborted', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AbortError';
  }
}

/**
 * JSON that holds a prototype-poisoning key under the `proto: 'error'`
 * option (`code: 'ERR_JSON_PROTO'`). A genuine SyntaxError, as
 * secure-json-parse throws; `path` names the key (gjson syntax, e.g.
 * `a.0.__proto__`). `instanceof JsonProtoError` holds for every error with
 * this code.
 */
export class JsonProtoError extends SyntaxError {
  declare readonly code: 'ERR_JSON_PROTO';
  declare readonly path: string;
  constructor(path: string) {
    super(`Object contains forbidden prototype property at ${path}`);
    genuine(this, new.target, JsonProtoError, SyntaxError.prototype);
    own(this, 'code', 'ERR_JSON_PROTO');
    own(this, 'path', path);
  }

  static override [Symbol.hasInstance](value: unknown): value is JsonProtoError {
    return hasCode(this, JsonProtoError, 'ERR_JSON_PROTO', value);
  }
}

/**
 * A built value that contains itself: the TypeError JSON.stringify throws on
 * a circular structure (a genuine TypeError, `code: 'ERR_CYCLIC_VALUE'`).
 */
function cyclicValueError(message: string): TypeError {
  const error = new TypeError(message);
  own(error, 'code', 'ERR_CYCLIC_VALUE');
  return error;
}

/** Internal: byte input that is not valid UTF-8; the caller decodes it as V8 would and retries. */
export class InvalidUtf8Signal extends Error {
  readonly code = 'ERR_INVALID_UTF8';
}

/**
 * Every code the native side throws (native/memory/error.h lists them), and the
 * error it becomes: one entry per code. A test checks that every native code
 * has its entry here.
 */
export const nativeErrors: Readonly<Record<string, (message: string, position: number) => Error>> = {
  ERR_JSON_SYNTAX: (message, position) => new JsonSyntaxError(message, position),
  ERR_INVALID_UTF8: (message) => new InvalidUtf8Signal(message),
  ERR_INVALID_ARG: (message) => new InvalidArgumentError(message),
  ABORT_ERR: (message) => new AbortError(message),
  ERR_JSON_PROTO: (message) => new JsonProtoError(message),
  ERR_CYCLIC_VALUE: (message) => cyclicValueError(message),
  ERR_ARENA_LIMIT: (message) => new ArenaError('ERR_ARENA_LIMIT', message),
  ERR_ARENA_FREED: (message) => new ArenaError('ERR_ARENA_FREED', message),
  ERR_ARENA_STALE: (message) => new ArenaError('ERR_ARENA_STALE', message),
  ERR_ARENA_WRONG_THREAD: (message) => new ArenaError('ERR_ARENA_WRONG_THREAD', message),
  ERR_ARENA_FOREIGN: (message) => new ArenaError('ERR_ARENA_FOREIGN', message),
  ERR_ARENA_TOKEN: (message) => new ArenaError('ERR_ARENA_TOKEN', message),
  ERR_ARENA_BUSY: (message) => new ArenaError('ERR_ARENA_BUSY', message),
  ERR_INPUT_TOO_LARGE: (message) => new ArenaError('ERR_INPUT_TOO_LARGE', message),
  ERR_OUT_OF_MEMORY: (message) => new ArenaError('ERR_OUT_OF_MEMORY', message),
  // Thrown natively as JSON.stringify's own RangeError, which has no code.
  ERR_STRING_TOO_LONG: (message) => new RangeError(message),
};

export function errorFromNative(code: string, message: string, position: number): Error {
  const make = Object.hasOwn(nativeErrors, code) ? nativeErrors[code] : undefined;
  return make !== undefined ? make(message, position) : new ArenaError(code, message);
}

/** Raises an ArenaError with the given code. */
export function arenaError(code: string, message: string): ArenaError {
  return new ArenaError(code, message);
}
