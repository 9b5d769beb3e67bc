// Public exports of slurm/: job folders for Slurm job arrays (generate, submit, status, merge).
export { SlurmError } from './slurm-error';
export { shellQuote, shellJoin } from './shell-quote';
export { SbatchOptions, parseSbatchOptions, sbatchFlags } from './sbatch-options';
export { renderJobScript, arraySpec, type JobScriptInput, type JobScriptTask } from './job-script';
export { SlurmManifest, SLURM_MANIFEST_VERSION, readManifest, writeManifest, manifestPath } from './manifest';
export { prepareSlurmJob, cellLabel, type PrepareOptions } from './prepare-job';
export { submitSlurmJob, resubmitSlurmTasks } from './submit-job';
export { runSlurmTask, type RunTaskOptions } from './run-task';
export {
  collectStatus,
  resubmittable,
  formatStatus,
  type TaskState,
  type TaskStatus,
  type JobStatus,
} from './task-status';
export { mergeSlurmRecords, writeMergedRecords, describeGaps, type MergedSlurmRecords } from './merge';
export { readTaskRecords, taskRecordsPath, type TaskRecords } from './task-records';
export { sbatch, squeue, sacct, parseArrayJobId } from './scheduler';
