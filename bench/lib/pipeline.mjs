// The seed pipeline, shared by the pipeline/seed scenario and bench:seed:
// parse a body, project some of its fields into a new object, serialize it.
import { compileProjection, gjsonPath, projectionNames } from './paths.mjs';

/** JSON.parse → a new object of the fields → JSON.stringify. */
export function plainPipeline(fields) {
  const project = compileProjection(fields, projectionNames(fields.length));
  return (buf) => JSON.stringify(project(JSON.parse(buf.toString())));
}

/** arena.parse → arena.object() with each field set by reference → toBuffer() → reset. */
export function arenaPipeline(arena, fields) {
  const paths = fields.map(gjsonPath);
  const names = projectionNames(fields.length);
  return (buf) => {
    const doc = arena.parse(buf);
    const out = arena.object();
    for (let i = 0; i < paths.length; i++) out.set(names[i], doc.query(paths[i]));
    const bytes = out.toBuffer();
    arena.reset();
    return bytes;
  };
}

/**
 * Until arena.object() exists: arena.parse → doc.get of each field into a
 * plain object → JSON.stringify → reset.
 */
export function arenaReadPipeline(arena, fields) {
  const paths = fields.map(gjsonPath);
  const names = projectionNames(fields.length);
  return (buf) => {
    const doc = arena.parse(buf);
    const out = {};
    for (let i = 0; i < paths.length; i++) out[names[i]] = doc.get(paths[i]);
    const text = JSON.stringify(out);
    arena.reset();
    return text;
  };
}
