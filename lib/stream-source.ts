// Where NDJSON comes from (a Readable, an async iterable of chunks, a file
// path) and how its bytes are cut into batches of whole lines.
import { open } from 'node:fs/promises';
import { InvalidArgumentError } from './errors';

/** What lines() and query() read: a Readable, an (async) iterable of chunks, or a file path. */
export type LinesSource =
  | NodeJS.ReadableStream
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>
  | string
  | URL;

/** A run of whole lines; only the last batch of a stream may end without a newline. */
export interface Batch {
  bytes: Buffer;
  /** Byte offset of bytes[0] in the stream. */
  offset: number;
}

type Chunks = AsyncIterable<unknown> | Iterable<unknown>;

/**
 * The batches of `source`, and how to stop it early. A file is read straight
 * into the batches' memory; other sources are cut from their chunks.
 */
export function openSource(
  source: LinesSource,
  size: number,
  reuse: () => boolean,
): { batches: AsyncGenerator<Batch>; destroy(): void; spares: SpareMemory } {
  const spares = new SpareMemory();
  if (typeof source === 'string' || source instanceof URL) {
    return { batches: fileBatches(source, size, reuse, spares), destroy: () => {}, spares };
  }
  const { chunks, destroy } = chunksOf(source);
  return { batches: batches(chunks, size, reuse, spares), destroy, spares };
}

/**
 * Memory of batches done with (moved back from a worker), to hold the next
 * batches instead of new memory: a new buffer costs page faults on every
 * first write, a reused one nothing. A few are kept; the others are dropped.
 */
export class SpareMemory {
  private readonly kept: ArrayBuffer[] = [];

  give(memory: ArrayBuffer): void {
    if (this.kept.length < 8 && memory.byteLength > 0) this.kept.push(memory);
  }

  /** A buffer of exactly `length` bytes, over spare memory when some is large enough. */
  take(length: number): Buffer {
    for (let i = this.kept.length - 1; i >= 0; i--) {
      const memory = this.kept[i];
      if (memory.byteLength >= length && memory.byteLength <= 4 * Math.max(length, 1 << 16)) {
        this.kept.splice(i, 1);
        return Buffer.from(memory, 0, length);
      }
    }
    return Buffer.allocUnsafeSlow(length);
  }
}

function chunksOf(source: LinesSource): { chunks: Chunks; destroy(): void } {
  if (source !== null && typeof source === 'object') {
    const destroyable = source as { destroy?: unknown; destroyed?: boolean };
    if (Symbol.asyncIterator in source || Symbol.iterator in source) {
      return {
        chunks: source as Chunks,
        destroy: () => {
          if (typeof destroyable.destroy === 'function' && destroyable.destroyed !== true) destroyable.destroy();
        },
      };
    }
  }
  throw new InvalidArgumentError('expected a Readable, an iterable of chunks, or a file path');
}

function bufferOf(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  throw new InvalidArgumentError('stream chunks must be Buffers, Uint8Arrays or strings');
}

const bom = [0xef, 0xbb, 0xbf];

/**
 * Cuts the byte stream into batches of about `size` bytes that end just
 * after a newline: at the last newline at or before `size`, else at the first
 * one after it (a line longer than `size` makes a batch of its own). A UTF-8
 * byte order mark at the very start is skipped (offsets still count it).
 * Each batch owns its memory (Buffer.allocUnsafeSlow), so that it can be
 * moved to a worker; while `reuse()` says so, every batch is written into
 * the same memory instead, and is only good until the next one is asked for.
 */
export async function* batches(chunks: Chunks, size: number, reuse: () => boolean = () => false, spares = new SpareMemory()): AsyncGenerator<Batch> {
  let kept: Buffer | undefined;
  let parts: Buffer[] = [];
  let held = 0;
  let offset = 0;
  let head = true;  // still looking at the first bytes (the byte order mark)
  for await (const chunk of chunks as AsyncIterable<unknown>) {
    let buffer = bufferOf(chunk);
    if (buffer.length === 0) continue;
    if (head) {
      parts.push(buffer);
      held += buffer.length;
      if (held < bom.length) continue;
      const start = Buffer.concat(parts);
      parts = [];
      held = 0;
      head = false;
      buffer = start;
      if (start[0] === bom[0] && start[1] === bom[1] && start[2] === bom[2]) {
        buffer = start.subarray(3);
        offset = 3;
      }
    }
    parts.push(buffer);
    held += buffer.length;
    while (held >= size) {
      const cut = cutPoint(parts, size);
      if (cut < 0) break;
      yield { bytes: take(cut), offset };
      offset += cut;
    }
  }
  if (head && held > 0) {
    let start = Buffer.concat(parts);
    if (start.length >= 3 && start[0] === bom[0] && start[1] === bom[1] && start[2] === bom[2]) {
      start = start.subarray(3);
      offset = 3;
    }
    parts = [start];
    held = start.length;
  }
  while (held > 0) {
    const cut = held > size ? cutPoint(parts, size) : -1;
    const length = cut < 0 ? held : cut;
    yield { bytes: take(length), offset };
    offset += length;
  }

  // The first `length` bytes held, as one buffer of their own.
  function take(length: number): Buffer {
    let out: Buffer;
    if (reuse()) {
      if (kept === undefined || kept.length < length) kept = Buffer.allocUnsafeSlow(Math.max(length, size + (size >> 2)));
      out = kept.subarray(0, length);
    } else {
      out = spares.take(length);
    }
    let filled = 0;
    while (filled < length) {
      const part = parts[0];
      const need = length - filled;
      if (part.length <= need) {
        out.set(part, filled);
        filled += part.length;
        parts.shift();
      } else {
        out.set(part.subarray(0, need), filled);
        filled += need;
        parts[0] = part.subarray(need);
      }
    }
    held -= length;
    return out;
  }
}

function hasBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === bom[0] && bytes[1] === bom[1] && bytes[2] === bom[2];
}

/**
 * batches() for a file. Reads run ahead: while the caller works on one batch,
 * the next block of the file is read on the thread pool into one of two read
 * buffers, then copied into the batch's memory after the end of the previous
 * batch's incomplete last line. A line longer than the memory doubles it.
 */
export async function* fileBatches(path: string | URL, size: number, reuse: () => boolean, spares = new SpareMemory()): AsyncGenerator<Batch> {
  const file = await open(path, 'r');
  const blocks = [Buffer.allocUnsafeSlow(size), Buffer.allocUnsafeSlow(size)];
  let turn = 0;
  const readAhead = () => file.read(blocks[turn], 0, size, null);
  let ahead = readAhead();
  try {
    let memory: Buffer = Buffer.allocUnsafeSlow(2 * size);
    let held = 0;  // bytes at the start of memory: an incomplete line
    let offset = 0;
    let first = true;  // the byte order mark is not decided yet
    let start = 0;  // 3 while a byte order mark at the start of memory is skipped
    for (;;) {
      const { bytesRead, buffer: block } = await ahead;
      if (bytesRead > 0) {
        turn ^= 1;
        ahead = readAhead();
      }
      if (held + bytesRead > memory.length) {
        const larger = Buffer.allocUnsafeSlow(Math.max(memory.length * 2, held + bytesRead));
        memory.copy(larger, 0, 0, held);
        memory = larger;
      }
      block.copy(memory, held, 0, bytesRead);
      const end = held + bytesRead;
      if (first && (end >= 3 || bytesRead === 0)) {
        first = false;
        if (hasBom(memory.subarray(0, end))) start = offset = 3;
      }
      if (bytesRead === 0) {
        if (end > start) yield { bytes: memory.subarray(start, end), offset };
        return;
      }
      const cut = first ? 0 : memory.lastIndexOf(0x0a, end - 1) + 1;
      if (cut <= start) {
        held = end;
        continue;
      }
      // The next memory: the same one once the batch is used, or a new one.
      const tail = end - cut;
      const again = reuse();
      const shrink = again && memory.length > 4 * size && tail < size;
      const next = again && !shrink ? memory : spares.take(Math.max(2 * size, tail + size));
      if (next !== memory) memory.copy(next, 0, cut, end);
      yield { bytes: memory.subarray(start, cut), offset };
      offset += cut - start;
      if (next === memory) memory.copyWithin(0, cut, end);
      memory = next;
      held = tail;
      start = 0;
    }
  } finally {
    await ahead.catch(() => undefined);
    await file.close();
  }
}

// The length of the batch to cut from `parts`: up to and including the last
// newline within the first `size` bytes, else the first newline after them;
// -1 when the bytes held have no newline.
function cutPoint(parts: Buffer[], size: number): number {
  // Backwards from byte `size - 1`.
  let base = 0;
  let k = 0;
  while (k < parts.length && base + parts[k].length < size) base += parts[k++].length;
  for (let j = Math.min(k, parts.length - 1), partBase = j === k ? base : base - parts[j].length; j >= 0; j--) {
    const limit = Math.min(parts[j].length - 1, size - 1 - partBase);
    const at = limit >= 0 ? parts[j].lastIndexOf(0x0a, limit) : -1;
    if (at >= 0) return partBase + at + 1;
    if (j > 0) partBase -= parts[j - 1].length;
  }
  // Forwards from byte `size`.
  let partBase = 0;
  for (let j = 0; j < parts.length; j++) {
    const from = Math.max(0, size - partBase);
    if (from < parts[j].length) {
      const at = parts[j].indexOf(0x0a, from);
      if (at >= 0) return partBase + at + 1;
    }
    partBase += parts[j].length;
  }
  return -1;
}
