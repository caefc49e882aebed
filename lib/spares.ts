// The spare pool's idle release (native/memory/arena_pool.h).
//
// parseLazy arenas and the characters of long stringify results come from a
// per-thread pool of spare native memory and go back to it when V8 collects
// them. The pool is emptied once nothing has used it for a while, so a
// burst of large documents does not keep its memory for good. One unref'd
// timer at a time; a use only counts itself.
import { binding } from './binding';

const idleMs = 2000;
let usesSinceCheck = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Notes a use of spare memory; the pool is emptied after idleMs without one. */
export function noteSpareUse(): void {
  usesSinceCheck++;
  if (timer === undefined) timer = setTimeout(check, idleMs).unref();
}

function check(): void {
  timer = undefined;
  if (usesSinceCheck === 0) {
    binding.releaseSpares();
    return;
  }
  usesSinceCheck = 0;
  timer = setTimeout(check, idleMs).unref();
}
