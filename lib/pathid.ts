// Paths named by number: the first read of a path asks the native side to
// compile it and hand out a ticket (native/path/path_table.h); later reads pass
// the ticket, so the path text is neither converted nor hashed again. The
// text goes along too: a ticket the native side no longer knows (its table
// is bounded) falls back to it. Tickets are below 2^(53 - readModeBits), so
// that doc.get can pack one with a read mode in an exact double
// (packTicketAndMode, lib/options.ts).
import type { NativeArena } from './binding';
import { readModeBits } from './options';

const ticketLimit = 2 ** (53 - readModeBits);

/** The native table's slot count: ids older than this many are gone there. */
const tableSlots = 4096;

const ids = new Map<string, number>();

/** The ticket for `path` (0 when it has none), asking `native` on first use. */
export function pathIdOf(native: NativeArena, path: string): number {
  let id = ids.get(path);
  if (id === undefined) {
    // Every id kept here was handed out after the last clear, so at most
    // tableSlots ago: all of them still name their path natively.
    if (ids.size >= tableSlots) ids.clear();
    id = native.pathId(path);
    if (!(id < ticketLimit)) id = 0;  // a larger ticket is not used: the text is sent instead
    ids.set(path, id);
  }
  return id;
}
