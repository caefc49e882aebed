// arenajson/fastify: a Fastify plugin (Fastify 4 and 5) that parses JSON
// request bodies with arenajson, in a pooled arena per request, and writes
// arena values in replies natively.
import fastifyPlugin = require('fastify-plugin');
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { Arena } from './arena';
import type { Doc } from './doc';
import { InvalidArgumentError } from './errors';
import { bodyModeOf, filterPoison, jsonParseMessage, readBody, replyBytes, withoutBom, type BodyMode, type PoisonAction, type ProtoMode } from './http-body';
import { parse } from './json';
import { ArenaPool, type ArenaPoolOptions } from './pool';

export type { BodyMode } from './http-body';

export interface ArenajsonFastifyOptions {
  /**
   * What `request.body` is: 'value' (a plain value, as Fastify's own parser
   * gives; the default), 'lazy' (a read-only lazy view) or 'doc' (a `Doc`).
   * 'lazy' and 'doc' bodies live in a pooled arena that is reset once the
   * response is sent (or the request is aborted): keep what you need with
   * `toJS()`, `raw()` or `materialize()` before that. A route picks its own
   * mode with `config: { arenajson: { body } }`.
   */
  body?: BodyMode;
  /** Content types to parse (default: 'application/json' and any 'application/*+json'). */
  contentType?: string | RegExp | (string | RegExp)[];
  /** Body size limit in bytes for these content types (default: the server's `bodyLimit`). */
  bodyLimit?: number;
  /** `__proto__` keys: 'error' (400), 'remove' or 'ignore'. Default: the server's `onProtoPoisoning`. */
  onProtoPoisoning?: PoisonAction;
  /** `constructor.prototype`: 'error' (400), 'remove' or 'ignore'. Default: the server's `onConstructorPoisoning`. */
  onConstructorPoisoning?: PoisonAction;
  /** The arena pool ('lazy' and 'doc' bodies, and proto checks): an ArenaPool, or options for a new one. */
  pool?: ArenaPool | ArenaPoolOptions;
}

/** Route generics for a route whose body mode is 'doc' (`fastify.post<DocBody>(...)`). */
export interface DocBody {
  Body: Doc;
}
/** Route generics for a route whose body mode is 'lazy': reads like the parsed value. */
export interface LazyBody<T = any> {
  Body: Readonly<T>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The arena the body lives in ('lazy' and 'doc' modes), reset after the response; null otherwise. */
    arena: Arena | null;
  }
  interface FastifyContextConfig {
    /** Per-route options of arenajson/fastify. */
    arenajson?: { body?: BodyMode };
  }
}

const defaultContentTypes: (string | RegExp)[] = ['application/json', /^application\/[^\s/;]+\+json\s*(?:;|$)/i];
const poisonActions: readonly string[] = ['error', 'remove', 'ignore'];

// The errors Fastify's own JSON parser gives (fastify/lib/errors.js), by shape:
// code, statusCode, message, name 'FastifyError'.
function fastifyError(code: string, message: string, statusCode: number, base: ErrorConstructor = Error, cause?: unknown): Error {
  const error = new base(message, cause === undefined ? undefined : { cause }) as Error & { code: string; statusCode: number };
  error.name = 'FastifyError';
  error.code = code;
  error.statusCode = statusCode;
  return error;
}

const jsonBodyMessage = "Body is not valid JSON but content-type is set to 'application/json'";
const emptyBodyMessage = "Body cannot be empty when content-type is set to 'application/json'";
const protoMessage = 'Object contains forbidden prototype property';

function poisonOption(value: unknown, name: string): PoisonAction {
  if (!poisonActions.includes(value as string)) throw new InvalidArgumentError(`${name} must be 'error', 'remove' or 'ignore'`);
  return value as PoisonAction;
}

const responseKey = Symbol('arenajson.fastify.response');

function plugin(fastify: FastifyInstance, options: ArenajsonFastifyOptions, done: (error?: Error) => void): void {
  const defaultMode = bodyModeOf(options.body);
  // Per registration: a request's arena goes back to the pool it came from.
  const arenaKey = Symbol('arenajson.fastify.arena');
  const initial = fastify.initialConfig as { onProtoPoisoning?: string; onConstructorPoisoning?: string };
  const protoAction = poisonOption(options.onProtoPoisoning ?? initial.onProtoPoisoning ?? 'error', 'onProtoPoisoning');
  const constructorAction = poisonOption(options.onConstructorPoisoning ?? initial.onConstructorPoisoning ?? 'error', 'onConstructorPoisoning');
  // Our proto option handles both kinds of key alike; two different actions
  // need the plain value and a walk over it (only for poisoned bodies).
  const mixed = protoAction !== constructorAction;
  const proto: ProtoMode = mixed ? 'error' : protoAction === 'ignore' ? 'keep' : protoAction;
  const pool = options.pool instanceof ArenaPool ? options.pool : new ArenaPool(options.pool ?? {});
  const major = Number(String(fastify.version).split('.')[0]);
  const types = options.contentType ?? defaultContentTypes;

  function modeOf(config: { arenajson?: { body?: BodyMode } } | undefined): BodyMode {
    const mode = config?.arenajson?.body;
    return mode === undefined ? defaultMode : bodyModeOf(mode, 'config.arenajson.body');
  }

  // Fastify's JSON schema validator needs a plain body: a route with a body
  // schema must take 'value' bodies.
  fastify.addHook('onRoute', (route) => {
    const mode = modeOf(route.config as { arenajson?: { body?: BodyMode } });
    if (mode !== 'value' && route.schema?.body !== undefined) {
      throw new InvalidArgumentError(
        `arenajson/fastify: route ${route.method} ${route.url} has a body schema, which validates only plain bodies; ` +
          `give it config: { arenajson: { body: 'value' } }`,
      );
    }
    if (mode !== 'value' && mixed) {
      throw new InvalidArgumentError("arenajson/fastify: 'lazy' and 'doc' bodies need onProtoPoisoning and onConstructorPoisoning to be the same action");
    }
  });

  function parseError(error: unknown, buf: Buffer): unknown {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ERR_JSON_SYNTAX') {
      if (major >= 5) return fastifyError('FST_ERR_CTP_INVALID_JSON_BODY', jsonBodyMessage, 400, Error, error);
      // Fastify 4 answers with JSON.parse's own SyntaxError and a 400.
      return Object.assign(new SyntaxError(jsonParseMessage(buf.toString())), { statusCode: 400 });
    }
    if (code === 'ERR_JSON_PROTO') {
      if (major >= 5) return fastifyError('FST_ERR_CTP_INVALID_JSON_BODY', jsonBodyMessage, 400, Error, error);
      return Object.assign(new SyntaxError(protoMessage), { statusCode: 400 });
    }
    if (code === 'ERR_ARENA_LIMIT') return fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 'Request body is too large', 413, RangeError as ErrorConstructor, error);
    return error;
  }

  function parser(request: FastifyRequest, buf: Buffer, next: (error: Error | null, body?: unknown) => void): void {
    if (buf.length === 0) {
      next(fastifyError('FST_ERR_CTP_EMPTY_JSON_BODY', emptyBodyMessage, 400));
      return;
    }
    const mode = modeOf(request.routeOptions.config as { arenajson?: { body?: BodyMode } });
    let result;
    try {
      result = readBody(buf, mode, proto, pool);
    } catch (error) {
      if (mixed && (error as { code?: unknown }).code === 'ERR_JSON_PROTO') {
        try {
          next(null, filterPoison(parse(withoutBom(buf)), protoAction, constructorAction));
        } catch (poisoned) {
          next(parseError(poisoned, buf) as Error);
        }
        return;
      }
      next(parseError(error, buf) as Error);
      return;
    }
    if (result.arena !== undefined) {
      (request as any)[arenaKey] = result.arena;
      request.arena = result.arena;
      // A client that leaves after sending the whole body ends neither in
      // onResponse nor in onRequestAbort: the response's 'close' catches it.
      const res = (request as any)[responseKey] as ServerResponse | undefined;
      if (res !== undefined) {
        if (res.destroyed) {
          releaseArena(request);
        } else {
          res.once('close', () => releaseArena(request));
        }
      }
    }
    next(null, result.body);
  }

  function releaseArena(request: FastifyRequest): void {
    const arena = (request as any)[arenaKey] as Arena | undefined;
    if (arena === undefined) return;
    (request as any)[arenaKey] = undefined;
    request.arena = null;
    pool.release(arena);
  }

  const parserOptions: { parseAs: 'buffer'; bodyLimit?: number } = { parseAs: 'buffer' };
  if (options.bodyLimit !== undefined) parserOptions.bodyLimit = options.bodyLimit;
  for (const type of Array.isArray(types) ? types : [types]) {
    // Fastify's own application/json parser gives way to ours.
    if (typeof type === 'string' && fastify.hasContentTypeParser(type)) fastify.removeContentTypeParser(type);
    fastify.addContentTypeParser(type, parserOptions, parser as any);
  }
  if (!fastify.hasRequestDecorator('arena')) fastify.decorateRequest('arena', null);

  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, hookDone: () => void) => {
    (request as any)[responseKey] = reply.raw;
    hookDone();
  });
  // The arena goes back to the pool once the response is sent, or when the client went away.
  fastify.addHook('onResponse', (request: FastifyRequest, _reply: FastifyReply, hookDone: () => void) => {
    releaseArena(request);
    hookDone();
  });
  fastify.addHook('onRequestAbort', (request: FastifyRequest, hookDone: () => void) => {
    releaseArena(request);
    hookDone();
  });
  // An arena value in reply.send() is written natively, as JSON, while its arena is alive.
  fastify.addHook('preSerialization', (_request: FastifyRequest, reply: FastifyReply, payload: unknown, hookDone: (error: Error | null, payload?: unknown) => void) => {
    let bytes;
    try {
      bytes = replyBytes(payload);
    } catch (error) {
      hookDone(error as Error);
      return;
    }
    if (bytes === undefined) {
      hookDone(null, payload);
      return;
    }
    reply.serializer(passThrough as (payload: unknown) => string);
    hookDone(null, bytes);
  });
  fastify.addHook('onClose', (_instance: FastifyInstance, hookDone: () => void) => {
    if (!(options.pool instanceof ArenaPool)) pool.trim();
    hookDone();
  });
  done();
}

function passThrough(payload: unknown): unknown {
  return payload;
}

/**
 * The plugin: `fastify.register(arenajson, { body: 'doc' })`. Made with
 * fastify-plugin, so it applies to the scope it is registered in and below.
 */
const arenajsonFastify = fastifyPlugin(plugin, { fastify: '4.x || 5.x', name: 'arenajson' });

export default arenajsonFastify;
export { arenajsonFastify, ArenaPool };
