// `arenajson/register`: installs parse and stringify as the process's
// JSON.parse and JSON.stringify when it is loaded (require or import), and
// gives V8's back on unregister(). Every caller of the globals then takes
// arenajson's path, other libraries included; arenajson itself keeps calling
// V8's functions (lib/builtin-json.ts).
import { parse, stringify } from './json';
import { builtinParse, builtinStringify } from './builtin-json';

/** Makes arenajson's parse and stringify the global JSON.parse and JSON.stringify (done when this module loads). */
export function register(): void {
  JSON.parse = parse;
  JSON.stringify = stringify as typeof JSON.stringify;
}

/**
 * Gives JSON.parse and JSON.stringify back the functions they had when
 * arenajson loaded (V8's). A global that something else replaced since
 * register() is left as it is.
 */
export function unregister(): void {
  if (JSON.parse === parse) JSON.parse = builtinParse;
  if (JSON.stringify === (stringify as unknown)) JSON.stringify = builtinStringify;
}

register();
