/**
 * The sbatch options `bench slurm` accepts, validated with zod before any of them reaches a job
 * script. `#SBATCH` lines are parsed by sbatch, not by a shell, so quoting cannot protect them:
 * each value must match a strict pattern instead (names of partitions, accounts and QOS; Slurm's
 * time and memory formats; gres specs).
 */
import { z } from 'zod';
import { SlurmError } from './slurm-error';

/** A Slurm entity name (partition, account, QOS): letters, digits, `_`, `-`, `.`, `+`. */
const slurmName = (what: string) =>
  z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.+-]{0,127}$/, {
    message: `${what} must be a Slurm name: letters, digits, "_", "-", ".", "+" (at most 128, not starting with "-" or ".")`,
  });

/**
 * Slurm's time formats: `minutes`, `minutes:seconds`, `hours:minutes:seconds`, `days-hours`,
 * `days-hours:minutes`, `days-hours:minutes:seconds`, or `UNLIMITED`/`INFINITE`.
 */
export const SLURM_TIME =
  /^(?:\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d{1,2}|\d+-\d{1,2}:\d{1,2}|\d+-\d{1,2}:\d{1,2}:\d{1,2}|UNLIMITED|INFINITE)$/;

/** Slurm's memory format: a positive integer with an optional unit K, M, G or T (default M). */
export const SLURM_MEM = /^[1-9]\d*[KMGT]?$/;

/**
 * Generic resources: comma-separated `name[:type][:count]`, e.g. `gpu:1`, `gpu:a100:2`, `gpu`,
 * `gpu:1,shard:2`.
 */
export const SLURM_GRES =
  /^[A-Za-z][A-Za-z0-9_]*(?::[A-Za-z0-9_.-]+)?(?::[1-9]\d*)?(?:,[A-Za-z][A-Za-z0-9_]*(?::[A-Za-z0-9_.-]+)?(?::[1-9]\d*)?)*$/;

/** The sbatch options of a Bench job array; every field optional (the cluster's defaults apply). */
export const SbatchOptions = z
  .object({
    partition: slurmName('--partition').optional(),
    account: slurmName('--account').optional(),
    qos: slurmName('--qos').optional(),
    /** Wall-clock limit of each array task, Slurm time format (e.g. `01:00:00`, `2-00:00:00`). */
    time: z
      .string()
      .regex(SLURM_TIME, {
        message:
          '--time must be a Slurm time: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (e.g. 01:00:00)',
      })
      .optional(),
    /** Memory per task (node), Slurm format (e.g. `16G`, `4000M`). */
    mem: z
      .string()
      .regex(SLURM_MEM, {
        message: '--mem must be a positive integer with an optional unit K, M, G or T (e.g. 16G)',
      })
      .optional(),
    /** Generic resources per task (e.g. `gpu:1`). */
    gres: z
      .string()
      .regex(SLURM_GRES, {
        message: '--gres must be name[:type][:count], comma-separated (e.g. gpu:1 or gpu:a100:2)',
      })
      .optional(),
    cpusPerTask: z.number().int().positive().max(100_000).optional(),
    /** At most this many array tasks run at once (`--array=0-9%N`). */
    maxParallel: z.number().int().positive().optional(),
    /** Job name shown by squeue; letters, digits, `_`, `-`, `.` only. */
    jobName: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/, {
        message: '--job-name must be letters, digits, "_", "-", "." (at most 64)',
      })
      .optional(),
  })
  .strict();
export type SbatchOptions = z.infer<typeof SbatchOptions>;

/** Maps schema field names back to the CLI flags users typed, for error messages. */
const FLAG: Record<string, string> = {
  partition: '--partition',
  account: '--account',
  qos: '--qos',
  time: '--time',
  mem: '--mem',
  gres: '--gres',
  cpusPerTask: '--cpus-per-task',
  maxParallel: '--max-parallel',
  jobName: '--job-name',
};

/**
 * Validates sbatch options; throws a SlurmError naming each bad flag, its value and the expected
 * format, so nothing unvalidated reaches an `#SBATCH` line.
 */
export function parseSbatchOptions(input: unknown): SbatchOptions {
  const parsed = SbatchOptions.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const key = String(i.path[0] ?? '');
    const value =
      key && typeof input === 'object' && input !== null
        ? (input as Record<string, unknown>)[key]
        : undefined;
    return `${FLAG[key] ?? (key || 'options')} ${JSON.stringify(value)}: ${i.message}`;
  });
  throw new SlurmError(`invalid sbatch option: ${problems.join('; ')}`);
}

/** The `#SBATCH` flags for the options (array, output and error are added by the script). */
export function sbatchFlags(o: SbatchOptions): string[] {
  const flags: string[] = [];
  if (o.jobName) flags.push(`--job-name=${o.jobName}`);
  if (o.partition) flags.push(`--partition=${o.partition}`);
  if (o.account) flags.push(`--account=${o.account}`);
  if (o.qos) flags.push(`--qos=${o.qos}`);
  if (o.time) flags.push(`--time=${o.time}`);
  if (o.mem) flags.push(`--mem=${o.mem}`);
  if (o.gres) flags.push(`--gres=${o.gres}`);
  if (o.cpusPerTask) flags.push(`--cpus-per-task=${o.cpusPerTask}`);
  return flags;
}
