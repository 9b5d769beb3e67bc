/**
 * The `--model` option of E1/E2/E4: a built-in network by name, or a user's ONNX image
 * classifier (imported with @bench/adapter-onnxruntime's `importOnnx`, loaded lazily so that the
 * option costs nothing when unused). Nothing is downloaded.
 */
import { mobilenetV2, resnet18 } from '@bench/core';
import type { ModelSpec, NamedTensors } from '@bench/core';
import { UsageError } from '../usage-error';
import type { Cell } from './experiment';
import { stringOption } from './options';

/** The built-in model names `--model` accepts besides a `.onnx` file. */
export const BUILTIN_MODELS = ['resnet18', 'mobilenetv2'] as const;

/** A resolved model: its spec and, for an ONNX file, its pretrained weights (head left out when replaced). */
export interface ResolvedModel {
  spec: ModelSpec;
  weights?: NamedTensors;
  /** Where it came from, for the log. */
  source: string;
}

/**
 * Resolves the cell's `model` option (or `fallback` when absent) for an image input and a class
 * count. An ONNX file keeps its own input size (the image size must match it) and gets a new head
 * when its class count differs. Throws UsageError for an unknown name or an unreadable file.
 */
export async function resolveModel(
  cell: Cell,
  inputShape: [number, number, number],
  classes: number,
  fallback: string | (() => ModelSpec),
): Promise<ResolvedModel> {
  const name = stringOption(cell, 'model');
  if (name === undefined && typeof fallback === 'function') return { spec: fallback(), source: 'built-in' };
  const model = name ?? (fallback as string);
  if (model === 'resnet18')
    return { spec: resnet18({ inputShape, classes }), source: 'built-in, random weights' };
  if (model === 'mobilenetv2')
    return { spec: mobilenetV2({ inputShape, classes }), source: 'built-in, random weights' };
  if (!model.endsWith('.onnx')) {
    throw new UsageError(`--model must be ${BUILTIN_MODELS.join(', ')} or a .onnx file, got "${model}"`);
  }
  let mod: typeof import('@bench/adapter-onnxruntime');
  try {
    mod = await import('@bench/adapter-onnxruntime');
  } catch (error) {
    throw new UsageError(
      `--model ${model}: importing ONNX needs @bench/adapter-onnxruntime (${(error as Error).message})`,
    );
  }
  let imported: Awaited<ReturnType<typeof mod.importOnnx>>;
  try {
    imported = await mod.importOnnx(model, { classes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new UsageError(`--model ${model}: no such file`);
    throw error;
  }
  const [h, w, c] = imported.spec.input.shape as [number, number, number];
  if (h !== inputShape[0] || w !== inputShape[1] || c !== inputShape[2]) {
    throw new UsageError(
      `--model ${model} takes ${h}x${w}x${c} images but the data are ${inputShape.join('x')}; pass --size ${h} (or re-export the model at ${inputShape[0]}x${inputShape[1]})`,
    );
  }
  const replaced = imported.sourceClasses !== classes ? `, new ${classes}-class head` : '';
  return { spec: imported.spec, weights: imported.weights, source: `${model}${replaced}` };
}
