// Preloaded (node --require) into each process bench/lines.mjs times: writes
// the process's peak resident set size in bytes to $ARENAJSON_BENCH_RSS at exit.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  writeFileSync(process.env.ARENAJSON_BENCH_RSS, String(process.resourceUsage().maxRSS * 1024));
});
