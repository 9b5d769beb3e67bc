/**
 * `bench find-batch <experiment> --backend NAME`: the largest batch size that fits (double until
 * out of memory, then binary search) and, from the attempts' epochs, the batch size fastest to a
 * target accuracy.
 */
import { findBatchSize } from '@bench/core';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { createSweepProgress, progressEnabled } from '../progress';
import { UsageError, parsePositiveInt } from '../usage-error';
import { collect, parseKeyValues, parsePositiveNumber, resolveWorkerModule } from './sweep';

/** Options of `bench find-batch`. */
export interface FindBatchCommandOptions {
  backend?: string;
  layers?: string;
  model?: string;
  start: string;
  max: string;
  granularity: string;
  epochs: string;
  timeout?: string;
  memoryLimit?: string;
  targetAccuracy?: string;
  option?: string[];
  out?: string;
  json?: boolean;
  worker?: string;
}

/** Runs the command; returns the exit code (1 when the search stopped on a non-OOM failure). */
export async function findBatchAction(experiment: string, o: FindBatchCommandOptions): Promise<number> {
  if (!o.backend)
    throw new UsageError('--backend <name> is required (see `bench doctor` for the backends available here)');
  let targetAccuracy: number | undefined;
  if (o.targetAccuracy !== undefined) {
    targetAccuracy = Number(o.targetAccuracy);
    if (!(targetAccuracy > 0 && targetAccuracy <= 1))
      throw new UsageError(`--target-accuracy expects a number in (0, 1], got "${o.targetAccuracy}"`);
  }
  const max = parsePositiveInt('--max', o.max);
  const progress = createSweepProgress(Math.ceil(Math.log2(max)) * 2, progressEnabled(o.json));
  let search: Awaited<ReturnType<typeof findBatchSize>>;
  try {
    search = await findBatchSize({
      template: {
        experiment,
        backend: o.backend,
        epochs: parsePositiveInt('--epochs', o.epochs),
        repeat: 0,
        ...(o.layers ? { layers: parsePositiveInt('--layers', o.layers) } : {}),
        ...(o.model ? { model: o.model } : {}),
        options: parseKeyValues(o.option),
      },
      start: parsePositiveInt('--start', o.start),
      max,
      granularity: parsePositiveInt('--granularity', o.granularity),
      out: o.out,
      targetAccuracy,
      workerModule: resolveWorkerModule(o.worker),
      timeoutMs: o.timeout ? parsePositiveNumber('--timeout', o.timeout) * 1000 : undefined,
      memoryLimitMb: o.memoryLimit ? parsePositiveNumber('--memory-limit', o.memoryLimit) : undefined,
      onEvent: (e) => progress.onEvent(e),
    });
  } finally {
    progress.stop();
  }
  const code = search.stoppedBy ? 1 : 0;
  const { records: _records, ...rest } = search;
  if (o.json) {
    process.stdout.write(`${JSON.stringify(rest, null, 2)}\n`);
    return code;
  }
  const table = new Table({
    head: ['batch size', 'phase', 'status', 'seconds', 'peak RSS MiB', 'reason'],
    colWidths: [12, 8, 10, 10, 14, 60],
    wordWrap: true,
    ...(process.stdout.isTTY ? {} : { style: { head: [], border: [] } }),
  });
  for (const a of search.attempts)
    table.push([
      a.batchSize,
      a.phase,
      a.status,
      a.seconds.toFixed(1),
      (a.peakRssBytes / 1048576).toFixed(0),
      a.reason ?? '',
    ]);
  process.stdout.write(`${table.toString()}\n`);
  process.stdout.write(
    `largest batch size that fits: ${search.largestFit ?? 'none (even --start failed)'}; first out of memory: ${search.firstOom ?? `none up to --max ${max}`}\n`,
  );
  if (search.stoppedBy)
    process.stdout.write(
      `stopped at batch size ${search.stoppedBy.batchSize}: ${search.stoppedBy.status}: ${search.stoppedBy.reason ?? ''}\n`,
    );
  if (search.fastest) {
    const f = search.fastest;
    process.stdout.write(
      f.fastest
        ? `fastest to ${(f.targetAccuracy * 100).toFixed(1)}% validation accuracy: batch size ${f.fastest.batchSize} (${f.fastest.seconds?.toFixed(2)} s, epoch ${f.fastest.epoch})\n`
        : `no batch size reached ${(f.targetAccuracy * 100).toFixed(1)}% validation accuracy in ${o.epochs} epochs; raise --epochs\n`,
    );
  }
  return code;
}

/** Registers `bench find-batch`. */
export function registerFindBatchCommand(program: Command): void {
  program
    .command('find-batch')
    .description(
      'find the largest batch size that fits in memory (double, then binary search) and the one fastest to a target accuracy',
    )
    .argument('<experiment>', 'experiment name')
    .option('--backend <name>', 'backend to search on')
    .option('--layers <n>', 'E3: number of linear layers')
    .option('--model <name>', 'model name')
    .option('--start <n>', 'first batch size', '16')
    .option('--max <n>', 'largest batch size to try', '4096')
    .option('--granularity <n>', 'stop the binary search when fit and OOM are this close', '1')
    .option('--epochs <n>', 'epochs per attempt', '1')
    .option('--timeout <seconds>', 'per-attempt wall-clock limit')
    .option('--memory-limit <mb>', 'per-attempt memory limit (V8 heap and an RSS watchdog)')
    .option('--target-accuracy <x>', 'also report the batch size fastest to this validation accuracy (0..1)')
    .option('--option <key=value>', 'experiment option (repeatable)', collect)
    .option('--out <file>', "append every attempt's records to this results file")
    .option('--json', 'print only a JSON summary on stdout')
    .option('--worker <module>', "worker module that runs a cell (default: the CLI's cell-worker)")
    .action(async (experiment: string, opts: FindBatchCommandOptions) => {
      process.exitCode = await findBatchAction(experiment, opts);
    });
}
