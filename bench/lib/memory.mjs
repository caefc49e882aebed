// What one parsed document costs its arena: `arena.stats` after parsing the
// document into a fresh arena (default options), as bytes and as a multiple of
// the input's size. A pooled arena holding the document keeps `reserved`.
import { bytes, table } from './format.mjs';

/** { [document]: { input, used, reserved } } for each document of loadDocuments(). */
export function arenaMemory(api, documents) {
  const out = {};
  for (const document of documents) {
    const arena = new api.Arena();
    try {
      arena.parse(document.buffer);
      const { bytesUsed, bytesReserved } = arena.stats;
      out[document.name] = { input: document.bytes, used: bytesUsed, reserved: bytesReserved };
    } finally {
      arena.free();
    }
  }
  return out;
}

const times = (part, whole) => `${(part / whole).toFixed(2)}×`;

/** The table of arenaMemory()'s figures. */
export function memoryTable(memory) {
  const rows = Object.entries(memory).map(([name, m]) => [
    name, bytes(m.input), bytes(m.used), times(m.used, m.input), bytes(m.reserved), times(m.reserved, m.input),
  ]);
  return table(['document', 'input', 'arena used', 'used/input', 'arena reserved', 'reserved/input'], rows);
}
