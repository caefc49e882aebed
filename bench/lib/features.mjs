// Which planned features the build under test has. Scenarios whose feature is
// missing report "not implemented" and light up by themselves when it lands.
// Each check looks only at the public surface (SPEC §3).

/** parseLazy(text): the lazy, Proxy-backed view (SPEC §3.5). */
export const hasParseLazy = (api) => typeof api.parseLazy === 'function';

/**
 * Native serialization of a document (SPEC §3.3: doc.stringify / doc.toBuffer
 * "serialized from native memory"). Value.stringify has always existed as
 * JSON.stringify(toJS()); toBuffer arrives with the native writer.
 */
export const hasNativeDocStringify = (api) =>
  typeof api.Doc?.prototype?.stringify === 'function' && typeof api.Doc?.prototype?.toBuffer === 'function';

/** arena.object(): building a new object inside the arena (SPEC §3.4). */
export const hasArenaObject = (api) => typeof api.Arena?.prototype?.object === 'function';

export function missing(feature) {
  return { missing: `${feature} is not implemented yet` };
}
