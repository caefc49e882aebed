// Arenas left to their finalizers (no free(), and parseLazy views never
// released) give all their memory back: after rounds of them and a
// collection, no arena is live and RSS does not climb from round to round
// (it did by ~40 MB per 200,000 arenas with a parsed document while their
// first chunks came from malloc). A bounded run of scripts/soak-arenas.mjs
// in a child process; run the script itself for the 2-million-arena soak.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from './support/oracle.mjs';

test('arenas left to finalizers release everything, round after round (child process)', () => {
  const child = spawnSync(process.execPath, ['--expose-gc', join(root, 'scripts', 'soak-arenas.mjs'), '50000', '4', '1,2,3', '--json'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300000,
  });
  assert.equal(child.signal, null, child.stderr);
  assert.equal(child.status, 0, child.stderr);
  const report = JSON.parse(child.stdout.trim().split('\n').pop());
  const sanitized = process.env.ARENAJSON_SANITIZED === '1';
  for (const [name, rounds] of Object.entries(report.patterns)) {
    for (const round of rounds) assert.equal(round.live, report.start.live, `${name}: arenas still live`);
    // Memory found again after the first round is reused: later rounds add
    // little (a leak of even 200 bytes per arena would add 10 MB per round).
    if (!sanitized) {
      const growth = rounds[rounds.length - 1].rss - rounds[1].rss;
      assert.ok(growth < 24, `${name}: RSS grew ${growth} MiB over ${rounds.length - 2} rounds (${rounds.map((r) => r.rss).join(', ')})`);
    }
  }
});
