// V8's JSON.parse and JSON.stringify, taken once when arenajson loads. The
// library calls only these, never the globals: once parse and stringify are
// installed as JSON.parse and JSON.stringify (arenajson/register), a call
// through the globals would come back here and recurse without end.

/** V8's JSON.parse, as it was when arenajson loaded. */
export const builtinParse: typeof JSON.parse = JSON.parse;

/** V8's JSON.stringify, as it was when arenajson loaded. */
export const builtinStringify: typeof JSON.stringify = JSON.stringify;
