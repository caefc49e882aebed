// Hostile inputs and misuse (deep nesting, huge arrays and numbers, lone
// surrogates, invalid UTF-8, BOM, NUL, wrong types, revivers, offset views,
// stale and freed handles). Each case runs in its own child process, so a
// crash or an abort fails that case instead of killing the runner.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { cases } from './support/hostile-cases.mjs';
import { timeBound } from './support/scale.mjs';

const script = fileURLToPath(new URL('./support/hostile-cases.mjs', import.meta.url));

for (const name of Object.keys(cases)) {
  test(`${name} (child process)`, () => {
    const child = spawnSync(process.execPath, [script, name], { encoding: 'utf8', timeout: timeBound(120_000) });
    assert.equal(child.error, undefined, `${name}: ${child.error}`);
    assert.equal(child.signal, null, `${name}: killed by ${child.signal}\n${child.stderr}`);
    assert.equal(child.status, 0, `${name}: exit code ${child.status}\n${child.stderr.slice(0, 4000)}`);
  });
}
