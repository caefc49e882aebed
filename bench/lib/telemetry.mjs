// The telemetry profile of the seed generator (`--profile=telemetry`): a
// number-dense document shaped like a batch of device readings. ≈4.8 MB,
// nested 8 levels, ≈12,000 object fields, ≈356,000 numbers of ≈5.4 bytes on
// average: a quarter of the leaves are series of ≈55 numbers (integers below
// 1e5 mixed with values that have three decimals), and the strings hold
// escapes and non-ASCII text. The same options always give the same bytes.
import { random } from '../data/seed.mjs';

export const telemetryDefaults = Object.freeze({ size: 4.8e6, fields: 12000, seed: 1, depth: 8 });

const keyWords = ['ts', 'seq', 'temp', 'rpm', 'volt', 'amp', 'load', 'rssi', 'lat', 'lon', 'alt', 'speed', 'heading',
  'status', 'unit', 'site', 'label', 'note', 'fw', 'model'];
const nestWords = ['device', 'sensor', 'channel', 'window', 'stats', 'meta', 'probe', 'bus'];
const seriesWords = ['samples', 'readings', 'values', 'series', 'deltas'];
// Escapes (quote, backslash, tab, newline, a control character) and 2-, 3- and 4-byte UTF-8.
const textWords = ['ok', 'warn', 'Zürich', 'São Paulo', 'Ωmega', 'Кельвин', '温度', '東京', '🌡 probe', 'tab\there',
  'line\nfeed', 'say "hi"', 'C:\\logs', 'ctl\u0007', 'α→β', 'idle', 'fault', 'north', 'south', 'rack'];

// One reading: an integer below 1e5 or a value with three decimals (below 100).
function reading(own) {
  if (own() < 0.5) return Math.floor(own() * 1e5);
  const value = Math.floor(own() * 1e5) / 1e3;
  return own() < 0.1 ? -value : value;
}

function build({ fields, seed, depth }, scale) {
  const rng = random(seed);
  const pick = (list) => list[Math.floor(rng() * list.length)];
  let remaining = fields;
  const series = () => Array.from({ length: 40 + Math.floor(rng() * 31) }, () => reading(rng));
  // Texts draw from their own stream, so `scale` changes their length and nothing else.
  const own = random(seed ^ 0x5bd1e995);
  const text = () => {
    const words = Math.max(1, Math.round((1 + rng() * 8) * scale));
    return Array.from({ length: words }, () => textWords[Math.floor(own() * textWords.length)]).join(' ');
  };
  // A quarter of the leaves are series (rows of them below the depth limit).
  const leaf = (level) => {
    const roll = rng();
    if (roll < 0.25) {
      const rows = level + 2 <= depth ? 1 + Math.floor(rng() * 5.6) : 1;
      return rows === 1 ? series() : Array.from({ length: rows }, series);
    }
    if (roll < 0.65) return reading(rng);
    if (roll < 0.85) return text();
    if (roll < 0.93) return rng() < 0.5;
    return null;
  };
  const object = (level, forceDeep) => {
    const out = {};
    const width = 4 + Math.floor(rng() * 6);
    for (let i = 0; i < width && remaining > 0; i++) {
      const nest = level + 1 < depth && ((forceDeep && i === 0) || rng() < 0.5 - level * 0.06);
      let key = nest ? pick(nestWords) : rng() < 0.25 ? pick(seriesWords) : pick(keyWords);
      while (key in out) key += `_${i}`;
      remaining--;
      out[key] = nest ? object(level + 1, forceDeep && i === 0) : leaf(level);
    }
    return out;
  };
  remaining -= 3;
  const items = [];
  const root = { version: 1, generator: `telemetry:${seed}`, items };
  while (remaining > 0) items.push(object(3, items.length % 50 === 0));
  return root;
}

/** The telemetry document as JSON text (the size target is met by the length of its strings). */
export function generateTelemetry(options = {}) {
  const config = { ...telemetryDefaults, ...options };
  const size = (scale) => Buffer.byteLength(JSON.stringify(build(config, scale)));
  const low = size(0.5);
  const high = size(4);
  const scale = Math.max(0.05, 0.5 + ((config.size - low) * 3.5) / Math.max(1, high - low));
  return JSON.stringify(build(config, scale));
}
