// V8's own-key order for objects made by JSON.parse: integer-like keys
// (canonical array indices up to 2^32 - 2) ascending, then the other keys in
// first-insertion order. A repeated key keeps its first position.

function arrayIndex(key: string): number {
  const length = key.length;
  if (length === 0 || length > 10) return -1;
  const first = key.charCodeAt(0);
  if (first < 48 || first > 57 || (first === 48 && length > 1)) return -1;
  let value = 0;
  for (let i = 0; i < length; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value <= 4294967294 ? value : -1;
}

export function orderKeys(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  const indices: number[] = [];
  const named: string[] = [];
  for (const key of keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    const index = arrayIndex(key);
    if (index >= 0) indices.push(index);
    else named.push(key);
  }
  if (indices.length === 0) return named;
  indices.sort((a, b) => a - b);
  return indices.map(String).concat(named);
}
