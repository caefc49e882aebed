// The pool worker of the streaming API: runs one batch task per call. The
// result's text and the batch's own memory (a buffer the caller may fill
// again) are moved back, not copied.
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { runBatch, type BatchResult, type BatchTask } from './stream-task';

export default function run(task: BatchTask): unknown {
  const result = runBatch(task);
  const moved: ArrayBuffer[] = [];
  const text = result.text;
  if (text instanceof Uint8Array && text.byteOffset === 0 && text.byteLength === text.buffer.byteLength) moved.push(text.buffer as ArrayBuffer);
  const bytes = task.bytes;
  // The batch was copied into an arena or read: its memory goes back for the next one.
  if (bytes instanceof Uint8Array && bytes.buffer instanceof ArrayBuffer && !moved.includes(bytes.buffer)) {
    result.spare = bytes.buffer;
    moved.push(bytes.buffer);
  }
  return move({
    get [transferableSymbol]() {
      return moved;
    },
    get [valueSymbol](): BatchResult {
      return result;
    },
  });
}
