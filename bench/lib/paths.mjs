// Deterministic choice of fields to read from a document, written both as
// gjson paths (for our side) and as plain property access (for JSON.parse's).
import { random } from '../data/seed.mjs';

// Keys that need no escaping in a gjson path and mean the same on both sides.
const plainKey = /^[A-Za-z0-9_$-]+$/;

function hash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

// Calls visit(segments) for every scalar reachable through plain keys, in
// document order. Segments are strings (object keys) and numbers (indexes).
function walkScalars(value, visit, segments = []) {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      segments.push(i);
      walkScalars(value[i], visit, segments);
      segments.pop();
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (!plainKey.test(key)) continue;
      segments.push(key);
      walkScalars(value[key], visit, segments);
      segments.pop();
    }
  } else if (segments.length > 0) {
    visit(segments);
  }
}

/**
 * `count` distinct scalar fields of `value` (a JSON.parse result), chosen by a
 * generator seeded with `seed` and the document name: the same document and
 * seed always give the same fields, in the same order.
 */
export function pickFields(value, count, { name, seed = 1 }) {
  let total = 0;
  walkScalars(value, () => total++);
  const wanted = Math.min(count, total);
  const rng = random(hash(name) ^ seed);
  const chosen = new Map();  // scalar index -> reading order
  while (chosen.size < wanted) {
    const index = Math.floor(rng() * total);
    if (!chosen.has(index)) chosen.set(index, chosen.size);
  }
  const fields = new Array(wanted);
  let index = 0;
  walkScalars(value, (segments) => {
    const order = chosen.get(index++);
    if (order !== undefined) fields[order] = segments.slice();
  });
  return fields;
}

/** The gjson path of a field: keys and indexes joined by dots. */
export const gjsonPath = (segments) => segments.join('.');

const access = (segments) => segments.map((s) => (typeof s === 'number' ? `[${s}]` : `[${JSON.stringify(s)}]`)).join('');

/**
 * A function (o) => [o.a.b[3].c, ...] compiled from the fields, so the JS side
 * reads them the way hand-written code would: plain property access.
 */
export function compileReader(fields) {
  const body = fields.map((segments, i) => `out[${i}] = o${access(segments)};`).join('\n');
  return new Function('o', `const out = new Array(${fields.length});\n${body}\nreturn out;`);
}

/** A function (o) => ({ f0: o.a.b, f1: ... }): the projection built as a new object. */
export function compileProjection(fields, names) {
  const body = fields.map((segments, i) => `out[${JSON.stringify(names[i])}] = o${access(segments)};`).join('\n');
  return new Function('o', `const out = {};\n${body}\nreturn out;`);
}

/** Output names for projected fields: f0, f1, ... (never integer-like keys). */
export const projectionNames = (count) => Array.from({ length: count }, (_, i) => `f${i}`);
