// arenajson/express: a JSON body middleware for Express 4 and 5 with
// express.json()'s options and errors, parsing with arenajson in a pooled
// arena per request, plus sendJson(), which writes arena values natively.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { Request as ExpressRequest } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import type { Arena } from './arena';
import type { Doc } from './doc';
import { builtinStringify } from './builtin-json';
import { InvalidArgumentError } from './errors';
import { bodyModeOf, jsonParseMessage, readBody, replyBytes, type BodyMode, type ProtoMode } from './http-body';
import { ArenaPool, type ArenaPoolOptions } from './pool';

export type { BodyMode, ProtoMode } from './http-body';

export interface ArenajsonExpressOptions {
  /**
   * What `req.body` is: 'value' (a plain value, as express.json() gives; the
   * default), 'lazy' (a read-only lazy view) or 'doc' (a `Doc`). 'lazy' and
   * 'doc' bodies live in a pooled arena that is reset when the response has
   * finished or the connection closed: keep what you need with `toJS()`,
   * `raw()` or `materialize()` before that.
   */
  body?: BodyMode;
  /** Largest body in bytes, or a string such as '1mb' (default '100kb'). Compressed bodies are measured inflated. */
  limit?: number | string;
  /** Inflate gzip, deflate and br bodies (default true); false answers 415 to a compressed body. */
  inflate?: boolean;
  /** Content types to parse: a type ('application/json', 'json', '*\/*+json', ...), a list, or a function of the request (default 'application/json'). */
  type?: string | string[] | ((req: IncomingMessage) => boolean);
  /** Accept only objects and arrays at the top level (default true). */
  strict?: boolean;
  /** Called with the raw bytes before parsing; throwing rejects the request with a 403. */
  verify?: (req: IncomingMessage, res: ServerResponse, buf: Buffer, encoding: string) => void;
  /** `__proto__` and `constructor.prototype` keys: 'keep' (default, as express.json()), 'remove' or 'error' (400). */
  proto?: ProtoMode;
  /** The arena pool ('lazy' and 'doc' bodies, proto checks): an ArenaPool, or options for a new one. */
  pool?: ArenaPool | ArenaPoolOptions;
}

/** The request of a route whose body mode is 'doc': `app.post('/', (req: DocRequest, res) => ...)`. */
export type DocRequest<Params = ParamsDictionary> = ExpressRequest<Params, any, Doc>;
/** The request of a route whose body mode is 'lazy': the body reads like a read-only `T`. */
export type LazyRequest<T = any, Params = ParamsDictionary> = ExpressRequest<Params, any, Readonly<T>>;

declare global {
  namespace Express {
    interface Request {
      /** The arena the body lives in ('lazy' and 'doc' modes of arenajson/express), reset after the response. */
      arena?: Arena;
    }
  }
}

type Next = (error?: unknown) => void;

// http-errors' names for the statuses body-parser uses.
const errorNames: Record<number, string> = {
  400: 'BadRequestError',
  403: 'ForbiddenError',
  413: 'PayloadTooLargeError',
  415: 'UnsupportedMediaTypeError',
};

/** An error shaped as http-errors makes it (what body-parser's errors are). */
function httpError(status: number, cause: string | Error, props: Record<string, unknown> = {}): Error {
  let error: any;
  if (typeof cause === 'string') {
    error = new Error(cause);
    Object.defineProperty(error, 'name', { value: errorNames[status] ?? 'HttpError', writable: true, configurable: true, enumerable: false });
  } else {
    error = cause;
  }
  if (typeof error.status !== 'number' || error.status < 400) {
    error.status = status;
    error.statusCode = status;
  }
  if (error.expose === undefined) error.expose = error.status < 500;
  Object.assign(error, props);
  return error;
}

const units: Record<string, number> = { b: 1, kb: 1 << 10, mb: 1 << 20, gb: 1 << 30, tb: 1024 ** 4, pb: 1024 ** 5 };

// The `bytes` package's reading of a limit: a number, or digits with an optional unit.
function limitOf(limit: unknown): number {
  if (limit === undefined || limit === null) return 100 * 1024;
  if (typeof limit === 'number' && Number.isFinite(limit)) return limit;
  const match = typeof limit === 'string' ? /^((-|\+)?(\d+(?:\.\d+)?)) *(kb|mb|gb|tb|pb|b)?$/i.exec(limit.trim()) : null;
  if (match === null) {
    if (typeof limit === 'string' && /^\d+$/.test(limit.trim())) return Number(limit);
    throw new InvalidArgumentError(`option limit "${String(limit)}" is invalid`);
  }
  return Math.floor(Number(match[1]) * units[(match[4] ?? 'b').toLowerCase()]);
}

// type-is' matching of a media type against the configured types.
function normalizeType(type: string): string {
  const lower = type.toLowerCase();
  if (lower.startsWith('+')) return `*/*${lower}`;
  if (!lower.includes('/')) return lower === 'json' ? 'application/json' : lower === 'urlencoded' ? 'application/x-www-form-urlencoded' : `*/${lower}`;
  return lower;
}

function typeMatches(expected: string, actual: string): boolean {
  const [expectedType, expectedSub] = expected.split('/');
  const [actualType, actualSub] = actual.split('/');
  if (expectedType !== '*' && expectedType !== actualType) return false;
  if (expectedSub === '*') return true;
  if (expectedSub.startsWith('*+')) return actualSub.length > expectedSub.length - 1 && actualSub.endsWith(expectedSub.slice(1));
  return expectedSub === actualSub;
}

function typeChecker(type: ArenajsonExpressOptions['type']): (req: IncomingMessage) => boolean {
  if (typeof type === 'function') return type;
  const types = (Array.isArray(type) ? type : [type ?? 'application/json']).map(normalizeType);
  return (req) => {
    const header = req.headers['content-type'];
    if (header === undefined) return false;
    const media = header.split(';')[0].trim().toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/.test(media)) return false;
    return types.some((expected) => typeMatches(expected, media));
  };
}

function charsetOf(req: IncomingMessage): string | undefined {
  const header = req.headers['content-type'];
  if (header === undefined) return undefined;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(header);
  return match === null ? undefined : (match[1] ?? match[2]).toLowerCase();
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number.parseInt(req.headers['content-length'] ?? '', 10));
}

function finished(req: IncomingMessage): boolean {
  return (req as any)._body === true || (req.complete && !req.readable);
}

// Reads the rest of the request off the socket, then calls back (as body-parser does before an error).
function drain(req: IncomingMessage, callback: () => void): void {
  if (req.complete || req.destroyed) {
    callback();
    return;
  }
  let called = false;
  const once = (): void => {
    if (called) return;
    called = true;
    callback();
  };
  req.once('end', once);
  req.once('close', once);
  req.resume();
}

// body-parser's strict check: the first character that is not JSON whitespace must be `{` or `[`.
function firstNonWhitespace(bytes: Uint8Array): number {
  // (after a byte order mark, which the decoding drops)
  let i = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return i;
}

// The SyntaxError body-parser makes for a strict violation: JSON.parse's message
// for the text with everything from the offending character on replaced.
function strictError(text: string): SyntaxError {
  const at = text.search(/[^\x20\x09\x0a\x0d]/);
  const partial = at < 0 ? '' : text.slice(0, at) + '#'.repeat(text.length - at);
  const message = jsonParseMessage(partial).replace(/#+/g, (run) => text.slice(at, at + run.length));
  return new SyntaxError(message);
}

function decompressor(encoding: string): Readable | undefined {
  if (encoding === 'gzip') return createGunzip();
  if (encoding === 'deflate') return createInflate();
  if (encoding === 'br') return createBrotliDecompress();
  return undefined;
}

/**
 * The middleware: `app.use(arenajson({ body: 'doc' }))` where `express.json()`
 * was. Express 4's body-parser gives `req.body = {}` to requests it does not
 * parse and Express 5's leaves it undefined; this middleware does what the
 * app's Express does.
 */
export function arenajson(options: ArenajsonExpressOptions = {}): (req: IncomingMessage, res: ServerResponse, next: Next) => void {
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options must be an object');
  const mode = bodyModeOf(options.body);
  const limit = limitOf(options.limit);
  const inflate = options.inflate !== false;
  const strict = options.strict !== false;
  const verify = options.verify;
  if (verify !== undefined && typeof verify !== 'function') throw new InvalidArgumentError('option verify must be function');
  const proto = options.proto ?? 'keep';
  if (!['keep', 'remove', 'error'].includes(proto)) throw new InvalidArgumentError("proto must be 'keep', 'remove' or 'error'");
  const shouldParse = typeChecker(options.type);
  const pool = options.pool instanceof ArenaPool ? options.pool : new ArenaPool(options.pool ?? {});

  return function arenajsonParser(req: IncomingMessage, res: ServerResponse, next: Next): void {
    const request = req as IncomingMessage & { body?: unknown; arena?: Arena; _body?: boolean; app?: object };
    if (finished(req)) {
      next();
      return;
    }
    // Express 4 (body-parser 1) starts every request with an empty body object.
    const legacy = request.app !== undefined && '_router' in request.app;
    if (legacy) request.body = request.body || {};
    else if (!('body' in request)) request.body = undefined;
    if (!hasBody(req) || !shouldParse(req)) {
      next();
      return;
    }
    const charset = charsetOf(req) ?? 'utf-8';
    if (!charset.startsWith('utf-')) {
      next(httpError(415, `unsupported charset "${charset.toUpperCase()}"`, { charset, type: 'charset.unsupported' }));
      return;
    }
    if (charset !== 'utf-8') {
      // utf-16 and friends: the bytes are not UTF-8, which is all arenajson reads.
      next(httpError(415, `unsupported charset "${charset.toUpperCase()}"`, { charset, type: 'charset.unsupported' }));
      return;
    }
    request._body = true;
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    let stream: Readable = req;
    let length: number | undefined;
    if (encoding === 'identity') {
      const header = req.headers['content-length'];
      length = header === undefined ? undefined : Number.parseInt(header, 10);
      if (length !== undefined && length > limit) {
        drain(req, () => next(httpError(413, 'request entity too large', { expected: length, length, limit, type: 'entity.too.large' })));
        return;
      }
    } else {
      const inflater = inflate ? decompressor(encoding) : undefined;
      if (inflater === undefined) {
        next(inflate
          ? httpError(415, `unsupported content encoding "${encoding}"`, { encoding, type: 'encoding.unsupported' })
          : httpError(415, 'content encoding unsupported', { encoding, type: 'encoding.unsupported' }));
        return;
      }
      req.pipe(inflater as unknown as NodeJS.WritableStream);
      stream = inflater;
    }
    collect(req, stream, length, limit, (error, buf) => {
      if (error !== undefined) {
        drain(req, () => next(error));
        return;
      }
      onBody(request, res, buf!, next);
    });
  };

  function onBody(request: IncomingMessage & { body?: unknown; arena?: Arena }, res: ServerResponse, buf: Buffer, next: Next): void {
    if (verify !== undefined) {
      try {
        verify(request, res, buf, 'utf-8');
      } catch (error) {
        next(httpError(403, error as Error, { body: buf, type: (error as { type?: string }).type ?? 'entity.verify.failed' }));
        return;
      }
    }
    const start = firstNonWhitespace(buf);
    let bytes: Uint8Array = buf;
    if (buf.length === 0 || (buf.length === 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)) {
      bytes = emptyObject;  // an empty body is {}, as body-parser reads it
    } else if (strict && buf[start] !== 0x7b && buf[start] !== 0x5b) {
      next(httpError(400, strictError(utf8(buf)), { body: utf8(buf), type: 'entity.parse.failed' }));
      return;
    }
    let result;
    try {
      result = readBody(bytes, mode, proto, pool);
    } catch (error) {
      next(parseError(error, buf));
      return;
    }
    request.body = result.body;
    const arena = result.arena;
    if (arena !== undefined) {
      request.arena = arena;
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        res.removeListener('finish', release);
        res.removeListener('close', release);
        pool.release(arena);
      };
      res.once('finish', release);
      res.once('close', release);
    }
    next();
  }
}

const emptyObject = Buffer.from('{}');

function utf8(buf: Buffer): string {
  // iconv-lite, which body-parser decodes with, drops a byte order mark.
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function parseError(error: unknown, buf: Buffer): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_JSON_SYNTAX' || code === 'ERR_JSON_PROTO') {
    const text = utf8(buf);
    const message = code === 'ERR_JSON_SYNTAX' ? jsonParseMessage(text) : (error as Error).message;
    return httpError(400, new SyntaxError(message), { body: text, type: 'entity.parse.failed' });
  }
  if (code === 'ERR_ARENA_LIMIT') return httpError(413, 'request entity too large', { received: buf.length, type: 'entity.too.large' });
  return error;
}

// raw-body's reading: the bytes, the limit on them, and its errors.
function collect(req: IncomingMessage, stream: Readable, length: number | undefined, limit: number, done: (error: Error | undefined, buf?: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let received = 0;
  let complete = false;
  const finish = (error: Error | undefined, buf?: Buffer): void => {
    if (complete) return;
    complete = true;
    stream.removeListener('data', onData);
    stream.removeListener('end', onEnd);
    stream.removeListener('error', onError);
    req.removeListener('aborted', onAborted);
    req.removeListener('close', onClose);
    if (stream !== req) {
      req.unpipe(stream as unknown as NodeJS.WritableStream);
      stream.on('error', () => {});
      stream.destroy();
      if (error === undefined) req.resume();
    }
    done(error, buf);
  };
  const onData = (chunk: Buffer): void => {
    received += chunk.length;
    if (received > limit) {
      finish(httpError(413, 'request entity too large', { limit, received, type: 'entity.too.large' }));
      return;
    }
    chunks.push(chunk);
  };
  const onEnd = (): void => {
    if (length !== undefined && received !== length) {
      finish(httpError(400, 'request size did not match content length', { expected: length, length, received, type: 'request.size.invalid' }));
      return;
    }
    finish(undefined, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received));
  };
  const onError = (error: Error): void => {
    finish(httpError(400, error));
  };
  const onAborted = (): void => {
    finish(httpError(400, 'request aborted', { code: 'ECONNABORTED', expected: length, length, received, type: 'request.aborted' }));
  };
  const onClose = (): void => {
    if (!req.complete) onAborted();
  };
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.on('error', onError);
  req.on('aborted', onAborted);
  req.on('close', onClose);
}

/**
 * res.json() for arena values: a Doc, Value, built object or lazy view is
 * written natively (its `toBuffer()`), anything else as `JSON.stringify`
 * writes it, with `Content-Type: application/json; charset=utf-8` unless one
 * is set. Call it while the arena is alive (before the response ends).
 */
export function sendJson(res: ServerResponse, value: unknown): void {
  const bytes = replyBytes(value) ?? Buffer.from(builtinStringify(value) ?? '', 'utf8');
  if (!res.hasHeader('content-type')) res.setHeader('Content-Type', 'application/json; charset=utf-8');
  const send = (res as { send?: (body: Buffer) => void }).send;
  if (typeof send === 'function') send.call(res, bytes);
  else res.end(bytes);
}

export default arenajson;
export { ArenaPool };
