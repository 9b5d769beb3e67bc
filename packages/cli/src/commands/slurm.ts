/**
 * `bench slurm`: runs a sweep on a Slurm cluster as a job array, one cell per array task, with
 * the cluster's own scheduler.
 *
 *   bench slurm PLAN.json --out DIR [sbatch options] [--submit]   write (and submit) the job
 *   bench slurm status DIR [--resubmit-failed] [--json]           per-task state
 *   bench slurm resubmit DIR [--indices 3,7]                      rerun failed/missing tasks
 *   bench slurm merge DIR [--output FILE] [--json]                merge per-task records
 *   bench slurm run-task DIR INDEX --cell-id ID                   (hidden) what a task runs
 */
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describeGaps, mergeSlurmRecords, writeMergedRecords } from '../slurm/merge';
import { prepareSlurmJob } from '../slurm/prepare-job';
import { runSlurmTask } from '../slurm/run-task';
import { resubmitSlurmTasks, submitSlurmJob } from '../slurm/submit-job';
import { collectStatus, formatStatus, resubmittable } from '../slurm/task-status';
import { UsageError, parsePositiveInt } from '../usage-error';

interface SlurmOptions {
  out?: string;
  partition?: string;
  account?: string;
  qos?: string;
  time?: string;
  mem?: string;
  gres?: string;
  cpusPerTask?: string;
  maxParallel?: string;
  jobName?: string;
  submit?: boolean;
  force?: boolean;
}

const print = (line: string) => process.stdout.write(`${line}\n`);

/** Registers `bench slurm` and its subcommands on the program. */
export function registerSlurmCommand(program: Command): void {
  const slurm = program
    .command('slurm')
    .description('run a sweep plan on a Slurm cluster: one job-array task per cell (see docs/slurm.md)')
    .enablePositionalOptions()
    .argument('[plan]', 'sweep plan (JSON), as for `bench sweep`')
    .option('--out <dir>', 'job folder to create: job.sbatch, manifest.json, logs/, records/')
    .option('--partition <name>', 'sbatch --partition')
    .option('--account <name>', 'sbatch --account')
    .option('--qos <name>', 'sbatch --qos')
    .option('--time <limit>', 'sbatch --time per task, e.g. 01:00:00')
    .option('--mem <size>', 'sbatch --mem per task, e.g. 16G')
    .option('--gres <spec>', 'sbatch --gres per task, e.g. gpu:1')
    .option('--cpus-per-task <n>', 'sbatch --cpus-per-task')
    .option('--max-parallel <n>', 'at most n tasks at once (--array=...%n)')
    .option('--job-name <name>', 'sbatch --job-name (default bench-EXPERIMENT)')
    .option('--submit', 'submit with sbatch and print the job id')
    .option('--force', 'overwrite a job folder that was already submitted')
    .action(async (plan: string | undefined, opts: SlurmOptions) => {
      if (!plan)
        throw new UsageError(
          'bench slurm needs a plan file: `bench slurm PLAN.json --out DIR` (or a subcommand: status, resubmit, merge)',
        );
      if (!opts.out) throw new UsageError('bench slurm needs --out DIR: the job folder to create');
      const sbatch: Record<string, unknown> = {};
      for (const key of ['partition', 'account', 'qos', 'time', 'mem', 'gres', 'jobName'] as const) {
        if (opts[key] !== undefined) sbatch[key] = opts[key];
      }
      if (opts.cpusPerTask !== undefined)
        sbatch.cpusPerTask = parsePositiveInt('--cpus-per-task', opts.cpusPerTask);
      if (opts.maxParallel !== undefined)
        sbatch.maxParallel = parsePositiveInt('--max-parallel', opts.maxParallel);
      // Tasks run the same `bench` that wrote the job (this launcher), with the same node.
      const launcher =
        process.argv[1] && existsSync(process.argv[1]) ? realpathSync(process.argv[1]) : undefined;
      const manifest = prepareSlurmJob({
        planFile: plan,
        out: opts.out,
        sbatch,
        force: opts.force,
        ...(launcher ? { cli: launcher } : {}),
      });
      const dir = manifest.dir;
      print(
        `wrote ${join(dir, 'job.sbatch')}: a job array of ${manifest.cells.length} tasks, one sweep cell each`,
      );
      print(
        `manifest: ${join(dir, 'manifest.json')}; records go to ${join(dir, 'records')}/task-INDEX.jsonl, logs to ${join(dir, 'logs')}`,
      );
      if (opts.submit) {
        const job = await submitSlurmJob(dir);
        print(`submitted job ${job.jobId}`);
        print(`follow it with: bench slurm status ${dir}`);
      } else {
        print(`submit with: cd ${dir} && sbatch job.sbatch   (or rerun with --submit)`);
      }
    });

  slurm
    .command('status')
    .description(
      'per-task state of a job folder: records present / missing / failed, with squeue and sacct where available',
    )
    .argument('<dir>', 'job folder written by `bench slurm`')
    .option('--json', 'print JSON')
    .option('--no-scheduler', 'do not ask squeue/sacct; records only')
    .option('--resubmit-failed', 'resubmit failed and missing tasks (sbatch --array=LIST)')
    .action(async (dir: string, opts: { json?: boolean; scheduler?: boolean; resubmitFailed?: boolean }) => {
      const status = await collectStatus(dir, { scheduler: opts.scheduler });
      if (opts.json) {
        const tasks = status.tasks.map((t) => ({
          index: t.index,
          cellId: t.cellId,
          state: t.state,
          jobId: t.jobId,
          scheduler: t.scheduler,
          detail: t.detail,
        }));
        print(JSON.stringify({ dir, jobs: status.manifest.jobs, tasks, notes: status.notes }, null, 2));
      } else {
        print(formatStatus(status));
      }
      const redo = resubmittable(status);
      if (opts.resubmitFailed) {
        if (redo.length === 0) {
          print('nothing to resubmit: no task is failed or missing');
        } else {
          const job = await resubmitSlurmTasks(dir, redo);
          print(`resubmitted tasks ${redo.join(',')} as job ${job.jobId}`);
        }
      } else if (status.tasks.some((t) => t.state === 'failed')) {
        process.exitCode = 1;
      }
    });

  slurm
    .command('resubmit')
    .description('resubmit failed and missing tasks (or --indices) of a job folder')
    .argument('<dir>', 'job folder written by `bench slurm`')
    .option(
      '--indices <list>',
      'comma-separated array indices to resubmit (default: failed and missing ones)',
    )
    .action(async (dir: string, opts: { indices?: string }) => {
      const indices =
        opts.indices !== undefined ? parseIndexList(opts.indices) : resubmittable(await collectStatus(dir));
      if (indices.length === 0) {
        print('nothing to resubmit: no task is failed or missing');
        return;
      }
      const job = await resubmitSlurmTasks(dir, indices);
      print(`resubmitted tasks ${indices.join(',')} as job ${job.jobId}`);
    });

  slurm
    .command('merge')
    .description(
      'merge the per-task record files of a job folder into one JSONL file, flagging missing and failed tasks',
    )
    .argument('<dir>', 'job folder written by `bench slurm`')
    .option('--output <file>', 'merged JSONL file', '')
    .option('--json', 'print a JSON summary')
    .action((dir: string, opts: { output?: string; json?: boolean }) => {
      const merged = mergeSlurmRecords(dir);
      const output = opts.output || join(dir, 'results.jsonl');
      const n = writeMergedRecords(output, merged.records);
      if (opts.json) {
        print(
          JSON.stringify(
            {
              output,
              records: n,
              total: merged.total,
              missing: merged.missing,
              failed: merged.failed,
              invalid: merged.invalid,
            },
            null,
            2,
          ),
        );
      } else {
        print(
          `merged ${n} records of ${merged.total - merged.missing.length}/${merged.total} tasks into ${output}`,
        );
        for (const line of describeGaps(merged)) print(`  ${line}`);
        for (const i of merged.invalid) print(`  skipped invalid line ${i.line} of ${i.path}: ${i.error}`);
      }
      if (merged.missing.length > 0 || merged.failed.length > 0) process.exitCode = 1;
    });

  slurm
    .command('run-task', { hidden: true })
    .description('run one array task (called by job.sbatch)')
    .argument('<dir>', 'job folder')
    .argument('<index>', 'array index ($SLURM_ARRAY_TASK_ID)')
    .option('--cell-id <id>', 'cell id the job script expects at this index')
    .action(async (dir: string, index: string, opts: { cellId?: string }) => {
      const i = Number(index);
      if (!Number.isInteger(i) || i < 0)
        throw new UsageError(`run-task INDEX must be a non-negative integer, got "${index}"`);
      process.exitCode = await runSlurmTask(dir, i, {
        cellId: opts.cellId,
        onEvent: (e) => {
          if (e.type === 'cell-start') process.stderr.write(`cell ${e.cell.id}: started (pid ${e.pid})\n`);
          else if (e.type === 'epoch')
            process.stderr.write(`cell ${e.cell.id}: epoch ${e.epoch}/${e.epochs}\n`);
          else if (e.type === 'stderr') process.stderr.write(`${e.line}\n`);
          else if (e.type === 'cell-skipped')
            process.stderr.write(`cell ${e.cell.id}: skipped, ${e.reason}\n`);
          else if (e.type === 'cell-end')
            process.stdout.write(
              `cell ${e.cell.id}: ${e.status}${e.reason ? ` (${e.reason})` : ''} in ${e.seconds.toFixed(1)} s\n`,
            );
        },
      });
    });
}

/** Parses `3,7,8` into indices (0 allowed, unlike parseIntList). */
function parseIndexList(value: string): number[] {
  const items = value.split(',').map((s) => s.trim());
  const nums = items.map(Number);
  if (items.length === 0 || nums.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new UsageError(`--indices expects comma-separated non-negative integers, got "${value}"`);
  }
  return nums;
}
