// Reads a deeply nested document through every entry point that takes the
// read options, under every option, and checks each result against
// JSON.parse's (walked iteratively: the results are too deep for a recursive
// comparison). Run by test/read.deep.test.mjs in a child process and in a
// worker thread; prints (or posts) one summary object.
import { Arena, get, materialize, parse, parseLazy, parseLazyAsync } from '../../dist/index.mjs';

const big = '12345678901234567890';

/** A document `depth` containers deep around a leaf with a BigInt and a poisoned key. */
export function deepText(shape, depth) {
  const leaf = `{"n":${big},"__proto__":{"x":1},"k":[1]}`;
  if (shape === 'array') return '['.repeat(depth) + leaf + ']'.repeat(depth);
  return '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
}

/** Every read option (and one combination). */
export const readOptions = [undefined, { bigint: 'unsafe' }, { bigint: 'always' }, { proto: 'remove' }, { proto: 'error' }, { proto: 'remove', bigint: 'always' }];

// Follows `depth` levels down; returns the leaf, or a message naming what differs.
function leafOf(value, shape, depth) {
  let at = value;
  for (let i = 0; i < depth; i++) {
    if (shape === 'array') {
      if (!Array.isArray(at) || at.length !== 1) return { wrong: `level ${i} is not a one-element array` };
      at = at[0];
    } else {
      if (at === null || typeof at !== 'object' || Array.isArray(at) || Object.keys(at).join() !== 'a') return { wrong: `level ${i} is not {a}` };
      at = at.a;
    }
  }
  return { leaf: at };
}

function checkLeaf(leaf, option) {
  if (leaf === null || typeof leaf !== 'object') return 'the leaf is not an object';
  const bigint = option?.bigint === 'unsafe' || option?.bigint === 'always';
  if (bigint ? leaf.n !== BigInt(big) : leaf.n !== Number(big)) return `n is ${String(leaf.n)}`;
  const removed = option?.proto === 'remove';
  if (Object.hasOwn(leaf, '__proto__') === removed) return `__proto__ ${removed ? 'kept' : 'dropped'}`;
  if (Object.getPrototypeOf(leaf) !== Object.prototype) return 'the prototype changed';
  if (!Array.isArray(leaf.k) || leaf.k[0] !== (option?.bigint === 'always' ? 1n : 1)) return 'k differs';
  return null;
}

/** Every entry point: each returns the JS value of the whole document. */
const entryPoints = {
  'parse(string)': (text, option) => parse(text, option),
  'parse(buffer)': (text, option) => parse(Buffer.from(text), option),
  'arena.parse(text, options).toJS()': (text, option, arena) => arena.parse(text, option).toJS(),
  'arena.parse(text).toJS(options)': (text, option, arena) => arena.parse(text).toJS(option),
  'arena.parseAsync(text, options)': async (text, option, arena) => (await arena.parseAsync(text, option)).toJS(),
  'doc.get("@this", options)': (text, option, arena) => arena.parse(text).get('@this', option),
  'doc.query("@this").toJS(options)': (text, option, arena) => arena.parse(text).query('@this').toJS(option),
  'get(text, "@this", options)': (text, option) => get(text, '@this', option),
  'parseLazy + materialize': (text, option) => materialize(parseLazy(text, option)),
  'parseLazyAsync + materialize': async (text, option) => materialize(await parseLazyAsync(text, option)),
  'doc.lazy(options) + materialize': (text, option, arena) => materialize(arena.parse(text).lazy(option)),
};

/** Runs the matrix; returns { checked, failures: [..] }. */
export async function runDeepReads(depths, shapes = ['array', 'object'], options = readOptions) {
  const failures = [];
  let checked = 0;
  for (const depth of depths) {
    for (const shape of shapes) {
      const text = deepText(shape, depth);
      const plain = JSON.parse(text);  // V8 takes any depth
      const oracle = leafOf(plain, shape, depth);
      if (oracle.wrong || checkLeaf(oracle.leaf, undefined) !== null) failures.push(`JSON.parse oracle ${shape} ${depth}`);
      for (const [name, read] of Object.entries(entryPoints)) {
        for (const option of options) {
          const label = `${name} ${JSON.stringify(option ?? {})} ${shape} ${depth}`;
          const arena = new Arena();
          try {
            let value;
            let error;
            try {
              value = await read(text, option, arena);
            } catch (e) {
              error = e;
            }
            checked++;
            if (option?.proto === 'error') {
              if (error?.code !== 'ERR_JSON_PROTO') failures.push(`${label}: expected ERR_JSON_PROTO, got ${error ? error.message.slice(0, 200) : 'a value'}`);
              continue;
            }
            if (error) {
              failures.push(`${label}: threw ${error.name}: ${String(error.message).slice(0, 200)}`);
              continue;
            }
            const found = leafOf(value, shape, depth);
            const wrong = found.wrong ?? checkLeaf(found.leaf, option);
            if (wrong) failures.push(`${label}: ${wrong}`);
          } finally {
            arena.free();
          }
        }
      }
    }
  }
  return { checked, failures };
}
