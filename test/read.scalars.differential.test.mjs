// Numbers and strings read natively against JSON.parse: the decimal fast path
// (Clinger's: digits up to 2^53 over a power of ten up to 1e22) at every digit
// count around its limits, and string bodies whose ASCII runs, escapes and
// multi-byte characters fall at every offset of the 16-byte blocks the
// decoder widens at once. Every value is read by each route that decodes it
// natively: parse(buf) (the value tape, which parse() tries from 32 KiB on and
// which { proto: 'remove' } takes even where many distinct strings would send
// the default to JSON.parse), doc.get() (one value), a lazy view, and
// doc.stringify(), whose numbers not in V8's form are decoded to be
// rewritten. Set ARENAJSON_SEED to replay another run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arena, parse, parseLazy, release } from '../dist/index.mjs';
import { prng, randomNumberText, randomStringBody } from './support/random-json.mjs';

const seed = Number(process.env.ARENAJSON_SEED ?? 20261207);

const digitsOf = (random, count, first = '123456789') => {
  let out = first[Math.floor(random() * first.length)];
  for (let i = 1; i < count; i++) out += String(Math.floor(random() * 10));
  return out;
};

/** Number texts around the fast path's limits, and random ones. */
function numberTexts(random) {
  const texts = ['0.0', '-0.0', '-0.000', '0.000', '-0.5', '9007199254740992.0', '9007199254740993.0'];
  // Every split of integer and fraction digits up to 19 digits in all, each signed and not.
  for (let whole = 1; whole <= 18; whole++) {
    for (let fraction = 0; fraction <= 19 - whole; fraction++) {
      for (let k = 0; k < 3; k++) {
        const int = whole === 1 && k === 0 ? '0' : digitsOf(random, whole);
        const text = fraction === 0 ? int : `${int}.${digitsOf(random, fraction, '0123456789')}`;
        texts.push(text, `-${text}`);
      }
    }
  }
  // Mantissas at 2^53 and on either side, with the dot at every place.
  for (let m = 9007199254740985n; m <= 9007199254741000n; m++) {
    const digits = String(m);
    for (let dot = 1; dot < digits.length; dot++) texts.push(`${digits.slice(0, dot)}.${digits.slice(dot)}`);
  }
  // Leading zeros in the fraction: small values with few significant digits.
  for (let zeros = 0; zeros <= 22; zeros++) {
    texts.push(`0.${'0'.repeat(zeros)}${digitsOf(random, 1 + Math.floor(random() * 6))}`);
  }
  // Halfway between two doubles, and next to it, when read as short decimals.
  for (let i = 0; i < 400; i++) {
    const x = (random() - 0.5) * 10 ** Math.floor(random() * 12);
    texts.push(x.toFixed(Math.floor(random() * 17)), x.toPrecision(1 + Math.floor(random() * 17)));
  }
  for (let i = 0; i < 3000; i++) texts.push(randomNumberText(random));
  return texts.filter((text) => text.length < 400);
}

const asciiRun = (random, length) => {
  let out = '';
  for (let i = 0; i < length; i++) {
    const c = 0x20 + Math.floor(random() * 0x60);  // ' ' .. DEL
    out += c === 0x22 || c === 0x5c ? 'q' : String.fromCharCode(c);
  }
  return out;
};

// One of each thing the decoder's scalar step reads.
const specials = ['\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', '\\u0041', '\\u00e9', '\\u2028', '\\ud83d\\ude00',
  '\\udc00', '\\ud800', 'é', 'ß', '日', '€', '😀', '\u0080', '\uffff', '\u007f'];

/** String bodies with runs and specials at every offset of a 16-byte block. */
function stringBodies(random) {
  const bodies = [];
  for (let offset = 0; offset <= 33; offset++) {
    for (const special of specials) {
      for (const after of [0, 1, 15, 16, 17, 40]) {
        bodies.push(asciiRun(random, offset) + special + asciiRun(random, after));
      }
    }
  }
  for (let i = 0; i < 3000; i++) {
    let body = '';
    for (let parts = 1 + Math.floor(random() * 6); parts > 0; parts--) {
      body += random() < 0.5 ? asciiRun(random, Math.floor(random() * 48)) : randomStringBody(random, 4);
    }
    bodies.push(body);
  }
  return bodies;
}

/** Reads every element of the array `text` by each native route and compares it with JSON.parse. */
function compareElements(text, label) {
  const expected = JSON.parse(text);
  const buffer = Buffer.from(text);
  // Below this size parse() does not try the tape (tapeMinBytes in lib/value-tape.ts).
  assert.ok(buffer.length >= 32 * 1024, `${label}: ${buffer.length} bytes`);
  const whole = parse(buffer);
  const taped = parse(buffer, { proto: 'remove' });
  const arena = new Arena();
  const lazy = parseLazy(buffer);
  try {
    const doc = arena.parse(buffer);
    let mismatches = 0;
    const first = [];
    expected.forEach((want, i) => {
      const routes = [['parse(buf)', whole[i]], ['parse(buf, { proto: remove })', taped[i]], ['doc.get', doc.get(String(i))],
        ['lazy view', lazy[i]]];
      for (const [route, got] of routes) {
        if (!Object.is(got, want)) {
          mismatches++;
          if (first.length < 5) first.push(`${route} [${i}]: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
        }
      }
    });
    assert.equal(mismatches, 0, `${label}: ${mismatches} mismatches, first: ${first.join('; ')}`);
    assert.equal(doc.stringify(), JSON.stringify(expected), `${label}: doc.stringify()`);
    return expected.length;
  } finally {
    release(lazy);
    arena.free();
  }
}

test('numbers read natively equal JSON.parse, at every digit count around the fast path', () => {
  const random = prng(seed);
  const texts = numberTexts(random);
  assert.ok(texts.length > 5000, `${texts.length} numbers`);
  assert.equal(compareElements(`[${texts.join(',')}]`, `numbers (seed ${seed})`), texts.length);
});

test('strings read natively equal JSON.parse, with runs and escapes at every block offset', () => {
  const random = prng(seed + 1);
  const bodies = stringBodies(random);
  let values = 0;
  for (let at = 0; at < bodies.length; at += 2000) {
    const chunk = bodies.slice(at, at + 2000).map((body) => `"${body}"`);
    values += compareElements(`[${chunk.join(',')}]`, `strings from ${at} (seed ${seed + 1})`);
  }
  assert.equal(values, bodies.length);
});
