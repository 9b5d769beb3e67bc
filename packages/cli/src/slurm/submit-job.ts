/**
 * Submits a job folder's array with sbatch, or resubmits some of its indices, and records each
 * submission (job id, indices, time) in the manifest.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { arraySpec } from './job-script';
import { type ManifestJob, readManifest, writeManifest } from './manifest';
import { sbatch } from './scheduler';
import { SlurmError } from './slurm-error';
import { taskRecordsPath } from './task-records';

/** Submits every task of the job folder (first submission); returns the job. */
export async function submitSlurmJob(dir: string): Promise<ManifestJob> {
  const manifest = readManifest(dir);
  if (manifest.jobs.length > 0) {
    throw new SlurmError(
      `"${dir}" was already submitted as job ${manifest.jobs.map((j) => j.jobId).join(', ')}; use \`bench slurm status ${dir}\` and \`bench slurm resubmit ${dir}\` instead`,
    );
  }
  const indices = manifest.cells.map((c) => c.index);
  const submitted = await sbatch('job.sbatch', dir);
  const job: ManifestJob = {
    jobId: submitted.jobId,
    ...(submitted.cluster ? { cluster: submitted.cluster } : {}),
    indices,
    submittedAt: new Date().toISOString(),
  };
  writeManifest(dir, { ...manifest, jobs: [job] });
  return job;
}

/**
 * Resubmits only `indices` (`sbatch --array=3,7 job.sbatch`). Their old record files are moved
 * to `records/attempts/` first, so the new run is not skipped as already done and the merge sees
 * only the latest attempt; they are moved back if sbatch refuses the job.
 */
export async function resubmitSlurmTasks(dir: string, indices: readonly number[]): Promise<ManifestJob> {
  const manifest = readManifest(dir);
  const known = new Set(manifest.cells.map((c) => c.index));
  const bad = indices.filter((i) => !known.has(i));
  if (indices.length === 0)
    throw new SlurmError(`nothing to resubmit in "${dir}": no task is failed or missing`);
  if (bad.length > 0)
    throw new SlurmError(
      `array indices ${bad.join(', ')} are not in "${dir}" (valid: 0-${manifest.cells.length - 1})`,
    );
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const moved: [string, string][] = [];
  mkdirSync(join(dir, 'records', 'attempts'), { recursive: true });
  for (const i of indices) {
    const from = taskRecordsPath(dir, i);
    if (!existsSync(from)) continue;
    const to = join(dir, 'records', 'attempts', `task-${i}.${stamp}.jsonl`);
    renameSync(from, to);
    moved.push([from, to]);
  }
  const spec = arraySpec(indices, manifest.sbatch.maxParallel);
  let submitted: Awaited<ReturnType<typeof sbatch>>;
  try {
    submitted = await sbatch('job.sbatch', dir, spec);
  } catch (error) {
    for (const [from, to] of moved) renameSync(to, from);
    throw error;
  }
  const job: ManifestJob = {
    jobId: submitted.jobId,
    ...(submitted.cluster ? { cluster: submitted.cluster } : {}),
    indices: [...indices],
    submittedAt: new Date().toISOString(),
  };
  writeManifest(dir, { ...readManifest(dir), jobs: [...manifest.jobs, job] });
  return job;
}
