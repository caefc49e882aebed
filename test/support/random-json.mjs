// Deterministic generators of JSON text with every number, string and key
// form the writer has to get right: non-canonical numbers, every escape, lone
// surrogates, integer-like and repeated keys, odd whitespace.

/** A small seeded PRNG (mulberry32). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (random, list) => list[Math.floor(random() * list.length)];
const int = (random, n) => Math.floor(random() * n);

/** A double with random bits (finite). */
export function randomDouble(random) {
  const buffer = new DataView(new ArrayBuffer(8));
  do {
    buffer.setUint32(0, Math.floor(random() * 2 ** 32));
    buffer.setUint32(4, Math.floor(random() * 2 ** 32));
  } while (!Number.isFinite(buffer.getFloat64(0)));
  return buffer.getFloat64(0);
}

const fixedNumbers = [
  '0', '-0', '0.0', '-0.0', '1', '-1', '1.0', '1.50', '1E2', '1e2', '1e+2', '1E-2', '1e-7', '1e-6', '0.000001',
  '0.0000001', '1e21', '1e20', '100000000000000000000', '1000000000000000000000', '123456789012345678',
  '9007199254740993', '12345678901234567890123', '1e400', '-1e400', '1e-400', '-1e-400', '5e-324', '2.5e-324',
  '1.7976931348623157e308', '1.7976931348623159e308', '4.9406564584124654e-324', '0.1', '0.30000000000000004',
  '123456789012345', '1234567890123456', '999999999999999.9', '1.23456789012345678901234567890', '0e0', '0E+0',
  '-0e-0', '00.5'.slice(1), '10.10', '1.5e-5', '1.5e-10', '123e-20', '0.00001234', '1.2e+21', '9.999999999999999e20',
  '4294967295', '4294967296', '-4294967296', '2e-7', '3.14159', '-65.613616999999977', '1.00000000000000000001',
];

/** JSON number text for a value, in one of many spellings. */
export function randomNumberText(random) {
  const mode = int(random, 8);
  if (mode === 0) return pick(random, fixedNumbers);
  if (mode === 1) return String(int(random, 1000000) * (random() < 0.3 ? -1 : 1));
  let x = mode === 2 ? randomDouble(random) : (random() - 0.5) * 10 ** (int(random, 40) - 20);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  x = Math.abs(x);
  switch (int(random, 5)) {
    case 0: return sign + String(x).replace('e+', pick(random, ['e+', 'E', 'e', 'E+']));
    case 1: return sign + x.toExponential(int(random, 20)).replace('e+', pick(random, ['e', 'E+']));
    case 2: return sign + (x < 1e21 ? x.toFixed(int(random, 20)) : String(x));
    case 3: return sign + x.toPrecision(1 + int(random, 21));
    default: return sign + String(x) + (String(x).includes('e') ? '' : pick(random, ['', '0', '00', 'e0', 'E-0', 'e+00']));
  }
}

const hex = (unit, upper) => {
  const text = unit.toString(16).padStart(4, '0');
  return upper ? text.toUpperCase() : text;
};

/** The body of a JSON string literal (between the quotes). */
export function randomStringBody(random, maxLength = 12) {
  const length = int(random, maxLength + 1);
  let body = '';
  for (let i = 0; i < length; i++) {
    switch (int(random, 14)) {
      case 0: body += pick(random, ['\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t']); break;
      case 1: body += '\\u' + hex(int(random, 0x20), random() < 0.5); break;
      case 2: body += '\\u' + hex(0xd800 + int(random, 0x800), random() < 0.5); break;  // surrogates, lone or not
      case 3: body += '\\u' + hex(0xd800 + int(random, 0x400)) + '\\u' + hex(0xdc00 + int(random, 0x400)); break;
      case 4: body += '\\u' + hex(int(random, 0x10000), random() < 0.5); break;
      case 5: body += pick(random, ['\u2028', '\u2029', 'é', '日本', '😀', '\u007f', '\u0080', '\ufeff']); break;
      case 6: body += '\\u' + pick(random, ['2028', '2029', '007f', '007F', '00e9', '0022', '005c', '002f', '0000']); break;
      default: body += String.fromCharCode(0x20 + int(random, 0x5f)).replace(/["\\]/, 'x');
    }
  }
  return body;
}

const keyForms = ['0', '1', '2', '10', '01', '-1', '1.0', '4294967294', '4294967295', '4294967296', '999', '00', '', 'a', 'b',
  '__proto__', 'constructor', '\\u0030', '\\u0031\\u0032', 'a\\u0062', 'ab'];

function randomKey(random) {
  return random() < 0.5 ? pick(random, keyForms) : randomStringBody(random, 4);
}

const spaces = ['', ' ', '\n', '\t', '\r\n ', '  '];
const ws = (random) => (random() < 0.8 ? '' : pick(random, spaces));

/** A random JSON text. */
export function randomJsonText(random, depth = 0) {
  const roll = random();
  if (depth > 5 || roll < 0.45) {
    switch (int(random, 6)) {
      case 0: return pick(random, ['true', 'false', 'null']);
      case 1: case 2: return randomNumberText(random);
      default: return '"' + randomStringBody(random) + '"';
    }
  }
  const count = int(random, depth === 0 ? 12 : 6);
  const items = [];
  if (roll < 0.7) {
    for (let i = 0; i < count; i++) items.push(ws(random) + randomJsonText(random, depth + 1) + ws(random));
    return '[' + items.join(',') + ']';
  }
  for (let i = 0; i < count; i++) {
    items.push(ws(random) + '"' + randomKey(random) + '"' + ws(random) + ':' + ws(random) + randomJsonText(random, depth + 1) + ws(random));
  }
  return '{' + items.join(',') + ws(random) + '}';
}
