/**
 * Renders `DIR/job.sbatch`: a Slurm job array in which array task `i` runs exactly one sweep
 * cell (the manifest's cell `i`) through the same runner as `bench sweep`, writing its records
 * to `DIR/records/task-i.jsonl`.
 *
 * Safety: `#SBATCH` lines are read by sbatch, not a shell, so only values validated by
 * `SbatchOptions` (strict patterns) go there, and the job folder appears there only when it is
 * made of plain path characters (otherwise log paths are relative to the folder, which is where
 * `bench slurm --submit` runs sbatch). Everything else - folder, node and CLI paths, cell ids and
 * labels taken from the plan - reaches the body through `shellQuote`, i.e. as data.
 */
import { join } from 'node:path';
import { type SbatchOptions, sbatchFlags } from './sbatch-options';
import { shellJoin, shellQuote } from './shell-quote';
import { SlurmError } from './slurm-error';

/** One array task as the script knows it. */
export interface JobScriptTask {
  index: number;
  /** The cell's stable id; the task passes it on so a stale manifest is detected. */
  cellId: string;
  /** Human-readable description printed at the top of the task's log. */
  label: string;
}

/** What the script is made of. */
export interface JobScriptInput {
  /** Absolute path of the job folder. */
  dir: string;
  /** Node binary the tasks run (absolute path, or a name looked up on PATH). */
  node: string;
  /** The `bench` launcher (`bin/bench.mjs` of @bench/cli). */
  cli: string;
  sbatch: SbatchOptions;
  tasks: readonly JobScriptTask[];
}

/** Characters allowed for the folder on an `#SBATCH` line (no spaces, quotes, `%` patterns). */
const SBATCH_SAFE_PATH = /^[A-Za-z0-9_./+-]+$/;

/** The `--array` value for a set of indices: `0-9` when contiguous from 0, else `3,7,8`, plus `%N`. */
export function arraySpec(indices: readonly number[], maxParallel?: number): string {
  if (indices.length === 0)
    throw new SlurmError('a job array needs at least one index; the plan expanded to no cells');
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const contiguous = sorted.every((v, i) => v === sorted[0]! + i);
  const base =
    contiguous && sorted.length > 1 ? `${sorted[0]}-${sorted[sorted.length - 1]}` : sorted.join(',');
  return maxParallel ? `${base}%${maxParallel}` : base;
}

/** Renders the job script. */
export function renderJobScript(input: JobScriptInput): string {
  const { dir, sbatch, tasks } = input;
  if (!dir.startsWith('/'))
    throw new SlurmError(`the job folder must be an absolute path, got "${dir}"; pass path.resolve(dir)`);
  const logDir = SBATCH_SAFE_PATH.test(dir) ? join(dir, 'logs') : 'logs';
  const lines = [
    '#!/bin/bash',
    `#SBATCH --array=${arraySpec(
      tasks.map((t) => t.index),
      sbatch.maxParallel,
    )}`,
    `#SBATCH --output=${logDir}/task-%a.out`,
    `#SBATCH --error=${logDir}/task-%a.err`,
    '#SBATCH --open-mode=append',
    ...sbatchFlags(sbatch).map((f) => `#SBATCH ${f}`),
    '#',
    '# Written by `bench slurm`. Each array task runs exactly one sweep cell of manifest.json',
    '# (same runner and records as `bench sweep`) into records/task-$SLURM_ARRAY_TASK_ID.jsonl.',
    ...(logDir === 'logs'
      ? ['# Log paths are relative: submit from the job folder (`cd DIR && sbatch job.sbatch`).']
      : []),
    'set -euo pipefail',
    '',
    `BENCH_DIR=${shellQuote(dir)}`,
    `BENCH_NODE=${shellQuote(input.node)}`,
    `BENCH_CLI=${shellQuote(input.cli)}`,
    'TASK="${SLURM_ARRAY_TASK_ID:?bench: SLURM_ARRAY_TASK_ID is not set; submit this script with sbatch (it is a job array)}"',
    '',
    'case "$TASK" in',
    ...tasks.map(
      (t) => `  ${t.index}) CELL_ID=${shellQuote(t.cellId)}; CELL_LABEL=${shellQuote(t.label)} ;;`,
    ),
    '  *) printf \'bench: array index %s has no cell in %s/manifest.json\\n\' "$TASK" "$BENCH_DIR" >&2; exit 2 ;;',
    'esac',
    '',
    'printf \'bench slurm: task %s, cell %s (%s), job %s on %s, %s\\n\' "$TASK" "$CELL_ID" "$CELL_LABEL" "${SLURM_JOB_ID:-?}" "$(hostname)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"',
    'cd -- "$BENCH_DIR"',
    `exec "$BENCH_NODE" "$BENCH_CLI" slurm run-task "$BENCH_DIR" "$TASK" --cell-id "$CELL_ID"`,
    '',
  ];
  return lines.join('\n');
}

/** The task command as one readable line (stored in the manifest), e.g. for running a task by hand. */
export function taskCommandLine(node: string, cli: string, dir: string): string {
  return `${shellJoin([node, cli, 'slurm', 'run-task', dir])} "$SLURM_ARRAY_TASK_ID"`;
}
