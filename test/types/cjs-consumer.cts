// Type-checked by test/types.check.test.mjs (tsc --strict, module NodeNext):
// what a CommonJS module that uses arenajson writes.
import arenajson = require('arenajson');
import { Arena, JsonSyntaxError, parse } from 'arenajson';
import registration = require('arenajson/register');

const one: number = arenajson.parse<number>('1');
const same: typeof parse = arenajson.parse;
// @ts-expect-error require() gives the exports object, which has no default export
arenajson.default;
const arena = new Arena();
const names = arena.parse('{"names":["a"]}').get<string[]>('names') ?? [];
arena.free();
try {
  parse('[');
} catch (error) {
  if (error instanceof JsonSyntaxError) console.log(error.position);
}
registration.register();
registration.unregister();

export = { one, same, names };
