// Type-checked by test/types.check.test.mjs (tsc --strict, module NodeNext):
// what an ES module that uses arenajson writes. Each `@ts-expect-error`
// marks a line that must not compile.
import arenajson, { Arena, InvalidArgumentError, JsonSyntaxError, get, parse, parseLazy, parseLazyAsync, stringify } from 'arenajson';
import type { ArenaStats, Doc, ReadOptions, Value } from 'arenajson';
import * as namespace from 'arenajson';
import registration, { register, unregister } from 'arenajson/register';

// The default export is the module object: the same functions as the named exports.
const viaDefault: typeof parse = arenajson.parse;
const viaNamespace: typeof stringify = namespace.default.stringify;
const implementation: string = arenajson.implementation;

// Results are `any` unless named; `unknown` must be narrowed before use.
interface Config {
  name: string;
  port: number;
}
const config = parse<Config>('{"name":"api","port":8080}');
const port: number = config.port;
const loose = parse('{"a":{"b":1}}');
const deep: number = loose.a.b;
const checked = parse<unknown>('1');
// @ts-expect-error an unknown result is narrowed first
checked.toFixed();
if (typeof checked === 'number') checked.toFixed();
const fromBytes: number[] = parse<number[]>(Buffer.from('[1,2]'));
const options: ReadOptions = { bigint: 'always', proto: 'error' };
const big = parse<{ id: bigint }>('{"id":1}', options);
const idText: string = big.id.toString();
const revived = parse('[1,2]', (key, value) => (typeof value === 'number' ? value * 2 : value));
const field = get<string>('{"a":"b"}', 'a');
// @ts-expect-error get<T> may find nothing
const mustCheck: string = field;
const text: string | undefined = stringify({ a: 1 }, null, 2);
const bigText = stringify({ n: 1n }, ['n'], '\t', { bigint: true });
// @ts-expect-error stringify takes four arguments at most
stringify(1, null, 0, {}, 5);

const arena = new Arena({ maxSize: 1 << 20 });
const doc: Doc = arena.parse('{"a":[1,2]}');
const list = doc.get<number[]>('a');
const total: number = (list ?? []).reduce((sum, n) => sum + n, 0);
const whole = doc.toJS<{ a: number[] }>();
whole.a.push(3);
const anything = doc.toJS();
anything.whatever.goes;
const value: Value | undefined = doc.query('a');
const lazyList = value?.lazy<number[]>();
const view = parseLazy<{ a: number[] }>('{"a":[1]}');
const size: number = view.a.length;
const later: Promise<{ a: number[] }> = parseLazyAsync<{ a: number[] }>('{"a":[1]}');
const stats: ArenaStats = arena.stats;
arena.free();

try {
  parse('{');
} catch (error) {
  if (error instanceof JsonSyntaxError) {
    const position: number = error.position;
    const code: 'ERR_JSON_SYNTAX' = error.code;
  }
  if (error instanceof InvalidArgumentError) {
    const code: 'ERR_INVALID_ARG' = error.code;
  }
}

// Installing the drop-ins, through the module or by hand.
register();
unregister();
registration.unregister();
JSON.parse = parse;
JSON.stringify = stringify as typeof JSON.stringify;

export { viaDefault, viaNamespace, implementation, port, deep, fromBytes, idText, revived, mustCheck, text, bigText, total, lazyList, size, later, stats };
