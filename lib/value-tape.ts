// parse(bytes) without a round trip through a JS string: the native side
// parses the bytes, decodes the numbers (exactly as JSON.parse) into a value
// tape (native/read/value_tape.h) and makes each distinct string once; this file
// builds the JS value from the tape. toJS() of a large container takes the
// same route instead of its text and JSON.parse. It beats decoding the bytes
// and running JSON.parse on numbers, long strings and repeated keys; for
// documents of many distinct strings the native side declines and
// JSON.parse runs.
import { binding, type Handle, type NativeArena } from './binding';
import { readModeLimit, type ReadMode } from './options';

// Ops, as native/read/value_tape.h numbers them.
const opNumber = 0;
const opString = 1;
const opNull = 2;
const opTrue = 3;
const opFalse = 4;
const opArray = 5;
const opNumberArray = 7;

// ARENAJSON_PARSE_TAPE=never keeps parse() and toJS() on JSON.parse; =always
// takes the tape for every input it can (the tests' switch).
const tapeSetting = process.env.ARENAJSON_PARSE_TAPE;
const always = tapeSetting === 'always';

// Below this size JSON.parse is as fast and the tape's call costs more.
export const tapeMinBytes = tapeSetting === 'never' ? Infinity : always ? 0 : 32 * 1024;

// Tape arrays reused from call to call (warm memory); larger ones are
// made for one call and dropped.
const keptOpsLength = 4 * 1024 * 1024;
let keptOps: Int32Array = new Int32Array(0);
let keptNumbers: Float64Array = new Float64Array(0);

/**
 * The value of `input` as JSON.parse gives it (bytes read as UTF-8) under
 * the read mode, or undefined when the tape declines (invalid JSON too).
 * Under a read mode other than 0 the tape declines only for depth or for a
 * poisoned key under proto 'error': the other way there is slower.
 */
export function parseByTape(input: Uint8Array | string, mode: ReadMode = 0): unknown {
  const anyway = always || mode !== 0;
  if (!anyway && typeof input === 'string' && !asciiHead(input)) return undefined;
  return byTape((ops, numbers) => binding.parseTape(input, ops, numbers, anyway, mode));
}

// The tape takes text only when it is ASCII (tape_may_pay_for_text in
// native/read/value_tape.h): a wider character in the first KiB declines here,
// before the native side converts a 16 KiB sample to look (~1% of
// JSON.parse's time on twitter.json).
function asciiHead(text: string): boolean {
  const end = text.length < 1024 ? text.length : 1024;
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) > 0x7f) return false;
  }
  return true;
}

// What native toJS() fills when it answers through the tape (binding/tape_out.h).
const state: { strings: string[] | undefined; need: number } = { strings: undefined, need: 0 };
// toJS() flags, above every read mode, that allow the tape (binding/tape_out.h:
// tape_mode, tape_always).
const tapeMode = always ? readModeLimit + 2 * readModeLimit : readModeLimit;
binding.setTapeArrays(state, keptOps, keptNumbers);

/**
 * value.toJS() with the default read options: the native side answers a
 * large container through the tape (then this builds it), anything else as
 * its value, in the same call.
 */
export function toJSByTape(native: NativeArena, generation: number, handle: Handle): unknown {
  if (tapeSetting === 'never') return native.toJS(generation, handle, 0);
  const result = native.toJS(generation, handle, tapeMode);
  if (result !== state) return result;
  let strings = takeStrings();
  let ops = keptOps;
  let numbers = keptNumbers;
  if (typeof strings === 'number') {
    [ops, numbers] = arraysFor(strings);
    binding.setTapeArrays(state, ops, numbers);
    const again = native.toJS(generation, handle, tapeMode);
    if (ops !== keptOps) binding.setTapeArrays(state, keptOps, keptNumbers);
    if (again !== state) return again;
    strings = takeStrings();
  }
  if (!Array.isArray(strings)) return native.toJS(generation, handle, 0);
  return new TapeReader(ops, numbers, strings).value();
}

// What the last toJS() through the tape left in `state`: its strings, or
// the ops length it needs.
function takeStrings(): string[] | number {
  const strings = state.strings;
  state.strings = undefined;
  return strings ?? state.need;
}

// Arrays for `opsLength` ops: the kept ones, grown when that is not too large.
function arraysFor(opsLength: number): [Int32Array, Float64Array] {
  if (opsLength <= keptOpsLength && keptOps.length < opsLength) {
    keptOps = new Int32Array(opsLength);
    keptNumbers = new Float64Array(opsLength >>> 1);
    binding.setTapeArrays(state, keptOps, keptNumbers);
  }
  return keptOps.length >= opsLength ? [keptOps, keptNumbers] : [new Int32Array(opsLength), new Float64Array(opsLength >>> 1)];
}

type TapeWriter = (ops: Int32Array, numbers: Float64Array) => (string | bigint)[] | number | undefined;

// Asks `write` for the tape in the kept arrays, again in larger ones when
// they are short, and builds the value.
function byTape(write: TapeWriter): unknown {
  let ops = keptOps;
  let numbers = keptNumbers;
  let strings = write(ops, numbers);
  if (typeof strings === 'number') {
    [ops, numbers] = arraysFor(strings);
    strings = write(ops, numbers);
  }
  if (!Array.isArray(strings)) return undefined;
  return new TapeReader(ops, numbers, strings).value();
}

class TapeReader {
  private op = 0;
  private number = 0;

  constructor(
    private readonly ops: Int32Array,
    private readonly numbers: Float64Array,
    private readonly strings: (string | bigint)[],  // BigInts too, under the bigint option
  ) {}

  value(): unknown {
    const ops = this.ops;
    const op = ops[this.op++];
    if (op === opNumber) return this.numbers[this.number++];
    if (op === opString) return this.strings[ops[this.op++]];
    if (op === opArray) {
      const length = ops[this.op++];
      const array = new Array(length);
      for (let i = 0; i < length; i++) array[i] = this.value();
      return array;
    }
    if (op === opNumberArray) {
      const length = ops[this.op++];
      const numbers = this.numbers;
      let at = this.number;
      const array = new Array(length);
      for (let i = 0; i < length; i++) array[i] = numbers[at++];
      this.number = at;
      return array;
    }
    if (op === opNull) return null;
    if (op === opTrue) return true;
    if (op === opFalse) return false;
    // opObject
    const count = ops[this.op++];
    const object: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      const id = ops[this.op++];
      if (id >= 0) {
        object[this.strings[id] as string] = this.value();
      } else {
        // "__proto__" is an own property in JSON.parse's result, not the prototype.
        Object.defineProperty(object, this.strings[~id] as string, { value: this.value(), writable: true, enumerable: true, configurable: true });
      }
    }
    return object;
  }
}
