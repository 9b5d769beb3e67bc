/**
 * Creates a job folder from a sweep plan: `plan.json` (a copy), `manifest.json` (cells with
 * their array indices and ids, command, versions), `job.sbatch` (the job array), and empty
 * `logs/` and `records/`. Nothing is submitted here.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expandPlan } from '@bench/core';
import type { SweepCell } from '@bench/core';
import { cliPackage } from './cli-package';
import { renderJobScript, taskCommandLine } from './job-script';
import {
  SLURM_MANIFEST_VERSION,
  type SlurmManifest,
  manifestPath,
  readManifest,
  writeManifest,
} from './manifest';
import { parseSbatchOptions } from './sbatch-options';
import { SlurmError } from './slurm-error';

/** What `prepareSlurmJob` needs. */
export interface PrepareOptions {
  /** The sweep plan file (JSON, as for `bench sweep`). */
  planFile: string;
  /** The job folder to create. */
  out: string;
  /** sbatch options (validated here): partition, account, qos, time, mem, gres, cpusPerTask... */
  sbatch?: Record<string, unknown>;
  /** Node binary the tasks run; default this process's (`process.execPath`). */
  node?: string;
  /** `bench` launcher the tasks run; default this installation's `bin/bench.mjs`. */
  cli?: string;
  /** Replace a folder whose job was already submitted. */
  force?: boolean;
}

/** A human-readable description of a cell for the task's log. */
export function cellLabel(c: SweepCell): string {
  const size =
    c.layers !== undefined ? ` layers=${c.layers}` : c.model !== undefined ? ` model=${c.model}` : '';
  return `${c.experiment} backend=${c.backend} batch=${c.batchSize}${size} epochs=${c.epochs} repeat=${c.repeat}`;
}

/** Creates (or, before any submission, recreates) the job folder; returns its manifest. */
export function prepareSlurmJob(options: PrepareOptions): SlurmManifest {
  const sbatch = parseSbatchOptions(options.sbatch ?? {});
  let planJson: unknown;
  try {
    planJson = JSON.parse(readFileSync(options.planFile, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SlurmError(
      `cannot read plan "${options.planFile}": ${reason}; pass a JSON sweep plan (see \`bench sweep --help\`)`,
      { cause: error },
    );
  }
  const cells = expandPlan(planJson as Parameters<typeof expandPlan>[0]);
  const dir = resolve(options.out);
  if (existsSync(manifestPath(dir)) && !options.force) {
    let submitted = true;
    try {
      submitted = readManifest(dir).jobs.length > 0;
    } catch {
      // An unreadable manifest is treated as submitted: do not overwrite what we cannot read.
    }
    if (submitted) {
      throw new SlurmError(
        `--out "${dir}" already holds a submitted bench slurm job; use a new --out folder, \`bench slurm status ${dir}\`, or --force to overwrite it`,
      );
    }
  }
  const plan = planJson as { experiment?: unknown; timeoutSeconds?: unknown; memoryLimitMb?: unknown };
  if (!sbatch.jobName) {
    const name = `bench-${String(plan.experiment ?? 'sweep')}`.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64);
    sbatch.jobName = name;
  }
  const pkg = cliPackage();
  const node = options.node ?? process.execPath;
  const cli = options.cli ?? pkg.bin;
  mkdirSync(join(dir, 'logs'), { recursive: true });
  mkdirSync(join(dir, 'records'), { recursive: true });
  writeFileSync(join(dir, 'plan.json'), `${JSON.stringify(planJson, null, 2)}\n`);
  const manifest: SlurmManifest = {
    version: SLURM_MANIFEST_VERSION,
    createdAt: new Date().toISOString(),
    benchVersion: pkg.version,
    dir,
    plan: planJson,
    planSource: resolve(options.planFile),
    cells: cells.map((cell, index) => ({
      index,
      id: cell.id,
      cell: cell as unknown as Record<string, unknown>,
    })),
    node,
    cli,
    command: taskCommandLine(node, cli, dir),
    sbatch,
    ...(typeof plan.timeoutSeconds === 'number' ? { timeoutMs: plan.timeoutSeconds * 1000 } : {}),
    ...(typeof plan.memoryLimitMb === 'number' ? { memoryLimitMb: plan.memoryLimitMb } : {}),
    jobs: [],
  };
  writeManifest(dir, manifest);
  const script = join(dir, 'job.sbatch');
  writeFileSync(
    script,
    renderJobScript({
      dir,
      node,
      cli,
      sbatch,
      tasks: cells.map((c, index) => ({ index, cellId: c.id, label: cellLabel(c) })),
    }),
  );
  chmodSync(script, 0o755);
  return manifest;
}
