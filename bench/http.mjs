// npm run bench:http — request bodies through a real server: Fastify 5 and
// Express 5 with their own JSON parser against arenajson/fastify and
// arenajson/express in each body mode ('value', 'lazy', 'doc').
//
// Each variant runs in its own server process on 127.0.0.1; autocannon (in
// this process) posts the same body for a fixed time, and the handler reads
// 5 fields and replies with them. Reported: requests/s, p50 and p99 latency,
// and the server's peak RSS. Client and server share the machine's cores.
//
//   node bench/http.mjs [--duration=6] [--warmup=1] [--connections=8]
//                       [--frameworks=fastify,express] [--docs=twitter,seed] [--json]
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const serving = process.argv[2] === '--serve';
if (serving) await serve(JSON.parse(process.argv[3]));
else await main();

function option(name, fallback) {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? fallback : arg.slice(name.length + 3);
}

async function main() {
  const { loadApi } = await import('./lib/api.mjs');
  const { loadDocuments } = await import('./lib/documents.mjs');
  const { gjsonPath } = await import('./lib/paths.mjs');
  const { default: autocannon } = await import('autocannon');
  const api = await loadApi();
  const duration = Number(option('duration', '6'));
  const warmup = Number(option('warmup', '1'));
  const connections = Number(option('connections', '8'));
  const frameworks = option('frameworks', 'fastify,express').split(',');
  const docNames = option('docs', 'twitter,seed').split(',');
  const asJson = process.argv.includes('--json');
  // Past this the run stops whatever it was doing (servers included).
  const deadline = setTimeout(() => {
    console.error('bench:http: over its time budget, stopping');
    process.exit(2);
  }, 15 * 60 * 1000);
  deadline.unref();

  const documents = loadDocuments(docNames);
  const log = (line) => (asJson ? process.stderr : process.stdout).write(line + '\n');
  log(`# bench:http  node ${process.version}  ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}  ${new Date().toISOString().slice(0, 10)}`);
  log(`# client (autocannon, ${connections} connections) and server share these cores; ${duration} s per variant after ${warmup} s of warm-up\n`);

  const options = optionCost(api, documents, log);
  const rows = [];
  for (const doc of documents) {
    const fields = doc.fields(5);
    for (const framework of frameworks) {
      for (const variant of ['default', 'value', 'lazy', 'doc']) {
        const spec = { framework, variant, fields, paths: fields.map(gjsonPath) };
        const row = await measure(autocannon, spec, doc, { duration, warmup, connections });
        rows.push(row);
        log(`${doc.name.padEnd(8)} ${framework.padEnd(8)} ${variant.padEnd(8)} ${row.rps.toFixed(1).padStart(8)} req/s  p50 ${String(row.p50).padStart(5)} ms  p99 ${String(row.p99).padStart(5)} ms  rss ${row.rssMB} MB${row.errors ? `  errors ${row.errors}` : ''}`);
      }
    }
  }
  log('\n' + table(rows, documents));
  if (asJson) process.stdout.write(JSON.stringify({ node: process.version, date: new Date().toISOString(), duration, connections, options, rows }, null, 2) + '\n');
  clearTimeout(deadline);
}

// What a read option costs today: parse(buf) against parse(buf, { proto: 'error' }),
// parse(buf, {}) and the pooled-arena route the integrations take.
function optionCost(api, documents, log) {
  const out = [];
  const pool = new api.ArenaPool();
  for (const doc of documents) {
    const buf = doc.buffer;
    const runs = doc.bytes > 1 << 20 ? 7 : 25;
    const time = (fn) => {
      fn();
      const samples = [];
      for (let i = 0; i < runs; i++) {
        const start = process.hrtime.bigint();
        fn();
        samples.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      samples.sort((a, b) => a - b);
      return samples[samples.length >> 1];
    };
    const row = {
      doc: doc.name,
      jsonParse: time(() => JSON.parse(buf.toString())),
      parse: time(() => api.parse(buf)),
      parseEmptyOptions: time(() => api.parse(buf, {})),
      parseProtoError: time(() => api.parse(buf, { proto: 'error' })),
      pooledProtoError: time(() => {
        const arena = pool.acquire();
        try {
          return arena.parse(buf, { proto: 'error' }).toJS({ proto: 'keep' });
        } finally {
          pool.release(arena);
        }
      }),
    };
    out.push(row);
    log(`${doc.name}: JSON.parse ${row.jsonParse.toFixed(2)} ms, parse(buf) ${row.parse.toFixed(2)} ms, parse(buf, {}) ${row.parseEmptyOptions.toFixed(2)} ms, ` +
      `parse(buf, {proto:'error'}) ${row.parseProtoError.toFixed(2)} ms, pooled arena + proto check + toJS ${row.pooledProtoError.toFixed(2)} ms (medians)`);
  }
  pool.close();
  log('');
  return out;
}

async function measure(autocannon, spec, doc, { duration, warmup, connections }) {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', JSON.stringify(spec)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [ready] = await once(child, 'message');
  const request = {
    url: `http://127.0.0.1:${ready.port}/`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: doc.buffer,
    connections,
  };
  try {
    if (warmup > 0) await autocannon({ ...request, duration: warmup });
    child.send('reset');
    await once(child, 'message');
    const result = await autocannon({ ...request, duration });
    child.send('stats');
    const [stats] = await once(child, 'message');
    return {
      doc: doc.name,
      bytes: doc.bytes,
      framework: spec.framework,
      variant: spec.variant,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      rssMB: Math.round(stats.peakRss / (1 << 20)),
      errors: result.errors + result.timeouts + result.non2xx,
    };
  } finally {
    child.kill();
    await once(child, 'exit');
  }
}

function table(rows, documents) {
  const lines = ['| body | server | parser | req/s | × default | p50 ms | p99 ms | peak RSS MB |', '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |'];
  for (const row of rows) {
    const base = rows.find((r) => r.doc === row.doc && r.framework === row.framework && r.variant === 'default');
    const doc = documents.find((d) => d.name === row.doc);
    const size = doc.bytes > 1 << 20 ? `${(doc.bytes / (1 << 20)).toFixed(1)} MB` : `${Math.round(doc.bytes / 1024)} KB`;
    const parser = row.variant === 'default' ? `${row.framework === 'fastify' ? 'Fastify' : 'express.json()'} (default)` : `arenajson '${row.variant}'`;
    lines.push(`| ${row.doc} ${size} | ${row.framework} | ${parser} | ${row.rps.toFixed(1)} | ${(row.rps / base.rps).toFixed(2)} | ${row.p50} | ${row.p99} | ${row.rssMB} |`);
  }
  return lines.join('\n');
}

// The server side: one framework, one variant, one handler that reads the
// fields and replies with them.
async function serve(spec) {
  const { framework, variant, fields, paths } = spec;
  const { compileReader } = await import('./lib/paths.mjs');
  const read = compileReader(fields);
  const project = variant === 'doc' ? (body) => paths.map((path) => body.get(path)) : read;
  let server;
  if (framework === 'fastify') {
    const { default: Fastify } = await import('fastify');
    const app = Fastify({ bodyLimit: 64 << 20 });
    if (variant !== 'default') {
      const { default: arenajson } = await import('arenajson/fastify');
      await app.register(arenajson, { body: variant });
    }
    app.post('/', (request, reply) => {
      reply.send({ fields: project(request.body) });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    server = app.server;
  } else {
    const { default: express } = await import('express');
    const { createServer } = await import('node:http');
    const app = express();
    if (variant === 'default') app.use(express.json({ limit: '64mb' }));
    else {
      const { arenajson } = await import('arenajson/express');
      app.use(arenajson({ body: variant, limit: '64mb' }));
    }
    app.post('/', (req, res) => {
      res.json({ fields: project(req.body) });
    });
    // A client stopping at the end of a run aborts bodies mid-way: answer, do not log.
    app.use((err, req, res, next) => {
      res.status(err.status ?? 500).end();
    });
    server = createServer(app);
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  }
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 50);
  process.on('message', (message) => {
    if (message === 'reset') {
      peakRss = process.memoryUsage.rss();
      process.send('ok');
    } else if (message === 'stats') {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      process.send({ peakRss });
      clearInterval(sampler);
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ port: server.address().port });
}
