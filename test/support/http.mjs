// Helpers for the HTTP integration tests: raw requests to a server on
// 127.0.0.1 and the request bodies every mode is tried with.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

/** Sends one request (no keep-alive unless given an agent) and resolves with { status, headers, text }. */
export function send(port, { method = 'POST', path = '/', headers = {}, body, agent = false } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { connection: 'close', ...headers }, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Listens on 127.0.0.1 on a free port; resolves with { port, close() }. */
export function listen(server) {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: server.address().port,
        close: () => new Promise((done) => {
          server.closeAllConnections?.();
          server.close(() => done());
        }),
      });
    });
  });
}

const json = 'application/json';
const big = JSON.stringify({ items: Array.from({ length: 3000 }, (_, i) => ({ id: i, name: `n${i}`, tags: ['a', 'é', '\u{1F600}'], v: i / 7 })) });
const valid = '{"a":1,"b":[1,2,{"c":"d"}],"e":null,"f":-0.5e3,"g":"\\u00e9\\ud83d\\ude00","10":"ten"}';

/**
 * [name, headers, body] for the request cases: valid, invalid, empty, too
 * large (for a limit of 4 KiB), compressed, wrong content type, poisoned.
 */
export const bodyCases = [
  ['valid object', { 'content-type': json }, valid],
  ['valid array', { 'content-type': json }, '[1,"two",[3],{"four":4}]'],
  ['valid with charset', { 'content-type': 'application/json; charset=utf-8' }, valid],
  ['valid with whitespace', { 'content-type': json }, ' \n\t{"a":[ 1 , 2 ]}\r\n '],
  ['valid with BOM', { 'content-type': json }, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"bom":true}')])],
  ['invalid UTF-8 in a string', { 'content-type': json }, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xc3, 0x22, 0x7d])],
  ['scalar string', { 'content-type': json }, '"just a string"'],
  ['scalar number', { 'content-type': json }, '42'],
  ['scalar null', { 'content-type': json }, 'null'],
  ['invalid: truncated', { 'content-type': json }, '{"a":1,'],
  ['invalid: bare key', { 'content-type': json }, '{a:1}'],
  ['invalid: trailing comma', { 'content-type': json }, '[1,2,]'],
  ['invalid: two values', { 'content-type': json }, '{} {}'],
  ['invalid: bad literal', { 'content-type': json }, 'nul'],
  ['empty', { 'content-type': json }, ''],
  ['whitespace only', { 'content-type': json }, '   '],
  ['too large', { 'content-type': json }, big],
  ['gzip', { 'content-type': json, 'content-encoding': 'gzip' }, gzipSync(valid)],
  ['deflate', { 'content-type': json, 'content-encoding': 'deflate' }, deflateSync(valid)],
  ['br', { 'content-type': json, 'content-encoding': 'br' }, brotliCompressSync(valid)],
  ['gzip too large inflated', { 'content-type': json, 'content-encoding': 'gzip' }, gzipSync(big)],
  ['corrupt gzip', { 'content-type': json, 'content-encoding': 'gzip' }, Buffer.from('not gzip at all')],
  ['wrong content type', { 'content-type': 'text/plain' }, valid],
  ['no content type', {}, valid],
  ['other json type', { 'content-type': 'application/vnd.api+json' }, valid],
  ['charset latin1', { 'content-type': 'application/json; charset=latin1' }, valid],
  ['poisoned __proto__', { 'content-type': json }, '{"a":1,"__proto__":{"polluted":true}}'],
  ['poisoned escaped __proto__', { 'content-type': json }, '[{"\\u005f_proto__":{"x":1}}]'],
  ['poisoned constructor', { 'content-type': json }, '{"a":{"constructor":{"prototype":{"polluted":true}}}}'],
  ['poisoned both', { 'content-type': json }, '{"constructor":{"prototype":1},"x":{"__proto__":2},"y":3}'],
  ['poisoned after a BOM', { 'content-type': json }, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"__proto__":{"x":1},"constructor":{"prototype":{}},"k":1}')])],
  ['harmless constructor', { 'content-type': json }, '{"constructor":{"name":"x"},"proto":1}'],
];

/** Resolves after `ms` milliseconds. */
export const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits up to two seconds for `check()` to hold, then fails naming `what`. */
export async function until(check, what) {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await wait(10);
  }
  assert.fail(`timed out waiting for ${what}`);
}
