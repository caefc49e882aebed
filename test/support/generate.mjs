// Deterministic random JSON for differential tests: a seeded generator of
// documents that reach the corners of the grammar (escapes, unicode, numbers at
// the edges of double precision, integer-like and hostile keys, duplicates,
// whitespace), and a mutator that breaks them in the ways real input breaks.
// The same seed always gives the same inputs, so a failure can be replayed.

/** A small seeded PRNG (mulberry32) with the helpers the generator needs. */
export function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return {
    next,
    int,
    between: (low, high) => low + int(high - low + 1),
    chance: (p) => next() < p,
    pick: (items) => items[int(items.length)],
  };
}

const hex = (code, upper) => {
  const text = code.toString(16).padStart(4, '0');
  return upper ? text.toUpperCase() : text;
};

// Numbers spelled as they appear at the edges: signed zeros, overflow to
// Infinity, underflow to 0, the smallest subnormal, the limits of exact
// integers, integers wider than 64 bits, and exponent spellings.
export const edgeNumbers = [
  '0', '-0', '0.0', '-0.0', '0e0', '-0E-0', '0.0e+0', '1', '-1',
  '1e400', '-1e400', '1E+400', '1e-400', '-1e-400', '1e-324', '2e-324', '3e-324',
  '5e-324', '-5e-324', '4.9406564584124654e-324', '2.2250738585072014e-308', '2.2250738585072011e-308',
  '1.7976931348623157e308', '1.7976931348623158e308', '1.7976931348623159e308', '-1.7976931348623157e+308',
  '9007199254740991', '9007199254740992', '9007199254740993', '-9007199254740991', '-9007199254740993',
  '18446744073709551615', '18446744073709551616', '-9223372036854775808', '-9223372036854775809',
  '123456789012345678901234567890', '100000000000000000000000', '999999999999999', '1000000000000000',
  '1E+2', '1e2', '1E2', '1e+2', '1E-2', '10e-1', '0.1', '0.30000000000000004', '-0.000001',
  '3.141592653589793238462643383279502884197169399375105820974944', '0.' + '0'.repeat(40) + '1',
  '1' + '0'.repeat(300), '0.' + '9'.repeat(30), '4294967295', '4294967296', '2147483647', '-2147483648',
  '123.456e-7', '1.5e308', '17976931348623157' + '0'.repeat(292),
];

const simpleEscapes = ['\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t'];

// Characters that mean something in a path, so that keys exercise path escaping.
const pathSpecials = '.|\\*?#@!{}[]()=<>%,:"'.split('').filter((c) => c !== '"' && c !== '\\');

// A non-surrogate, non-control BMP character.
function bmpCharacter(random) {
  for (;;) {
    const code = random.between(0xa0, 0xfffd);
    if (code < 0xd800 || code > 0xdfff) return String.fromCharCode(code);
  }
}

function astralCharacter(random) {
  return String.fromCodePoint(random.between(0x10000, 0x10ffff));
}

// One piece of a string literal's body, as JSON source text.
function stringPiece(random, options) {
  switch (random.int(16)) {
    case 0: return random.pick(simpleEscapes);
    case 1: { // \uXXXX of any BMP unit that is not a surrogate
      const code = random.chance(0.5) ? random.between(0, 0x7f) : random.between(0x80, 0xffff);
      if (code >= 0xd800 && code <= 0xdfff) return '\\u00e9';
      return '\\u' + hex(code, random.chance(0.5));
    }
    case 2: { // an escaped surrogate pair
      const code = random.between(0x10000, 0x10ffff) - 0x10000;
      const upper = random.chance(0.5);
      return '\\u' + hex(0xd800 + (code >> 10), upper) + '\\u' + hex(0xdc00 + (code & 0x3ff), upper);
    }
    case 3: { // a lone surrogate escape (high, low, or a reversed pair)
      const high = '\\u' + hex(random.between(0xd800, 0xdbff), random.chance(0.5));
      const low = '\\u' + hex(random.between(0xdc00, 0xdfff), random.chance(0.5));
      return random.pick([high, low, low + high, high + 'x', high + '\\n']);
    }
    case 4: return bmpCharacter(random);
    case 5: return astralCharacter(random);
    case 6: return random.pick(['\u2028', '\u2029', '\ufeff', '\ufffd', '\u007f', '\u0080', '\u00ff', 'é', '€', '中文', '😀']);
    case 7: return random.pick(pathSpecials);
    case 8: // an actual lone UTF-16 unit in the literal (only a JS string can carry one)
      if (options.loneSurrogates) return String.fromCharCode(random.between(0xd800, 0xdfff));
      return 'z';
    case 9: // runs of escaped backslashes and quotes, which stage 1 must pair up across 64-byte blocks
      return '\\\\'.repeat(random.between(1, 40)) + random.pick(['', '\\"', '\\"\\"', 'x']);
    default: {
      const letters = 'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789_-+ ';
      let text = '';
      for (let i = random.between(1, 6); i > 0; i--) text += random.pick(letters);
      return text;
    }
  }
}

function stringLiteral(random, options, maxPieces = 6) {
  let body = '';
  for (let i = random.int(maxPieces + 1); i > 0; i--) body += stringPiece(random, options);
  return '"' + body + '"';
}

function numberLiteral(random) {
  if (random.chance(0.4)) return random.pick(edgeNumbers);
  let text = random.chance(0.3) ? '-' : '';
  if (random.chance(0.2)) {
    text += '0';
  } else {
    const digits = random.chance(0.15) ? random.between(16, 30) : random.between(1, 9);
    text += String(random.between(1, 9));
    for (let i = 1; i < digits; i++) text += String(random.int(10));
  }
  if (random.chance(0.4)) {
    text += '.';
    const digits = random.chance(0.1) ? random.between(17, 60) : random.between(1, 6);
    for (let i = 0; i < digits; i++) text += String(random.int(10));
  }
  if (random.chance(0.3)) {
    text += random.pick(['e', 'E']) + random.pick(['', '+', '-']);
    text += String(random.chance(0.2) ? random.between(300, 420) : random.between(0, 30));
  }
  return text;
}

export const specialKeys = [
  '0', '1', '2', '10', '9', '00', '01', '-1', '-0', '1.5', '1e3', ' 1', '4294967294', '4294967295', '4294967296',
  '2147483647', '9007199254740993', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  'valueOf', 'length', '', '#', '@this', '*', 'a.b', 'a\\\\b', '\\u005f_proto__',
];

function keyLiteral(random, options) {
  if (random.chance(0.3)) {
    const key = random.pick(specialKeys);
    return key.includes('\\') ? '"' + key + '"' : JSON.stringify(key);
  }
  return stringLiteral(random, options, 3);
}

// JSON whitespace between tokens: usually none or one space, sometimes a run of all four kinds.
function space(random, options) {
  if (!options.whitespace || random.chance(0.6)) return '';
  if (random.chance(0.7)) return random.pick([' ', '\n', '\t', '\r', '\r\n']);
  let text = '';
  for (let i = random.between(1, 5); i > 0; i--) text += random.pick([' ', '\n', '\t', '\r']);
  return text;
}

function value(random, options, depth) {
  const containers = depth < options.maxDepth;
  // Mostly containers at the top, where there is most to get wrong.
  const roll = depth === 0 && containers && random.chance(0.7) ? random.between(6, 9) : random.int(containers ? 10 : 6);
  if (roll >= 8) return array(random, options, depth + 1);
  if (roll >= 6) return object(random, options, depth + 1);
  switch (roll) {
    case 0: return random.pick(['true', 'false', 'null']);
    case 1:
    case 2: return numberLiteral(random);
    default: return stringLiteral(random, options);
  }
}

function array(random, options, depth) {
  const count = random.chance(0.1) ? 0 : random.between(1, options.maxItems);
  const items = [];
  for (let i = 0; i < count; i++) items.push(space(random, options) + value(random, options, depth) + space(random, options));
  return '[' + (count === 0 ? space(random, options) : items.join(',')) + ']';
}

function object(random, options, depth) {
  const count = random.chance(0.1) ? 0 : random.between(1, options.maxItems);
  const keys = [];
  const members = [];
  for (let i = 0; i < count; i++) {
    // A duplicate key now and then: JSON.parse keeps the last value at the first key's place.
    const key = keys.length > 0 && random.chance(0.15) ? random.pick(keys) : keyLiteral(random, options);
    keys.push(key);
    members.push(space(random, options) + key + space(random, options) + ':' + space(random, options) +
      value(random, options, depth) + space(random, options));
  }
  return '{' + (count === 0 ? space(random, options) : members.join(',')) + '}';
}

/**
 * A random JSON text that JSON.parse accepts (unless `loneSurrogates` puts lone
 * UTF-16 units inside string literals, which JSON.parse also accepts).
 * Options: maxDepth (default 5), maxItems per container (default 6),
 * whitespace (default true), loneSurrogates (default false).
 */
export function generateDocument(random, options = {}) {
  const settings = { maxDepth: 5, maxItems: 6, whitespace: true, loneSurrogates: false, ...options };
  return space(random, settings) + value(random, settings, 0) + space(random, settings);
}

// Positions of the characters of `text` that are structural or interesting to break.
function positionsOf(text, characters) {
  const found = [];
  for (let i = 0; i < text.length; i++) if (characters.includes(text[i])) found.push(i);
  return found;
}

const insertable = ['{', '}', '[', ']', ',', ':', '"', '\\', '0', '-', '.', 'e', '+', ' ', 'x', 'true', 'nul', '/'];

// Each mutation takes the text and returns a string (a text-level change) or a
// Buffer (a byte-level change).
const mutations = {
  truncate: (random, text) => text.slice(0, random.int(text.length + 1)),
  dropLast: (random, text) => text.slice(0, Math.max(0, text.length - random.between(1, 3))),
  deleteStructural: (random, text) => {
    const at = positionsOf(text, '{}[],:"');
    if (at.length === 0) return text.slice(1);
    const i = random.pick(at);
    return text.slice(0, i) + text.slice(i + 1);
  },
  insertStructural: (random, text) => {
    const i = random.int(text.length + 1);
    return text.slice(0, i) + random.pick(insertable) + text.slice(i);
  },
  duplicateStructural: (random, text) => {
    const at = positionsOf(text, '{}[],:');
    if (at.length === 0) return text + text;
    const i = random.pick(at);
    return text.slice(0, i) + text[i] + text.slice(i);
  },
  trailingComma: (random, text) => {
    const at = positionsOf(text, ']}');
    if (at.length === 0) return text + ',';
    const i = random.pick(at);
    return text.slice(0, i) + ',' + text.slice(i);
  },
  leadingZero: (random, text) => {
    const at = [];
    for (let i = 0; i < text.length; i++) if (/[0-9]/.test(text[i]) && (i === 0 || /[\s,:\[-]/.test(text[i - 1]))) at.push(i);
    if (at.length === 0) return '0' + text;
    const i = random.pick(at);
    return text.slice(0, i) + random.pick(['0', '00', '-0', '+', '.']) + text.slice(i);
  },
  badNumber: (random, text) => {
    const at = [];
    for (let i = 0; i < text.length; i++) if (/[0-9]/.test(text[i])) at.push(i);
    const i = at.length === 0 ? random.int(text.length + 1) : random.pick(at);
    return text.slice(0, i + 1) + random.pick(['.', 'e', 'E+', '.e1', 'e-', '..1', '-', 'x', 'Infinity', 'NaN']) + text.slice(i + 1);
  },
  badEscape: (random, text) => {
    const at = positionsOf(text, '"');
    const i = at.length === 0 ? 0 : random.pick(at) + 1;
    return text.slice(0, i) + random.pick(['\\x', '\\u12', '\\uZZZZ', '\\U0041', '\\', '\\\'', '\\0', '\\a', '\\u{41}', '\\ ']) + text.slice(i);
  },
  controlCharacter: (random, text) => {
    const i = random.int(text.length + 1);
    return text.slice(0, i) + String.fromCharCode(random.pick([0, 1, 8, 9, 10, 12, 13, 0x1f, 0x7f, 0x0b])) + text.slice(i);
  },
  unicodeWhitespace: (random, text) => {
    const i = random.int(text.length + 1);
    return text.slice(0, i) + random.pick(['\u00a0', '\u2028', '\u2029', '\ufeff', '\u3000', '\u000b', '\u000c']) + text.slice(i);
  },
  bom: (random, text) => (random.chance(0.5) ? '\ufeff' + text : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])),
  singleQuotes: (random, text) => {
    const at = positionsOf(text, '"');
    if (at.length === 0) return "'" + text + "'";
    const i = random.pick(at);
    return text.slice(0, i) + "'" + text.slice(i + 1);
  },
  loneSurrogate: (random, text) => {
    const i = random.int(text.length + 1);
    return text.slice(0, i) + String.fromCharCode(random.between(0xd800, 0xdfff)) + text.slice(i);
  },
  byteFlip: (random, text) => {
    const bytes = Buffer.from(text);
    if (bytes.length === 0) return Buffer.from([random.int(256)]);
    const i = random.int(bytes.length);
    bytes[i] ^= 1 << random.int(8);
    return bytes;
  },
  invalidUtf8: (random, text) => {
    const bytes = Buffer.from(text);
    const bad = random.pick([[0xff], [0xfe], [0x80], [0xc0, 0xaf], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80],
      [0xf0, 0x9f, 0x98], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe0, 0x80, 0xaf]]);
    // Inside a string literal most of the time (where V8 keeps U+FFFD and the text stays valid).
    const quotes = [];
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x22) quotes.push(i + 1);
    const i = quotes.length > 0 && random.chance(0.7) ? random.pick(quotes) : random.int(bytes.length + 1);
    return Buffer.concat([bytes.subarray(0, i), Buffer.from(bad), bytes.subarray(i)]);
  },
  nulByte: (random, text) => {
    const i = random.int(text.length + 1);
    return text.slice(0, i) + '\u0000' + text.slice(i);
  },
  swapBrackets: (random, text) => {
    const at = positionsOf(text, '{}[]');
    if (at.length === 0) return text + '}';
    const i = random.pick(at);
    const swap = { '{': '[', '[': '{', '}': ']', ']': '}' };
    return text.slice(0, i) + swap[text[i]] + text.slice(i + 1);
  },
  concatenate: (random, text) => text + random.pick(['', ' ', ',', '\n']) + text,
};

export const mutationKinds = Object.keys(mutations);

/** A broken (usually invalid) copy of `text`: { kind, input } where input is a string or a Buffer. */
export function mutate(random, text, kind = random.pick(mutationKinds)) {
  return { kind, input: mutations[kind](random, text) };
}
