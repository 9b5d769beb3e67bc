/**
 * The inside of one array task: reads cell `index` from the job folder's manifest and runs it
 * with core's `runSweep` (a child process per cell, the same worker, limits and records as
 * `bench sweep`), appending its records to `records/task-index.jsonl`.
 */
import { runSweep } from '@bench/core';
import type { SweepCell, SweepEvent } from '@bench/core';
import { cliPackage } from './cli-package';
import { readManifest } from './manifest';
import { SlurmError } from './slurm-error';
import { readTaskRecords, taskRecordsPath } from './task-records';

/** Options of `runSlurmTask`. */
export interface RunTaskOptions {
  /** Expected cell id (from the job script): guards against a manifest changed after generation. */
  cellId?: string;
  /** Worker module; default this installation's `dist/cell-worker.js`. */
  workerModule?: string;
  onEvent?: (event: SweepEvent) => void;
}

/** Runs task `index` of job folder `dir`; returns the process exit code (0 only for an ok run). */
export async function runSlurmTask(
  dir: string,
  index: number,
  options: RunTaskOptions = {},
): Promise<number> {
  const manifest = readManifest(dir);
  const entry = manifest.cells.find((c) => c.index === index);
  if (!entry) {
    throw new SlurmError(
      `array index ${index} has no cell in "${dir}/manifest.json" (it has ${manifest.cells.length} cells: 0-${manifest.cells.length - 1}); resubmit only indices listed by \`bench slurm status\``,
    );
  }
  if (options.cellId !== undefined && options.cellId !== entry.id) {
    throw new SlurmError(
      `array index ${index}: the job script expects cell "${options.cellId}" but manifest.json has "${entry.id}"; the folder was changed after the script was written - recreate it with \`bench slurm PLAN --out DIR --force\``,
    );
  }
  const out = taskRecordsPath(dir, index);
  await runSweep({
    cells: [entry.cell as unknown as SweepCell],
    out,
    workerModule: options.workerModule ?? cliPackage().workerModule,
    // A requeued task (node failure) finds its finished run and does not run the cell twice.
    resume: true,
    ...(manifest.timeoutMs ? { timeoutMs: manifest.timeoutMs } : {}),
    ...(manifest.memoryLimitMb ? { memoryLimitMb: manifest.memoryLimitMb } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  return readTaskRecords(dir, index, entry.id).outcome === 'ok' ? 0 : 1;
}
