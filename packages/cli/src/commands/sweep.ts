/**
 * `bench sweep [plan.json]`: runs a sweep plan (experiment x backends x batch sizes x model
 * sizes x repeats), each cell in its own child process, appending whole cells to --out;
 * `--resume` reruns only the cells without a run record. Also holds the helpers the other
 * sweep-style command (find-batch) shares.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type SweepPlanInput,
  checkResultsWritable,
  expandPlan,
  parseSweepPlan,
  readRecords,
  runSweep,
  summarizeRepeats,
} from '@bench/core';
import { describeDuplicates, duplicateCells } from '@bench/report';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { createSweepProgress, progressEnabled } from '../progress';
import { UsageError, parseIntList, parsePositiveInt } from '../usage-error';

/**
 * The worker module that runs cells: `--worker` if given, else the CLI's own `cell-worker.js`
 * next to the built `bin.js` (dist/). Throws a UsageError naming the fix when none exists.
 */
export function resolveWorkerModule(worker: string | undefined): string {
  if (worker) {
    if (!existsSync(worker))
      throw new UsageError(
        `--worker "${worker}" does not exist; pass the path of a module that calls runCellWorker`,
      );
    return worker;
  }
  for (const rel of ['./cell-worker.js', '../cell-worker.js']) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new UsageError(
    'the cell worker (dist/cell-worker.js) is missing: build the CLI (`npm run build -w @bench/cli`) or pass --worker <module>',
  );
}

/** Parses repeated `--option key=value` flags (values parsed as JSON when they parse). */
export function parseKeyValues(values: readonly string[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of values ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--option expects key=value, got "${kv}"`);
    const raw = kv.slice(eq + 1);
    try {
      out[kv.slice(0, eq)] = JSON.parse(raw);
    } catch {
      out[kv.slice(0, eq)] = raw;
    }
  }
  return out;
}

/** Commander collector for repeatable options. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Parses a positive number option (seconds, MiB), naming the option on error. */
export function parsePositiveNumber(option: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`${option} expects a positive number, got "${value}"`);
  return n;
}

/** Options of `bench sweep` as commander hands them over. */
export interface SweepCommandOptions {
  experiment?: string;
  backends?: string;
  batchSizes?: string;
  layers?: string;
  models?: string;
  epochs?: string;
  repeats?: string;
  timeout?: string;
  memoryLimit?: string;
  option?: string[];
  out: string;
  resume?: boolean;
  retryFailed?: boolean;
  json?: boolean;
  worker?: string;
  telemetryInterval?: string;
  gpuTelemetry?: boolean;
}

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Reads a plan file (JSON) and lays the command-line flags over it, then validates. */
export function planFromOptions(planFile: string | undefined, o: SweepCommandOptions) {
  let plan: Partial<SweepPlanInput> = {};
  if (planFile) {
    if (!existsSync(planFile)) throw new UsageError(`plan file "${planFile}" does not exist`);
    if (/\.ya?ml$/i.test(planFile))
      throw new UsageError(
        `plan file "${planFile}" is YAML; write the plan as JSON (the same fields: experiment, backends, batchSizes, layers|models, epochs, repeats, timeoutSeconds, memoryLimitMb, options)`,
      );
    try {
      // Editors on Windows save UTF-8 with a byte-order mark, which JSON.parse rejects.
      plan = JSON.parse(readFileSync(planFile, 'utf8').replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new UsageError(`plan file "${planFile}" is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (o.experiment) plan.experiment = o.experiment;
  if (o.backends) plan.backends = list(o.backends);
  if (o.batchSizes) plan.batchSizes = parseIntList('--batch-sizes', o.batchSizes);
  if (o.layers) plan.layers = parseIntList('--layers', o.layers);
  if (o.models) plan.models = list(o.models);
  if (o.epochs) plan.epochs = parsePositiveInt('--epochs', o.epochs);
  if (o.repeats) plan.repeats = parsePositiveInt('--repeats', o.repeats);
  if (o.timeout) plan.timeoutSeconds = parsePositiveNumber('--timeout', o.timeout);
  if (o.memoryLimit) plan.memoryLimitMb = parsePositiveNumber('--memory-limit', o.memoryLimit);
  if (o.option?.length) plan.options = { ...(plan.options ?? {}), ...parseKeyValues(o.option) };
  try {
    return parseSweepPlan(plan);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Runs the command; returns the exit code (0 once the sweep finished, whatever its cells did). */
export async function sweepAction(planFile: string | undefined, o: SweepCommandOptions): Promise<number> {
  const plan = planFromOptions(planFile, o);
  if (o.retryFailed && !o.resume) throw new UsageError('--retry-failed needs --resume');
  let cells: ReturnType<typeof expandPlan>;
  try {
    cells = expandPlan(plan); // duplicate cells or too many cells are the plan's fault: exit 2
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const workerModule = resolveWorkerModule(o.worker);
  checkResultsWritable(o.out);
  const progress = createSweepProgress(cells.length, progressEnabled(o.json));
  let summary: Awaited<ReturnType<typeof runSweep>>;
  try {
    summary = await runSweep({
      cells,
      out: o.out,
      resume: o.resume,
      retryFailed: o.retryFailed,
      workerModule,
      timeoutMs: plan.timeoutSeconds ? plan.timeoutSeconds * 1000 : undefined,
      memoryLimitMb: plan.memoryLimitMb,
      telemetryIntervalMs: o.telemetryInterval
        ? parsePositiveInt('--telemetry-interval', o.telemetryInterval)
        : undefined,
      nvidiaSmi: o.gpuTelemetry === false ? false : 'auto',
      onEvent: (e) => progress.onEvent(e),
    });
  } finally {
    progress.stop();
  }
  const { records } = readRecords(o.out);
  const planned = new Set(cells.map((c) => c.id)); // a Set: linear in cells, not quadratic
  const plannedRuns = records.filter(
    (r) => r.kind === 'run' && r.cellId !== undefined && planned.has(r.cellId),
  );
  const repeats = summarizeRepeats(plannedRuns);
  // Cells with two run records (a writer from before the lock, a double merge) are named.
  const duplicates = duplicateCells(plannedRuns);
  const duplicateWarning = describeDuplicates(duplicates);
  if (duplicateWarning) process.stderr.write(`bench sweep: ${o.out}: ${duplicateWarning}\n`);
  const ran = summary.ran.map((r) => ({
    cellId: r.cell.id,
    status: r.status,
    seconds: r.seconds,
    ...(r.reason ? { reason: r.reason } : {}),
  }));
  if (o.json) {
    process.stdout.write(
      `${JSON.stringify({ out: o.out, cells: cells.length, ran, skipped: summary.skipped.map((c) => c.id), repaired: summary.repaired ?? null, repeats, duplicateCells: duplicates }, null, 2)}\n`,
    );
    return 0;
  }
  const table = new Table({
    head: ['cell', 'status', 'seconds', 'reason'],
    colWidths: [44, 10, 10, 70],
    wordWrap: true,
    ...(process.stdout.isTTY ? {} : { style: { head: [], border: [] } }),
  });
  for (const r of ran) table.push([r.cellId, r.status, r.seconds.toFixed(1), r.reason ?? '']);
  process.stdout.write(`${table.toString()}\n`);
  if (summary.repaired) {
    process.stdout.write(
      `--resume repaired ${o.out}: dropped ${summary.repaired.droppedRecords} records of unfinished cells and ${summary.repaired.droppedLines} damaged lines (original kept as ${summary.repaired.backup})\n`,
    );
  }
  if (summary.skipped.length)
    process.stdout.write(`skipped ${summary.skipped.length} cells already in ${o.out} (--resume)\n`);
  const failed = ran.filter((r) => r.status !== 'ok').length;
  process.stdout.write(
    `${ran.length} cells run, ${failed} not ok; records in ${o.out}. Next: bench report ${o.out} --html report.html\n`,
  );
  return 0;
}

/** Registers `bench sweep`. */
export function registerSweepCommand(program: Command): void {
  program
    .command('sweep')
    .description(
      'run a sweep (backends x batch sizes x model sizes x repeats), each cell in its own process; failures are recorded and the sweep goes on',
    )
    .argument(
      '[plan]',
      'JSON plan file: {experiment, backends[], batchSizes[], layers[]|models[], epochs, repeats, timeoutSeconds, memoryLimitMb, options}',
    )
    .option('--experiment <name>', 'experiment to run (overrides the plan)')
    .option('--backends <list>', 'comma-separated backends')
    .option('--batch-sizes <list>', 'comma-separated batch sizes')
    .option('--layers <list>', 'E3: comma-separated numbers of linear layers')
    .option('--models <list>', 'comma-separated model names')
    .option('--epochs <n>', 'epochs per cell')
    .option('--repeats <n>', 'repeats of every cell (median and spread in the summary)')
    .option('--timeout <seconds>', 'per-cell wall-clock limit; a cell past it is recorded as timeout')
    .option(
      '--memory-limit <mb>',
      'per-cell memory limit (V8 heap and an RSS watchdog); a cell past it is recorded as oom',
    )
    .option('--option <key=value>', 'experiment option passed to every cell (repeatable)', collect)
    .option('--out <file>', 'results file (JSONL), appended one whole cell at a time', 'results.jsonl')
    .option('--resume', 'skip cells that already have a run record in --out')
    .option(
      '--retry-failed',
      'with --resume: rerun cells whose run record is not ok (their old records are dropped, a backup is kept)',
    )
    .option('--json', 'print only a JSON summary on stdout (no progress bars)')
    .option('--worker <module>', "worker module that runs a cell (default: the CLI's cell-worker)")
    .option('--telemetry-interval <ms>', 'telemetry sampling interval in ms (default 250)')
    .option('--no-gpu-telemetry', 'do not run nvidia-smi for GPU utilisation and memory')
    .action(async (plan: string | undefined, opts: SweepCommandOptions) => {
      process.exitCode = await sweepAction(plan, opts);
    });
}
