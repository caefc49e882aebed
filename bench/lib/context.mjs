// What a result means only with: the machine, the runtime, the kernel, the date.
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function describeMachine(api, extra = {}) {
  const list = cpus();
  return {
    cpu: list[0]?.model?.trim() ?? 'unknown',
    cores: list.length,
    memory: totalmem(),
    platform: `${process.platform}-${process.arch}`,
    node: process.version,
    v8: process.versions.v8,
    implementation: api.implementation,
    mitata: JSON.parse(readFileSync(require.resolve('mitata/package.json'), 'utf8')).version,
    date: new Date().toISOString(),
    // Other work on the machine while measuring (1-minute load average).
    load: Number(loadavg()[0].toFixed(2)),
    ...extra,
  };
}
