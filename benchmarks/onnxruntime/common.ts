/**
 * Shared helpers of the onnxruntime benchmarks: machine/version facts for the raw JSON, timing,
 * the PyTorch side (Debian's python3-torch, run as a child process), and result writing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
export const resultsDir = join(here, '..', 'results');

/** Facts about the machine and software, recorded with every result. */
export function machineInfo(): Record<string, unknown> {
  let blas = 'unknown';
  try {
    blas = execFileSync('readlink', ['-f', '/usr/lib/x86_64-linux-gnu/libblas.so.3']).toString().trim();
  } catch {}
  const ortVersion = JSON.parse(
    execFileSync('node', ['-p', 'JSON.stringify(require("onnxruntime-node/package.json").version)'], {
      cwd: here,
    }).toString(),
  );
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: loadavg(),
    node: process.version,
    onnxruntimeNode: ortVersion,
    torch: torchVersion(),
    torchBlas: blas,
  };
}

/** The PyTorch version under /usr/bin/python3, or undefined when torch is not installed. */
export function torchVersion(): string | undefined {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import torch; print(torch.__version__)'], {
    encoding: 'utf8',
  });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * OpenBLAS's own threads under PyTorch: 1 unless OPENBLAS_NUM_THREADS is set (PyTorch's fastest
 * configuration on the 2-vCPU machine: torch parallelises over the batch, BLAS threads only contend).
 */
export function torchBlasThreads(): string {
  return process.env.OPENBLAS_NUM_THREADS ?? '1';
}

/** Runs a Python benchmark script with a JSON argument and returns its JSON output (last stdout line). */
export function runPython(script: string, arg: unknown): unknown {
  const r = spawnSync('/usr/bin/python3', [join(here, script), JSON.stringify(arg)], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: torchBlasThreads() },
    maxBuffer: 64 * 2 ** 20,
  });
  if (r.status !== 0) throw new Error(`${script} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!);
}

/**
 * Writes a raw result file `benchmarks/results/onnxruntime-<name>-<yyyy-mm-dd-hh-mm-ss>.json` (or
 * rewrites `existing`, for benchmarks that save after every row) and returns its path.
 */
export function writeResult(name: string, data: unknown, existing?: string): string {
  mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const path = existing ?? join(resultsDir, `onnxruntime-${name}-${stamp}.json`);
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
  return path;
}

/** Seconds elapsed while `fn` runs. */
export async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Wall and CPU (user + system, all threads of this process) seconds while `fn` runs. */
export async function timed(fn: () => Promise<unknown>): Promise<{ seconds: number; cpuSeconds: number }> {
  const c0 = process.cpuUsage();
  const seconds0 = await seconds(fn);
  const c = process.cpuUsage(c0);
  return { seconds: seconds0, cpuSeconds: (c.user + c.system) / 1e6 };
}

/** Median of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
