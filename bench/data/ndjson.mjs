// A deterministic NDJSON file of request-log events (about 260 bytes a line:
// nested objects, arrays, non-ASCII strings, integers and decimals), written
// in blocks so that a 1 GB file never sits in memory.
//   node bench/data/ndjson.mjs <file> [bytes]
import { closeSync, openSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const levels = ['debug', 'info', 'warn', 'error'];
const words = ['alpha', 'beta', 'gamma', 'delta', 'école', 'naïve', 'zeta', 'omega', 'ping', '東京'];

/** Writes about `bytes` bytes of NDJSON to `file`; returns the lines written. */
export function writeNdjson(file, bytes) {
  let seed = 1;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const fd = openSync(file, 'w');
  let written = 0;
  let count = 0;
  try {
    while (written < bytes) {
      const block = [];
      for (let k = 0; k < 10000; k++, count++) {
        const i = count;
        block.push(JSON.stringify({
          id: i,
          time: new Date(1.7e12 + i * 1000).toISOString(),
          level: levels[i % 4],
          user: { id: Math.floor(random() * 1e6), name: `${words[i % 10]} ${words[(i * 7) % 10]}`, admin: i % 13 === 0 },
          request: { method: i % 5 === 0 ? 'POST' : 'GET', path: `/api/v1/items/${i % 997}`, status: [200, 200, 404, 500][i % 4], latency: Math.round(random() * 1e5) / 100 },
          tags: [words[i % 10], words[(i + 3) % 10]],
          msg: `request ${words[(i * 3) % 10]} finished in ${i % 100} ms`,
        }));
      }
      const text = block.join('\n') + '\n';
      written += writeSync(fd, text);
    }
  } finally {
    closeSync(fd);
  }
  return count;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, bytes = '1e9'] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/data/ndjson.mjs <file> [bytes]');
    process.exit(2);
  }
  console.log(`${writeNdjson(file, Number(bytes))} lines`);
}
