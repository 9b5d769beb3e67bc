/**
 * `bench run <experiment>`: expands the flags into a plan (core's `expandPlan`: backends x model
 * sizes x batch sizes x repeats, the same cells and cell ids as `bench sweep`), runs each cell in
 * this process with the same cell runner a sweep worker uses, prints a fastai-style table per run
 * and a summary (with the crossover for E3), and appends each run's complete records to --out.
 * Every flag is checked before the first cell starts.
 */
import { appendRecords, checkResultsWritable, expandPlan } from '@bench/core';
import type { EpochRecord, ResultRecord, RunRecord, SweepPlanInput } from '@bench/core';
import {
  DEFAULT_TARGET_ACCURACY,
  crossoverData,
  describeTimeToAccuracy,
  timeToAccuracy,
} from '@bench/report';
import type { Command } from 'commander';
import { EXPERIMENTS, runCell } from '../experiments';
import type { Cell } from '../experiments';
import { checkCanExport } from '../experiments/e3-crossover';
import { loadRegistry, unknownBackendMessage } from '../registry';
import { UsageError, parseIntList, parsePositiveInt } from '../usage-error';
import { summaryTable } from './run-summary-table';

/**
 * Largest --size (image side, px) accepted. Memory grows with the square of the side: each image
 * is held as size x size x 3 bytes, its first activations take 16 channels x size^2 float32
 * (16 MiB per image at 512 px, several times that with the backward pass), and the dense head's
 * parameters grow with (size/8)^2. At 512 a default batch of 64 already needs several GiB;
 * 30,000 px grew memory without bound until the process was killed.
 */
export const MAX_IMAGE_SIZE = 512;
/** Smallest --size: the stem and two stride-2 stages need a few pixels to work on. */
export const MIN_IMAGE_SIZE = 8;

interface RunOptions {
  backend?: string;
  backends?: string;
  layers?: string;
  batchSize?: string;
  batchSizes?: string;
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
    .option('--backends <list>', 'comma-separated backends (default: the available ones of highest priority)')
    .option('--backend <list>', 'same as --backends')
    .option('--layers <list>', 'E3: comma-separated numbers of linear layers, 2..12', '2,4,6,8')
    .option('--batch-sizes <list>', "comma-separated batch sizes (default: the experiment's own)")
    .option('--batch-size <list>', 'same as --batch-sizes')
    .option('--epochs <n>', "epochs per run (default: the experiment's own)")
    .option('--repeats <n>', 'repeat each cell n times', '1')
    .option('--seed <n>', 'seed of data, weights and dropout (a non-negative integer)', '0')
    .option('--data <dir>', 'data folder, for experiments that read data')
    .option('--limit <n>', 'use at most n training examples')
    .option('--dataset <name>', 'E4: cifar10 (default) or mnist')
    .option('--download', 'E4: download CIFAR-10 into the cache if --data is not given')
    .option(
      '--size <px>',
      `E1/E2: image side after resizing, ${MIN_IMAGE_SIZE}..${MAX_IMAGE_SIZE} (default 192)`,
    )
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
    .option(
      '--target-accuracy <x>',
      `E2: accuracy in (0, 1] for "fastest batch size to accuracy" (default ${DEFAULT_TARGET_ACCURACY})`,
    )
    .option('--out <file>', 'append result records (JSONL) to this file')
    .option('--json', 'print only a JSON summary on stdout')
    .action(async (name: string, opts: RunOptions) => {
      const code = await runExperiment(name, opts);
      process.exitCode = code;
    });
}

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The accuracy target of --target-accuracy, checked: a fraction in (0, 1]. */
function targetAccuracyOf(opts: RunOptions): number {
  if (opts.targetAccuracy === undefined) return DEFAULT_TARGET_ACCURACY;
  const target = Number(opts.targetAccuracy);
  if (!(target > 0 && target <= 1))
    throw new UsageError(
      `--target-accuracy must be a fraction in (0, 1], e.g. 0.9 for 90%, got "${opts.targetAccuracy}"`,
    );
  return target;
}

/** Builds the cells of a run from the options (core's plan expansion), validating every value. */
export async function planCells(name: string, opts: RunOptions): Promise<Cell[]> {
  const experiment = EXPERIMENTS[name];
  if (!experiment)
    throw new UsageError(
      `unknown experiment "${name}"; valid experiments: ${Object.keys(EXPERIMENTS).join(', ')}`,
    );
  const { registry, missing } = await loadRegistry();
  if (opts.backend && opts.backends && opts.backend !== opts.backends)
    throw new UsageError('give the backends once: --backends (or its alias --backend), not both');
  const backendFlag = opts.backends ?? opts.backend;
  let backends: string[];
  if (backendFlag) {
    backends = list(backendFlag);
    const unknown = backends.filter((b) => !registry.has(b));
    if (unknown.length || backends.length === 0) {
      throw new UsageError(
        unknownBackendMessage(unknown.length ? unknown : [backendFlag], registry, missing),
      );
    }
  } else {
    backends = await registry.defaults();
    if (backends.length === 0)
      throw new UsageError('no backend is available here; run `bench doctor` to see why');
  }
  const layers = name === 'e3' ? parseIntList('--layers', opts.layers ?? '2,4,6,8') : undefined;
  for (const l of layers ?? []) {
    if (l < 2 || l > 12) throw new UsageError(`--layers values must be between 2 and 12, got ${l}`);
  }
  if (opts.batchSize && opts.batchSizes && opts.batchSize !== opts.batchSizes)
    throw new UsageError('give the batch sizes once: --batch-sizes (or its alias --batch-size), not both');
  const batchFlag = opts.batchSizes ?? opts.batchSize;
  const batchSizes = batchFlag ? parseIntList('--batch-sizes', batchFlag) : [...experiment.defaultBatchSizes];
  const epochs = opts.epochs !== undefined ? parsePositiveInt('--epochs', opts.epochs) : undefined;
  const repeats = parsePositiveInt('--repeats', opts.repeats ?? '1');
  const seed = Number(opts.seed ?? 0);
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new UsageError(
      `--seed expects a non-negative integer up to ${Number.MAX_SAFE_INTEGER}, got "${opts.seed}"`,
    );
  targetAccuracyOf(opts);
  const options: Record<string, unknown> = {};
  if (opts.data) options.data = opts.data;
  if (opts.limit) options.limit = parsePositiveInt('--limit', opts.limit);
  if (opts.dataset) options.dataset = opts.dataset;
  if (opts.download) options.download = true;
  if (opts.size) {
    const size = parsePositiveInt('--size', opts.size);
    if (size < MIN_IMAGE_SIZE || size > MAX_IMAGE_SIZE)
      throw new UsageError(
        `--size must be between ${MIN_IMAGE_SIZE} and ${MAX_IMAGE_SIZE} px, got ${size}: memory grows with the square of the image side (images, activations and the dense head), so larger sizes exhaust memory; resize your images or use a smaller --size`,
      );
    options.size = size;
  }
  if (opts.weights) options.weights = opts.weights;
  if (opts.save) options.save = opts.save;
  if (opts.model) options.model = opts.model;
  if (opts.perClass) options.perClass = parsePositiveInt('--per-class', opts.perClass);
  if (opts.grid) options.grid = opts.grid;
  if (opts.export) {
    if (name !== 'e3') throw new UsageError(`--export is an E3 option; experiment "${name}" has no export`);
    // Compiles the smallest E3 model once per backend (milliseconds) so that a backend that
    // cannot export is refused before any training.
    for (const b of backends) await checkCanExport(b, await registry.get(b));
    options.export = opts.export;
  }
  const plan: SweepPlanInput = {
    experiment: name,
    backends,
    batchSizes,
    ...(layers ? { layers } : {}),
    epochs: epochs ?? experiment.defaultEpochs('cpu'),
    repeats,
    seed,
    options,
  };
  let cells: Cell[];
  try {
    cells = expandPlan(plan);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // Without --epochs each backend gets the experiment's default for its device kind.
  if (epochs === undefined)
    for (const c of cells) c.epochs = experiment.defaultEpochs(registry.entry(c.backend).deviceKind);
  return cells;
}

/** Runs the experiment; returns the process exit code (0 all ok, 1 some run failed). */
export async function runExperiment(name: string, opts: RunOptions): Promise<number> {
  const cells = await planCells(name, opts);
  // Fail before the first run's work when --out cannot take results (a folder, a full disk...).
  if (opts.out) checkResultsWritable(opts.out);
  const target = targetAccuracyOf(opts);
  const experiment = EXPERIMENTS[name]!;
  const { registry } = await loadRegistry();
  const log = opts.json ? () => {} : (line: string) => process.stdout.write(`${line}\n`);
  const runs: RunRecord[] = [];
  const epochRecords: EpochRecord[] = [];
  for (const cell of cells) {
    const records: ResultRecord[] = [];
    const run = await runCell(experiment, cell, { registry, log, emit: (r) => records.push(r) });
    if (run.status !== 'ok') log(`${cell.id}: run ${run.status}: ${run.error}`);
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
  // E2's answer per backend; when no batch size reached the target, the best reached, as such.
  const answers = name === 'e2' ? timeToAccuracy(epochRecords, target) : undefined;
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ experiment: name, runs, crossovers, ...(answers ? { timeToAccuracy: answers } : {}) }, null, 2)}\n`,
    );
  } else {
    log(`\n${summaryTable(runs)}`);
    for (const source of new Set(runs.flatMap((r) => (r.peakSource ? [r.peakSource] : []))))
      log(`MFU peak: ${source}`);
    for (const c of crossovers) log(`crossover ${c.backends.join(' vs ')}: ${c.description}`);
    for (const a of answers ?? []) log(describeTimeToAccuracy(a));
    if (opts.out) log(`records appended to ${opts.out}`);
  }
  return runs.every((r) => r.status === 'ok') ? 0 : 1;
}
