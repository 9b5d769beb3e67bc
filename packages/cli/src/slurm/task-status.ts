/**
 * The state of every array task of a job folder, from the records each task wrote and, where
 * available, Slurm's own view (`squeue` for queued and running tasks, `sacct` for finished ones).
 * Records are the truth for finished cells; the scheduler explains the cells without records.
 */
import { readManifest } from './manifest';
import type { SlurmManifest } from './manifest';
import { type SchedulerQuery, type TaskSchedulerState, sacct, squeue } from './scheduler';
import { type TaskRecords, readTaskRecords } from './task-records';

/**
 * One task's state. `done`: ok run record. `failed`: a failed run record, or Slurm says the task
 * ended badly (FAILED, TIMEOUT, OUT_OF_MEMORY, CANCELLED, NODE_FAIL...) without one. `pending` /
 * `running`: in the queue. `missing`: submitted, not queued, no run record (e.g. killed before the
 * runner wrote, or Slurm forgot it). `not-submitted`: never submitted.
 */
export type TaskState = 'done' | 'failed' | 'pending' | 'running' | 'missing' | 'not-submitted';

/** A task's state with the evidence. */
export interface TaskStatus {
  index: number;
  cellId: string;
  state: TaskState;
  records: TaskRecords;
  /** The latest job that ran (or will run) this index. */
  jobId?: string;
  scheduler?: TaskSchedulerState;
  /** Short human explanation (run status and error, or Slurm state). */
  detail: string;
}

/** The states of all tasks plus what was learnt about the scheduler. */
export interface JobStatus {
  manifest: SlurmManifest;
  tasks: TaskStatus[];
  /** Notes about scheduler queries that were unavailable (e.g. accounting disabled). */
  notes: string[];
}

/** Options: `scheduler: false` skips squeue/sacct (records only). */
export interface StatusOptions {
  scheduler?: boolean;
}

const BAD_END = /^(FAILED|TIMEOUT|OUT_OF_MEMORY|CANCELLED|NODE_FAIL|BOOT_FAIL|PREEMPTED|DEADLINE|REVOKED)$/;
const QUEUED = /^(PENDING|REQUEUED|REQUEUE_HOLD|REQUEUE_FED|RESV_DEL_HOLD|SUSPENDED)$/;
const ACTIVE = /^(RUNNING|CONFIGURING|COMPLETING|RESIZING|SIGNALING|STAGE_OUT|STOPPED)$/;

/** Index -> the latest submitted job that includes it. */
function latestJobs(manifest: SlurmManifest): Map<number, string> {
  const out = new Map<number, string>();
  for (const job of manifest.jobs) for (const i of job.indices) out.set(i, job.jobId);
  return out;
}

/** Reads the job folder and asks the scheduler (unless disabled) for each task's state. */
export async function collectStatus(dir: string, options: StatusOptions = {}): Promise<JobStatus> {
  const manifest = readManifest(dir);
  const latest = latestJobs(manifest);
  const jobIds = [...new Set(latest.values())];
  const notes: string[] = [];
  const queries: SchedulerQuery[] = [];
  if (options.scheduler !== false && jobIds.length > 0) {
    const [q, a] = await Promise.all([squeue(jobIds), sacct(jobIds)]);
    for (const r of [q, a]) {
      if (r.available) queries.push(r);
      else notes.push(`${r.source} unavailable: ${r.reason}`);
    }
  }
  const lookup = (jobId: string, index: number): TaskSchedulerState | undefined => {
    // squeue first: it is live; sacct may lag a running task.
    for (const q of queries) {
      const t = q.tasks.get(`${jobId}_${index}`);
      if (t) return t;
    }
    return undefined;
  };
  const tasks = manifest.cells.map((c): TaskStatus => {
    const records = readTaskRecords(dir, c.index, c.id);
    const jobId = latest.get(c.index);
    const scheduler = jobId ? lookup(jobId, c.index) : undefined;
    const base = {
      index: c.index,
      cellId: c.id,
      records,
      ...(jobId ? { jobId } : {}),
      ...(scheduler ? { scheduler } : {}),
    };
    const slurm = scheduler
      ? `slurm ${scheduler.state}${scheduler.detail ? ` (${scheduler.detail})` : ''}`
      : '';
    if (records.outcome === 'ok') return { ...base, state: 'done', detail: 'ok' };
    if (records.outcome === 'failed') {
      return {
        ...base,
        state: 'failed',
        detail: `run ${records.run!.status}${records.run!.error ? `: ${records.run!.error}` : ''}`,
      };
    }
    if (!jobId) return { ...base, state: 'not-submitted', detail: 'never submitted' };
    if (scheduler && QUEUED.test(scheduler.state)) return { ...base, state: 'pending', detail: slurm };
    if (scheduler && ACTIVE.test(scheduler.state)) return { ...base, state: 'running', detail: slurm };
    if (scheduler && BAD_END.test(scheduler.state))
      return { ...base, state: 'failed', detail: `${slurm}, no run record; see logs/task-${c.index}.err` };
    return {
      ...base,
      state: 'missing',
      detail: `${slurm ? `${slurm}, ` : ''}no run record in ${records.path}; see logs/task-${c.index}.err`,
    };
  });
  return { manifest, tasks, notes };
}

/** Indices a resubmission should run: failed and missing tasks (never pending or running ones). */
export function resubmittable(status: JobStatus): number[] {
  return status.tasks.filter((t) => t.state === 'failed' || t.state === 'missing').map((t) => t.index);
}

/** A plain-text table of the task states and a one-line summary. */
export function formatStatus(status: JobStatus): string {
  const rows = status.tasks.map((t) => [
    String(t.index),
    t.state,
    t.jobId ? `${t.jobId}_${t.index}` : '-',
    t.cellId,
    t.detail,
  ]);
  const head = ['task', 'state', 'slurm job', 'cell', 'detail'];
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const fmt = (r: string[]) => r.map((v, i) => (i < r.length - 1 ? v.padEnd(widths[i]!) : v)).join('  ');
  const counts = new Map<TaskState, number>();
  for (const t of status.tasks) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
  const summary = [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
  return [
    fmt(head),
    ...rows.map(fmt),
    '',
    `${status.tasks.length} tasks: ${summary}`,
    ...status.notes.map((n) => `note: ${n}`),
  ].join('\n');
}
