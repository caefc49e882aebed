// The seed document: a deterministic, service-shaped JSON body (≈5 MB, nested
// 8 levels, ≈12,000 object fields) with every kind of value a parser meets:
// strings with non-ASCII text and escapes, ints, doubles, arrays of numbers,
// booleans and nulls. The same options always give the same bytes.
//
//   node bench/data/seed.mjs [--size=5mb] [--fields=12000] [--seed=1] [--depth=8] [--out=FILE]
//   node bench/data/seed.mjs --profile=telemetry   the number-dense document (bench/lib/telemetry.mjs)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateTelemetry } from '../lib/telemetry.mjs';

export const seedDefaults = Object.freeze({ size: 5 * 1024 * 1024, fields: 12000, seed: 1, depth: 8 });

/** mulberry32: a small, fast, seedable generator; returns floats in [0, 1). */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** '5mb', '512kb', '1.5MB', '2000000' → bytes. */
export function parseSize(text) {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?\s*$/i.exec(String(text));
  if (!match) throw new RangeError(`not a size: ${text}`);
  const unit = { b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 }[(match[2] ?? 'b').toLowerCase()];
  return Math.round(Number(match[1]) * unit);
}

const keyWords = ['id', 'name', 'status', 'owner', 'region', 'label', 'score', 'count', 'price', 'ratio', 'active',
  'tags', 'title', 'note', 'kind', 'level', 'limit', 'offset', 'weight', 'created', 'updated', 'source', 'target',
  'path', 'code', 'city', 'zone', 'rank', 'total', 'value', 'flag', 'unit', 'mode', 'group', 'parent', 'child'];
const nestWords = ['meta', 'detail', 'config', 'profile', 'address', 'history', 'stats', 'links', 'payload', 'extra'];
// Words that exercise UTF-8 (2, 3 and 4 byte sequences) and JSON escapes.
const textWords = ['alpha', 'beta', 'gamma', 'Zürich', 'São Paulo', 'naïve', 'crème brûlée', 'Ελληνικά', 'Кириллица',
  '中文字符', '日本語', '한국어', 'emoji 😀', '🚀 launch', 'tab\there', 'line\nbreak', 'quote "q"', 'back\\slash',
  'ctrl\u0001\u001f', 'slash / ok', 'α→β', 'x', 'y', 'z', 'lorem', 'ipsum', 'dolor', 'sit', 'amet'];

// A 32-bit hash of (seed, n) so that each number array has its own stream.
function mix(seed, n) {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(n + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  return (h ^ (h >>> 15)) >>> 0;
}

// Builds the tree. Structure and values come from `rng`; each text and number
// array draws from its own stream, so `scale` (the length factor used to hit
// the size target) changes their lengths and nothing else. Levels count
// containers: the root object is level 1, and nothing goes deeper than `depth`.
function build({ fields, seed, depth }, scale) {
  const rng = random(seed);
  const pick = (list) => list[Math.floor(rng() * list.length)];
  let remaining = fields;
  let streams = 0;

  const text = () => {
    const own = random(mix(seed, streams++));
    const words = Math.max(1, Math.round((1 + own() * 40) * scale));
    const parts = [];
    for (let i = 0; i < words; i++) parts.push(textWords[Math.floor(own() * textWords.length)]);
    return parts.join(' ');
  };
  const numbers = () => {
    const own = random(mix(seed, streams++));
    const length = Math.max(1, Math.round((4 + own() * 40) * scale));
    const ints = own() < 0.5;
    const out = new Array(length);
    for (let i = 0; i < length; i++) {
      out[i] = ints ? Math.floor((own() - 0.3) * 1e6) : Math.round((own() - 0.5) * 1e7) / 1e3 + own() * 1e-3;
    }
    return out;
  };
  // Number arrays only where they stay within the depth limit.
  const leaf = (level) => {
    const roll = rng();
    if (roll < 0.30) return text();
    if (roll < 0.48) return Math.floor((rng() - 0.2) * 2 ** 31);
    if (roll < 0.62) return (rng() - 0.5) * 10 ** Math.floor(rng() * 8);
    if (roll < 0.80) return level < depth ? numbers() : 0;
    if (roll < 0.90) return rng() < 0.5;
    return null;
  };
  // An object at nesting level `level` (the root object is level 1).
  const object = (level, forceDeep) => {
    const out = {};
    const width = 3 + Math.floor(rng() * 6);
    for (let i = 0; i < width && remaining > 0; i++) {
      const nest = level < depth && (forceDeep && i === 0 || rng() < 0.55 - level * 0.05);
      let key = nest ? pick(nestWords) : pick(keyWords);
      while (key in out) key += `_${i}`;
      remaining--;
      if (!nest) out[key] = leaf(level);
      else if (level + 1 < depth && rng() < 0.25) out[key] = [object(level + 2, forceDeep && i === 0), object(level + 2, false)];
      else out[key] = object(level + 1, forceDeep && i === 0);
    }
    return out;
  };

  remaining -= 3;
  const items = [];
  const root = { version: 1, generator: `seed:${seed}`, items };
  // items is an array (level 2) of records (level 3); the first record of every
  // 50 reaches the full depth so that depth is a promise, not a likelihood.
  while (remaining > 0) items.push(object(3, items.length % 50 === 0));
  return root;
}

/** The seed document as JSON text. */
export function generateSeed(options = {}) {
  if (options.profile === 'telemetry') {
    const { profile, ...rest } = options;
    return generateSeed({ size: 4.8e6, ...rest, generator: generateTelemetry });
  }
  if (options.profile !== undefined && options.profile !== 'seed') throw new RangeError(`unknown profile ${options.profile}`);
  const { generator, ...given } = options;
  const config = { ...seedDefaults, ...given };
  if (typeof config.size === 'string') config.size = parseSize(config.size);
  for (const name of ['size', 'fields', 'seed', 'depth']) {
    if (!Number.isInteger(config[name]) || config[name] < 0) throw new RangeError(`${name} must be a non-negative integer`);
  }
  if (config.depth < 3) throw new RangeError('depth must be at least 3');
  if (generator) return generator(config);
  // Size is close to linear in the array scale: measure twice, solve, build.
  const size = (scale) => Buffer.byteLength(JSON.stringify(build(config, scale)));
  const low = size(0.5);
  const high = size(1.5);
  const scale = Math.max(0, 0.5 + (config.size - low) / Math.max(1, high - low));
  return JSON.stringify(build(config, scale));
}

function cliOptions(argv) {
  const options = {};
  for (const arg of argv) {
    const match = /^--(size|fields|seed|depth|out|profile)=(.*)$/.exec(arg);
    if (!match) throw new Error(`unknown option ${arg} (use --size= --fields= --seed= --depth= --profile= --out=)`);
    options[match[1]] = ['size', 'out', 'profile'].includes(match[1]) ? match[2] : Number(match[2]);
  }
  return options;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { out, ...options } = cliOptions(process.argv.slice(2));
  const json = generateSeed(options);
  if (out) writeFileSync(out, json);
  else process.stdout.write(json);
}
