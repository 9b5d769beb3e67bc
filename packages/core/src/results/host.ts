import { cpus, hostname, platform } from 'node:os';
import type { RunRecord } from './schema';

/** The host description stored in run records. */
export function hostInfo(): RunRecord['host'] {
  const c = cpus();
  return {
    hostname: hostname(),
    platform: `${platform()}-${process.arch}`,
    cpus: c.length,
    cpuModel: c[0]?.model,
    node: process.version,
  };
}
