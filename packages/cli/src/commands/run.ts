/**
 * `bench run <experiment>`: runs the cells of one experiment (backends x model sizes x batch
 * sizes x repeats) in this process, prints a fastai-style table per run and a summary (with the
 * crossover for E3), and appends complete records to --out.
 */
import { appendRecords, fastestToAccuracy } from '@bench/core';
import type { EpochRecord, ResultRecord, RunRecord } from '@bench/core';
import { crossoverData } from '@bench/report';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { EXPERIMENTS, runCell } from '../experiments';
import type { Cell } from '../experiments';
import { loadRegistry } from '../registry';
import { UsageError, parseIntList, parsePositiveInt } from '../usage-error';

interface RunOptions {
  backend?: string;
  layers?: string;
  batchSize?: string;
  epochs?: string;
  repeats?: string;
  seed?: string;
  out?: string;
  json?: boolean;
  data?: string;
  limit?: string;
  dataset?: string;
  download?: boolean;
  size?: string;
  weights?: string;
  save?: string;
  model?: string;
  perClass?: string;
  targetAccuracy?: string;
  grid?: string;
  export?: string;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description(`run an experiment (${Object.keys(EXPERIMENTS).join(', ')}) on one or more backends`)
    .argument('<experiment>', `experiment name: ${Object.keys(EXPERIMENTS).join(', ')}`)
    .option('--backend <list>', 'comma-separated backends (default: the available ones of highest priority)')
    .option('--layers <list>', 'E3: comma-separated numbers of linear layers, 2..12', '2,4,6,8')
    .option('--batch-size <list>', "comma-separated batch sizes (default: the experiment's own)")
    .option('--epochs <n>', "epochs per run (default: the experiment's own)")
    .option('--repeats <n>', 'repeat each cell n times', '1')
    .option('--seed <n>', 'seed of data, weights and dropout', '0')
    .option('--data <dir>', 'data folder, for experiments that read data')
    .option('--limit <n>', 'use at most n training examples')
    .option('--dataset <name>', 'E4: cifar10 (default) or mnist')
    .option('--download', 'E4: download CIFAR-10 into the cache if --data is not given')
    .option('--size <px>', 'E1/E2: image side after resizing (default 192)')
    .option('--weights <file>', 'E1/E2: pretrained weights (safetensors checkpoint) for the body')
    .option(
      '--model <name|file.onnx>',
      'E1/E2: resnet18 (default), mobilenetv2 or an ONNX image classifier (new head for the classes); E4: an ONNX file',
    )
    .option(
      '--per-class <n>',
      'E1/E2: images per class of the generated folder when --data is not given (default 200)',
    )
    .option('--save <file>', 'E1/E2: save the fine-tuned weights as a safetensors checkpoint')
    .option(
      '--export <file.onnx>',
      'E3: write the trained model as an inference ONNX file (onnxruntime backends)',
    )
    .option('--grid <file.png>', 'E4: write the 4x6 grid of test images with true and predicted classes')
    .option('--target-accuracy <x>', 'E2: accuracy for "fastest batch size to accuracy" (default 0.9)')
    .option('--out <file>', 'append result records (JSONL) to this file')
    .option('--json', 'print only a JSON summary on stdout')
    .action(async (name: string, opts: RunOptions) => {
      const code = await runExperiment(name, opts);
      process.exitCode = code;
    });
}

/** Builds the cells of a run from the options, validating every value. */
async function planCells(name: string, opts: RunOptions): Promise<Cell[]> {
  const experiment = EXPERIMENTS[name];
  if (!experiment)
    throw new UsageError(
      `unknown experiment "${name}"; valid experiments: ${Object.keys(EXPERIMENTS).join(', ')}`,
    );
  const { registry } = await loadRegistry();
  let backends: string[];
  if (opts.backend) {
    backends = opts.backend
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = backends.filter((b) => !registry.has(b));
    if (unknown.length || backends.length === 0) {
      throw new UsageError(
        `unknown backend "${unknown.join(', ') || opts.backend}"; registered backends: ${registry.names().join(', ')} (see \`bench doctor\`)`,
      );
    }
  } else {
    backends = await registry.defaults();
    if (backends.length === 0)
      throw new UsageError('no backend is available here; run `bench doctor` to see why');
  }
  const layers = name === 'e3' ? parseIntList('--layers', opts.layers ?? '2,4,6,8') : [undefined];
  for (const l of layers) {
    if (l !== undefined && (l < 2 || l > 12))
      throw new UsageError(`--layers values must be between 2 and 12, got ${l}`);
  }
  if (name === 'e2' && !opts.batchSize) opts.batchSize = '16,32,64,128,256';
  const batchSizes = opts.batchSize ? parseIntList('--batch-size', opts.batchSize) : [undefined];
  const epochs = opts.epochs !== undefined ? parsePositiveInt('--epochs', opts.epochs) : undefined;
  const repeats = parsePositiveInt('--repeats', opts.repeats ?? '1');
  const seed = Number(opts.seed ?? 0);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed expects an integer, got "${opts.seed}"`);
  const options: Record<string, unknown> = {};
  if (opts.data) options.data = opts.data;
  if (opts.limit) options.limit = parsePositiveInt('--limit', opts.limit);
  if (opts.dataset) options.dataset = opts.dataset;
  if (opts.download) options.download = true;
  if (opts.size) options.size = parsePositiveInt('--size', opts.size);
  if (opts.weights) options.weights = opts.weights;
  if (opts.save) options.save = opts.save;
  if (opts.model) options.model = opts.model;
  if (opts.perClass) options.perClass = parsePositiveInt('--per-class', opts.perClass);
  if (opts.grid) options.grid = opts.grid;
  if (opts.export) options.export = opts.export;
  const cells: Cell[] = [];
  for (const backend of backends) {
    for (const l of layers) {
      for (const batchSize of batchSizes) {
        for (let repeat = 0; repeat < repeats; repeat++) {
          cells.push({ experiment: name, backend, layers: l, batchSize, epochs, seed, repeat, options });
        }
      }
    }
  }
  return cells;
}

/** Runs the experiment; returns the process exit code (0 all ok, 1 some run failed). */
export async function runExperiment(name: string, opts: RunOptions): Promise<number> {
  const cells = await planCells(name, opts);
  const experiment = EXPERIMENTS[name]!;
  const { registry } = await loadRegistry();
  const log = opts.json ? () => {} : (line: string) => process.stdout.write(`${line}\n`);
  const runs: RunRecord[] = [];
  const epochRecords: EpochRecord[] = [];
  for (const cell of cells) {
    const records: ResultRecord[] = [];
    const run = await runCell(experiment, cell, { registry, log, emit: (r) => records.push(r) });
    if (run.status !== 'ok') log(`${cell.backend}: run ${run.status}: ${run.error}`);
    // Only complete runs' records reach the file: all of a run's records in one append.
    if (opts.out) appendRecords(opts.out, records);
    runs.push(run);
    for (const r of records) if (r.kind === 'epoch') epochRecords.push(r);
  }
  // Median seconds per backend and model size, then the flips of every pair (the report's own).
  const crossovers =
    name === 'e3'
      ? crossoverData(runs).crossovers.map((c) => ({
          backends: [c.a, c.b],
          params: c.params,
          description: c.description,
        }))
      : [];
  const target = opts.targetAccuracy !== undefined ? Number(opts.targetAccuracy) : 0.9;
  if (!(target > 0 && target <= 1))
    throw new UsageError(`--target-accuracy must be in (0, 1], got ${opts.targetAccuracy}`);
  const fastest = name === 'e2' ? fastestToAccuracy(epochRecords, target) : undefined;
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ experiment: name, runs, crossovers, ...(fastest ? { fastestToAccuracy: fastest } : {}) }, null, 2)}\n`,
    );
  } else {
    log(`\n${summaryTable(runs)}`);
    for (const c of crossovers) log(`crossover ${c.backends.join(' vs ')}: ${c.description}`);
    if (fastest) {
      const f = fastest.fastest;
      log(
        f
          ? `fastest to ${(target * 100).toFixed(0)}% valid accuracy: batch size ${f.batchSize}, after ${f.seconds!.toFixed(2)} s (epoch ${f.epoch})`
          : `no batch size reached ${(target * 100).toFixed(0)}% valid accuracy`,
      );
    }
    if (opts.out) log(`records appended to ${opts.out}`);
  }
  return runs.every((r) => r.status === 'ok') ? 0 : 1;
}

function summaryTable(runs: RunRecord[]): string {
  const table = new Table({
    head: [
      'backend',
      'model',
      'params',
      'batch',
      'status',
      'compile s',
      '1st epoch s',
      'median s/epoch',
      'train s',
      'train err',
      'valid err',
      'samples/s',
      'peak RSS',
    ],
  });
  const pct = (v: number | null | undefined) =>
    v === null || v === undefined ? '' : `${(v * 100).toFixed(2)}%`;
  for (const r of runs) {
    table.push([
      r.backend,
      r.model ?? '',
      r.params.toLocaleString('en-US'),
      r.batchSize,
      r.status === 'ok' ? r.status : `${r.status}: ${(r.error ?? '').slice(0, 40)}`,
      r.warmupSeconds?.toFixed(3) ?? '',
      r.firstEpochSeconds?.toFixed(4) ?? '',
      r.medianEpochSeconds?.toFixed(4) ?? '',
      r.trainSeconds?.toFixed(3) ?? '',
      pct(r.finalTrainErrorRate),
      pct(r.finalErrorRate),
      r.samplesPerSecond ? Math.round(r.samplesPerSecond).toLocaleString('en-US') : '',
      `${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
    ]);
  }
  return table.toString();
}
