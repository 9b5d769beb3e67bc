/**
 * The job folder's manifest (`DIR/manifest.json`): what was planned (the plan and its cells, each
 * with its array index and stable id), how each task runs (node, CLI, command), when and by which
 * Bench version it was made, and every submission (job id and array indices). Status, merge and
 * resubmit read it; array tasks read their cell from it.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SbatchOptions } from './sbatch-options';
import { SlurmError } from './slurm-error';

export const SLURM_MANIFEST_VERSION = 1;

/** One array task: its index and the sweep cell it runs. */
export const ManifestCell = z.object({
  index: z.number().int().nonnegative(),
  id: z.string().min(1),
  /** The full sweep cell, exactly as `expandPlan` produced it. */
  cell: z.record(z.unknown()),
});
export type ManifestCell = z.infer<typeof ManifestCell>;

/** One `sbatch` submission of the array (the first, or a resubmission of some indices). */
export const ManifestJob = z.object({
  jobId: z.string().regex(/^\d+$/),
  cluster: z.string().optional(),
  /** The indices submitted, e.g. `[0, 1, 2, 3]` or `[3, 7]` for a resubmission. */
  indices: z.array(z.number().int().nonnegative()),
  submittedAt: z.string(),
});
export type ManifestJob = z.infer<typeof ManifestJob>;

/** `DIR/manifest.json`. */
export const SlurmManifest = z.object({
  version: z.literal(SLURM_MANIFEST_VERSION),
  createdAt: z.string(),
  benchVersion: z.string(),
  /** Absolute path of the job folder when it was created. */
  dir: z.string(),
  /** The plan as given (also copied to `DIR/plan.json`). */
  plan: z.unknown(),
  /** The plan file the user passed. */
  planSource: z.string(),
  cells: z.array(ManifestCell),
  /** The node binary and `bench` launcher each task runs. */
  node: z.string(),
  cli: z.string(),
  /** The command an array task runs, shell-quoted, with `$SLURM_ARRAY_TASK_ID` for the index. */
  command: z.string(),
  sbatch: SbatchOptions,
  /** Per-cell limits handed to the runner inside each task. */
  timeoutMs: z.number().positive().optional(),
  memoryLimitMb: z.number().positive().optional(),
  jobs: z.array(ManifestJob),
});
export type SlurmManifest = z.infer<typeof SlurmManifest>;

/** Path of the manifest in a job folder. */
export const manifestPath = (dir: string) => join(dir, 'manifest.json');

/** Reads and validates `DIR/manifest.json`; throws a SlurmError saying how to create it. */
export function readManifest(dir: string): SlurmManifest {
  const path = manifestPath(dir);
  if (!existsSync(path)) {
    throw new SlurmError(
      `"${path}" does not exist: "${dir}" is not a bench slurm job folder; create one with \`bench slurm PLAN.json --out ${dir}\``,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SlurmError(
      `"${path}" is not valid JSON (${error instanceof Error ? error.message : String(error)}); recreate the job folder`,
      { cause: error },
    );
  }
  const parsed = SlurmManifest.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(manifest)'}: ${i.message}`)
      .join('; ');
    throw new SlurmError(
      `"${path}" is not a valid manifest (version ${SLURM_MANIFEST_VERSION}): ${problems}; recreate the job folder with this Bench version`,
    );
  }
  return parsed.data;
}

/** Writes the manifest atomically (temporary file + rename), so readers never see half of it. */
export function writeManifest(dir: string, manifest: SlurmManifest): void {
  const path = manifestPath(dir);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(SlurmManifest.parse(manifest), null, 2)}\n`);
  renameSync(tmp, path);
}
