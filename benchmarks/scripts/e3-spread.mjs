#!/usr/bin/env node
/**
 * How much E3's 8-layer time on onnxruntime-cpu varies from one process to the next, and with what:
 * runs `onnxruntime/e3.ts --depths 8 --no-torch` in a fresh process `--runs` times under each
 * condition, alternating conditions, and writes every process's per-round seconds to one JSON.
 * Conditions: the default; address-space randomisation off (`setarch -R`); glibc's malloc on
 * transparent huge pages (`GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, which aligns big buffers to
 * 2 MB); one intra-op thread; intra-op spinning off (`BENCH_ORT_SPIN=0`). `--conditions a,b`: only
 * these. Found on the 2-vCPU VM (2026-11-30): with two threads a process runs
 * either ~0.20-0.26 or ~0.33-0.38 s per 100 epochs; the slow ones come in stretches of minutes
 * under every 2-thread condition (so not with buffer placement), while one thread stays at
 * 0.25-0.27 throughout (see the adapter README).
 *
 *   node benchmarks/scripts/e3-spread.mjs [--runs 6] [--rounds 3] [--depth 8] [--conditions default,one-thread]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, d) => (args.includes(name) ? args[args.indexOf(name) + 1] : d);
const runs = Number(opt('--runs', 6));
const rounds = opt('--rounds', '3');
const depth = opt('--depth', '8');
const repo = fileURLToPath(new URL('../..', import.meta.url));
const conditions = {
  default: { env: {}, prefix: [] },
  'aslr-off': { env: {}, prefix: ['setarch', '-R'] },
  'malloc-hugepages': { env: { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' }, prefix: [] },
  'one-thread': { env: { BENCH_ORT_THREADS: '1' }, prefix: [] },
  'no-spinning': { env: { BENCH_ORT_SPIN: '0' }, prefix: [] },
};
const only = opt('--conditions', undefined)?.split(',');
if (only) for (const name of Object.keys(conditions)) if (!only.includes(name)) delete conditions[name];
const out = {
  schema: 'bench.benchmark.onnxruntime.e3-spread.v1',
  cpu: cpus()[0]?.model,
  cores: cpus().length,
  depth,
  rounds,
  runs: [],
};
const tmp = join(tmpdir(), `e3-spread-${process.pid}.json`);
for (let r = 0; r < runs; r++) {
  for (const [name, c] of Object.entries(conditions)) {
    const cmd = [
      ...c.prefix,
      process.execPath,
      'node_modules/vite-node/vite-node.mjs',
      '-c',
      'vitest.shared.ts',
      'benchmarks/onnxruntime/e3.ts',
      '--',
      '--depths',
      depth,
      '--rounds',
      rounds,
      '--no-torch',
      '--out',
      tmp,
    ];
    const load = loadavg()[0];
    const p = spawnSync(cmd[0], cmd.slice(1), {
      cwd: repo,
      env: { ...process.env, ...c.env },
      encoding: 'utf8',
    });
    if (p.status !== 0) throw new Error(`${name}: exit ${p.status}\n${p.stderr}`);
    const row = JSON.parse(readFileSync(tmp, 'utf8')).rows[0];
    rmSync(tmp);
    out.runs.push({ condition: name, load1: load, secondsPer100PerRound: row.ortSecondsPerRound });
    console.log(
      `${name.padEnd(17)} ${row.ortSecondsPerRound.map((s) => s.toFixed(3)).join(' ')}  (load ${load.toFixed(1)})`,
    );
  }
}
const file = join(
  repo,
  'benchmarks/results',
  `onnxruntime-e3-spread-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`,
);
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
console.log(`raw results: ${file}`);
