// The pool worker of the streaming API: runs one batch task per call.
import { runBatch, type BatchResult, type BatchTask } from './stream-task';

export default function run(task: BatchTask): BatchResult {
  return runBatch(task);
}
