/**
 * Thin wrappers over Slurm's own commands (`sbatch`, `squeue`, `sacct`), always run with an argv
 * array (no shell). Query commands never throw: a missing command or disabled accounting comes
 * back as `available: false` with the reason, so `bench slurm status` works from records alone.
 */
import { execFile } from 'node:child_process';
import { SlurmError } from './slurm-error';

/** The outcome of one Slurm command. */
export interface CommandResult {
  /** False when the executable was not found. */
  found: boolean;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a Slurm command with argv (no shell), never throwing for a non-zero exit. */
export function runCommand(
  cmd: string,
  args: readonly string[],
  cwd?: string,
  timeoutMs = 60_000,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd, timeout: timeoutMs, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const e = error as (NodeJS.ErrnoException & { code?: string | number }) | null;
        if (e && e.code === 'ENOENT')
          return resolve({ found: false, code: null, stdout: '', stderr: String(e.message) });
        resolve({ found: true, code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

/** A submitted job: its id and, on multi-cluster setups, the cluster. */
export interface Submitted {
  jobId: string;
  cluster?: string;
}

/**
 * Submits `script` with `sbatch --parsable` from `cwd` (the job folder, so relative log paths
 * resolve there); `array` overrides the script's `#SBATCH --array` (e.g. `3,7` to resubmit).
 */
export async function sbatch(script: string, cwd: string, array?: string): Promise<Submitted> {
  const args = ['--parsable', ...(array ? [`--array=${array}`] : []), script];
  const r = await runCommand('sbatch', args, cwd);
  if (!r.found) {
    throw new SlurmError(
      'sbatch was not found on PATH: submit from a Slurm login node, or run `sbatch job.sbatch` there yourself (the job folder is ready)',
    );
  }
  const out = r.stdout.trim().split('\n').pop() ?? '';
  const m = /^(\d+)(?:;(\S+))?$/.exec(out);
  if (r.code !== 0 || !m) {
    throw new SlurmError(
      `sbatch ${args.join(' ')} (in ${cwd}) failed with exit code ${r.code}: ${(r.stderr || r.stdout).trim() || 'no output'}; check the partition, account, QOS and limits with \`sinfo\` and \`sacctmgr show assoc user=$USER\``,
    );
  }
  return { jobId: m[1]!, ...(m[2] ? { cluster: m[2] } : {}) };
}

/** The scheduler's view of one array task. */
export interface TaskSchedulerState {
  jobId: string;
  index: number;
  /** Slurm state, e.g. PENDING, RUNNING, COMPLETED, FAILED, TIMEOUT, OUT_OF_MEMORY, CANCELLED. */
  state: string;
  /** squeue's reason or sacct's exit code. */
  detail?: string;
}

/** What a query learnt: tasks keyed `jobId_index`, or why the command is unavailable. */
export interface SchedulerQuery {
  source: 'squeue' | 'sacct';
  available: boolean;
  reason?: string;
  tasks: Map<string, TaskSchedulerState>;
}

/** Expands `12_3`, `12_[4-6,9]` or `12_[4-7%2]` into one entry per index. */
export function parseArrayJobId(id: string): { jobId: string; indices: number[] } | undefined {
  const m = /^(\d+)_(?:(\d+)|\[([^\]]+)\])$/.exec(id.trim());
  if (!m) return undefined;
  if (m[2] !== undefined) return { jobId: m[1]!, indices: [Number(m[2])] };
  const indices: number[] = [];
  for (const part of m[3]!.split('%')[0]!.split(',')) {
    const r = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!r) continue;
    const lo = Number(r[1]);
    const hi = r[2] !== undefined ? Number(r[2]) : lo;
    for (let i = lo; i <= hi; i++) indices.push(i);
  }
  return { jobId: m[1]!, indices };
}

function collect(source: 'squeue' | 'sacct', stdout: string): SchedulerQuery {
  const tasks = new Map<string, TaskSchedulerState>();
  for (const line of stdout.split('\n')) {
    const [id, state, detail] = line.split('|');
    if (!id || !state) continue;
    const parsed = parseArrayJobId(id);
    if (!parsed) continue;
    for (const index of parsed.indices) {
      // sacct may print "CANCELLED by 0"; keep the state word.
      tasks.set(`${parsed.jobId}_${index}`, {
        jobId: parsed.jobId,
        index,
        state: state.split(' ')[0]!,
        ...(detail ? { detail } : {}),
      });
    }
  }
  return { source, available: true, tasks };
}

/** Pending and running array tasks of the jobs, from `squeue`. */
export async function squeue(jobIds: readonly string[]): Promise<SchedulerQuery> {
  if (jobIds.length === 0) return { source: 'squeue', available: true, tasks: new Map() };
  const r = await runCommand('squeue', ['-h', '-r', '-j', jobIds.join(','), '-o', '%i|%T|%r']);
  if (!r.found)
    return { source: 'squeue', available: false, reason: 'squeue is not on PATH', tasks: new Map() };
  // squeue exits 1 with "Invalid job id" once every job has left the queue: that is "none queued".
  if (r.code !== 0 && !/invalid job id/i.test(r.stderr)) {
    return {
      source: 'squeue',
      available: false,
      reason: `squeue failed (exit ${r.code}): ${r.stderr.trim()}`,
      tasks: new Map(),
    };
  }
  return collect('squeue', r.stdout);
}

/** Final (and current) states of the jobs' array tasks, from `sacct` (needs Slurm accounting). */
export async function sacct(jobIds: readonly string[]): Promise<SchedulerQuery> {
  if (jobIds.length === 0) return { source: 'sacct', available: true, tasks: new Map() };
  const r = await runCommand('sacct', [
    '-n',
    '-P',
    '-X',
    '-j',
    jobIds.join(','),
    '--format=JobID,State,ExitCode',
  ]);
  if (!r.found)
    return { source: 'sacct', available: false, reason: 'sacct is not on PATH', tasks: new Map() };
  if (r.code !== 0 || /accounting storage is disabled/i.test(r.stderr + r.stdout)) {
    return {
      source: 'sacct',
      available: false,
      reason: (r.stderr || r.stdout).trim() || `sacct exit ${r.code}`,
      tasks: new Map(),
    };
  }
  return collect('sacct', r.stdout);
}
