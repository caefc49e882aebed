// A second seed-style document for the wall-clock companion scripts
// (bench/lazy.mjs, bench/stringify-quick.mjs): ~5 MB nested 8 levels, strings
// with non-ASCII and escapes, ints, doubles, arrays of numbers, bools and
// nulls. Deterministic; kept apart from bench/data/seed.mjs because the
// recorded notes were measured on it.
export function seedDocument(size = 5e6, seed = 1) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const words = ['alpha', 'beta', 'δέλτα', 'ε', '東京', 'ñandú', 'a "quoted" word', 'tab\there', 'zeta'];
  const text = (n) => Array.from({ length: n }, () => words[Math.floor(next() * words.length)]).join(' ');
  const node = (depth) => {
    const out = {};
    for (let i = 0; i < 3; i++) {
      const roll = next();
      if (depth < 8 && roll < 0.55) out[`field_${i}`] = node(depth + 1);
      else if (roll < 0.7) out[`field_${i}`] = Array.from({ length: 40 }, () => Math.floor(next() * 1e6) / 100);
      else if (roll < 0.9) out[`field_${i}`] = text(40);
      else if (roll < 0.95) out[`field_${i}`] = Math.floor(next() * 1e9);
      else out[`field_${i}`] = roll < 0.97 ? null : true;
    }
    return out;
  };
  const root = { meta: { name: 'seed', version: 1 }, items: [] };
  while (JSON.stringify(root).length < size) root.items.push(node(1));
  return Buffer.from(JSON.stringify(root));
}
