// One batch of an NDJSON stream: whole lines (the last one may lack its
// newline), parsed into an arena as one JSON Lines document whose elements
// are the lines' documents. Shared by the streaming API and its workers.
import type { Arena } from './arena';
import { nativeOf } from './handles';
import type { Handle } from './binding';
import { JsonSyntaxError } from './errors';

/** A line that is not one JSON value, located inside its batch. */
export interface InvalidLine {
  /** 0-based index of the line in its batch. */
  index: number;
  /** Byte offset in the batch where the line stops being JSON. */
  at: number;
  /** V8's message for the line alone. */
  message: string;
  /** How many documents of the batch come before the line. */
  before: number;
}

export interface ParsedBatch {
  /** The lines' documents, in order (blank lines have none). */
  handles: Handle[];
  /** Lines in the batch, blank ones included. */
  lines: number;
  /** Invalid lines; in 'throw' mode at most one, and no document after it. */
  invalid: InvalidLine[];
}

const newline = 0x0a;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0d;
}

/** Lines of `bytes` and how many of them hold something other than JSON whitespace. */
export function countLines(bytes: Uint8Array): { lines: number; filled: number } {
  let lines = 0;
  let filled = 0;
  let start = 0;
  const length = bytes.length;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, length);
  while (start < length) {
    let end = buffer.indexOf(newline, start);
    if (end < 0) end = length;
    lines++;
    let at = start;
    while (at < end && isSpace(buffer[at])) at++;
    if (at < end) filled++;
    start = end + 1;
  }
  return { lines, filled };
}

/**
 * Parses the lines of `bytes` into `arena` (documents of the arena's current
 * generation). Valid input takes one native parse; a batch with an invalid
 * line is parsed line by line to locate it. With `skip`, every invalid line
 * is listed and the others parsed; without, parsing stops at the first.
 */
export function parseBatch(arena: Arena, bytes: Uint8Array, skip: boolean): ParsedBatch {
  const { lines, filled } = countLines(bytes);
  let root: Handle | undefined;
  try {
    root = arena.parseLinesHandle(bytes);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
  }
  if (root !== undefined) {
    const handles = arena[nativeOf].children(arena.generation, root);
    // A line such as `1,2` reads as two elements of the array; the count shows it.
    if (handles.length === filled) return { handles, lines, invalid: [] };
  }
  return parseLineByLine(arena, bytes, skip, lines);
}

function parseLineByLine(arena: Arena, bytes: Uint8Array, skip: boolean, lines: number): ParsedBatch {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const handles: Handle[] = [];
  const invalid: InvalidLine[] = [];
  let start = 0;
  for (let index = 0; start < buffer.length; index++) {
    let end = buffer.indexOf(newline, start);
    if (end < 0) end = buffer.length;
    let at = start;
    while (at < end && isSpace(buffer[at])) at++;
    if (at < end) {
      try {
        handles.push(arena.parseHandle(buffer.subarray(start, end)));
      } catch (error) {
        if (!(error instanceof JsonSyntaxError)) throw error;
        invalid.push({ index, at: start + error.position, message: error.message, before: handles.length });
        if (!skip) break;
      }
    }
    start = end + 1;
  }
  return { handles, lines, invalid };
}

/** Where a batch sits in its stream. */
export interface BatchPlace {
  /** 1-based number of the batch's first line. */
  line: number;
  /** Byte offset of the batch's first byte in the stream. */
  offset: number;
  /** File name for messages, when known. */
  name?: string;
}

/**
 * The SyntaxError for an invalid line: `line` (1-based), `offset` (bytes
 * from the start of the stream, also `position`) and the code ERR_JSON_SYNTAX.
 */
export function lineSyntaxError(invalid: InvalidLine, place: BatchPlace): JsonSyntaxError {
  const line = place.line + invalid.index;
  const offset = place.offset + invalid.at;
  const where = place.name === undefined ? '' : `${place.name}: `;
  const error = new JsonSyntaxError(`${where}line ${line}, byte ${offset}: ${invalid.message}`, offset);
  return Object.assign(error, { line, offset });
}
