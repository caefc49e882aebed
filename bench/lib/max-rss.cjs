// Preloaded (node --require) into each process bench/lines.mjs times: writes
// the process's peak resident set size in bytes to $ARENAJSON_BENCH_RSS at exit.
// VmHWM (not getrusage's maxRSS, which a child inherits from the process
// that spawned it) counts this process's own pages only.
const { readFileSync, writeFileSync } = require('node:fs');

process.on('exit', () => {
  const kilobytes = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  writeFileSync(process.env.ARENAJSON_BENCH_RSS, String(Number(kilobytes ?? process.resourceUsage().maxRSS) * 1024));
});
