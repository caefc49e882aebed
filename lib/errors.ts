// The error classes of arenajson. Every error has a stable `code`; the native
// binding builds its errors through errorFromNative so that they are these
// classes, not plain Errors.

/** Base class of the arena errors (`ERR_ARENA_*`) and of the engine's resource errors (`ERR_INPUT_TOO_LARGE`, `ERR_OUT_OF_MEMORY`). */
export class ArenaError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ArenaError';
    this.code = code;
  }
}

/** A wrong argument type or value (`ERR_INVALID_ARG`). */
export class InvalidArgumentError extends TypeError {
  readonly code = 'ERR_INVALID_ARG';
  constructor(message: string) {
    super(message);
    this.name = 'TypeError';
  }
}

/** Input that JSON.parse rejects. `position` is the offset where it stopped being JSON. */
export class JsonSyntaxError extends SyntaxError {
  readonly code = 'ERR_JSON_SYNTAX';
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.name = 'SyntaxError';
    this.position = position;
  }
}

/** Internal: byte input that is not valid UTF-8; the caller decodes it as V8 would and retries. */
export class InvalidUtf8Signal extends Error {
  readonly code = 'ERR_INVALID_UTF8';
}

export function errorFromNative(code: string, message: string, position: number): Error {
  switch (code) {
    case 'ERR_JSON_SYNTAX':
      return new JsonSyntaxError(message, position);
    case 'ERR_INVALID_UTF8':
      return new InvalidUtf8Signal(message);
    case 'ERR_INVALID_ARG':
      return new InvalidArgumentError(message);
    default:
      return new ArenaError(code, message);
  }
}

/** Raises an ArenaError with the given code. */
export function arenaError(code: string, message: string): ArenaError {
  return new ArenaError(code, message);
}
