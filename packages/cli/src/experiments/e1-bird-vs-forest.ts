/**
 * E1, "Is it a bird?": an image-folder classifier fine-tuned fastai-style: one epoch with the
 * body frozen (its batch-norm layers still train, fastai's train_bn), then N epochs with
 * everything trained; 80/20 split with seed 42; images squished to 192x192. The model is
 * ResNet-18 with a new head (`--model resnet18|mobilenetv2|<file.onnx>`). With no --data, a
 * synthetic two-class folder (bird / forest, `--per-class` images each) is generated first.
 * Pretrained weights come from an ONNX file (--model) or a safetensors checkpoint (--weights);
 * nothing is downloaded.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DataLoader,
  RandomSplitter,
  compile,
  fineTune,
  flopsPerSample,
  initWeights,
  loadCheckpoint,
  paramCount,
  saveCheckpoint,
} from '@bench/core';
import type { NamedTensors } from '@bench/core';
import { generateShapesImageFolder, loadImageFolder } from '@bench/datasets';
import type { Cell, Experiment } from './experiment';
import { resolveModel } from './model-option';
import { intOption, stringOption } from './options';

/** One warning naming the files the image loader skipped and why (the first 20, then a count). */
export function skippedFilesWarning(skipped: readonly { path: string; reason: string }[]): string {
  const shown = skipped.slice(0, 20).map((s) => `${s.path} (${s.reason})`);
  const more = skipped.length > shown.length ? `; and ${skipped.length - shown.length} more` : '';
  return `skipped ${skipped.length} file(s) that are not readable images: ${shown.join('; ')}${more}`;
}

/**
 * The model name a run record gets before the model is built: the spec name of a built-in
 * `--model` (or of `fallback`), else the ONNX file as given.
 */
export function askedModelName(cell: Cell, fallback: string): string {
  const model = stringOption(cell, 'model') ?? fallback;
  return model === 'mobilenetv2' ? 'mobilenet-v2' : model;
}

/** Builds an E1-style experiment under a name (E2 is E1 over batch sizes). */
export function imageFolderExperiment(name: 'e1' | 'e2', description: string): Experiment {
  return {
    name,
    description,
    defaultBatchSizes: name === 'e2' ? [16, 32, 64, 128, 256] : [64],
    defaultEpochs: () => 3,
    defaults: (cell) => ({ model: askedModelName(cell, 'resnet18') }),
    async run(cell, ctx, setIdentity) {
      const size = intOption(cell, 'size', 192);
      const seed = cell.seed ?? 0;
      let dir = stringOption(cell, 'data');
      if (!dir) {
        dir = join(mkdtempSync(join(tmpdir(), 'bench-e1-')), 'images');
        const perClass = intOption(cell, 'perClass', 200);
        ctx.log(
          `no --data given: generating a synthetic bird/forest image folder (${perClass} per class) in ${dir}`,
        );
        await generateShapesImageFolder(dir, { perClass, size: Math.min(size, 96), seed: 42 });
      }
      const images = await loadImageFolder(dir, { size, onProgress: () => {} });
      // Skipped files go into the run record (and so into --json), not only into the log;
      // reported now so that a run failing later keeps them.
      if (images.skipped.length) {
        const warning = skippedFilesWarning(images.skipped);
        ctx.log(warning);
        ctx.report({ warnings: [warning] });
      }
      const limit = intOption(cell, 'limit');
      const { train, valid } = new RandomSplitter(0.2, 42).apply(images);
      const batchSize = cell.batchSize;
      const model = await resolveModel(cell, [size, size, 3], images.classNames.length, 'resnet18');
      const spec = model.spec;
      const backend = await ctx.registry.get(cell.backend);
      const identity = setIdentity({
        experiment: name,
        backend: cell.backend,
        device: backend.device,
        batchSize,
        params: paramCount(spec),
        model: spec.name,
      });
      const optimizer = { kind: 'adam' as const, lr: 1e-3 };
      let weights: NamedTensors = {
        ...initWeights(compile(spec, { optimizer, seed }), seed),
        ...(model.weights ?? {}),
      };
      ctx.log(`model ${spec.name} (${model.source})`);
      const pretrained = stringOption(cell, 'weights');
      if (pretrained) {
        const loaded = loadCheckpoint(pretrained).weights;
        const used = Object.keys(loaded).filter(
          (k) => weights[k] && weights[k]!.shape.join() === loaded[k]!.shape.join(),
        );
        for (const k of used) weights[k] = loaded[k]!;
        ctx.log(
          `loaded ${used.length} of ${Object.keys(weights).length} parameter tensors from ${pretrained}`,
        );
      } else if (!model.weights) {
        ctx.log(
          'no --weights and no ONNX --model: the body starts from random weights (Bench downloads no pretrained models)',
        );
      }
      const trainSet =
        limit && limit < train.length
          ? new RandomSplitter(limit / train.length, seed).apply(train).valid
          : train;
      ctx.log(
        `\n${cell.backend} | ${spec.name} | ${identity.params.toLocaleString('en-US')} parameters | ${images.classNames.join(' / ')} | ${trainSet.length} train, ${valid.length} valid | ${size}x${size} | batch ${batchSize}`,
      );
      const epochs = cell.epochs;
      ctx.report({ flopsPerSample: flopsPerSample(spec) });
      const result = await fineTune({
        backend,
        spec,
        optimizer,
        weights,
        train: new DataLoader(trainSet, { batchSize, shuffle: true, seed }),
        valid: new DataLoader(valid, { batchSize }),
        meta: identity,
        freeze: ['body'],
        frozenEpochs: 1,
        epochs,
        seed,
        log: ctx.log,
        onEpoch: (r) => ctx.emit(r),
        onEpochStart: ctx.onEpochStart,
        onCompiled: (warmupSeconds) => ctx.report({ warmupSeconds }),
      });
      weights = result.weights;
      const save = stringOption(cell, 'save');
      if (save) {
        saveCheckpoint(save, weights, {
          spec: JSON.stringify(spec),
          classes: JSON.stringify(images.classNames),
        });
        ctx.log(`weights saved to ${save} (safetensors)`);
      }
    },
  };
}

export const e1 = imageFolderExperiment(
  'e1',
  'image-folder classifier fine-tuned (1 frozen + N unfrozen epochs), 80/20 split, 192x192',
);
export const e2 = imageFolderExperiment(
  'e2',
  'E1 over batch sizes 16..256: time, error, utilisation and peak memory per batch size',
);
