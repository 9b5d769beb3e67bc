/** Every kernel of this adapter, one per IR op. Adding an op = adding a file and a line here. */
import type { OpName } from '@bench/core';
import { adamUpdateKernel } from './adam-update';
import { addKernel } from './add';
import { argmaxKernel } from './argmax';
import { avgPoolKernel } from './avg-pool';
import { avgPoolGradKernel } from './avg-pool-grad';
import { batchNormKernel } from './batch-norm';
import { batchNormGradKernel } from './batch-norm-grad';
import { batchNormInferenceKernel } from './batch-norm-inference';
import { batchNormInferenceGradKernel } from './batch-norm-inference-grad';
import { biasAddKernel } from './bias-add';
import { clipKernel } from './clip';
import { clipGradKernel } from './clip-grad';
import { conv2dKernel } from './conv2d';
import { conv2dGradFilterKernel } from './conv2d-grad-filter';
import { conv2dGradInputKernel } from './conv2d-grad-input';
import { dropoutKernel } from './dropout';
import { errorCountKernel } from './error-count';
import type { KernelConfig } from './kernel';
import { matmulKernel } from './matmul';
import { maxPoolKernel } from './max-pool';
import { maxPoolGradKernel } from './max-pool-grad';
import { mulKernel } from './mul';
import { reduceSumKernel } from './reduce-sum';
import { reluKernel } from './relu';
import { reluGradKernel } from './relu-grad';
import { reshapeKernel } from './reshape';
import { sgdUpdateKernel } from './sgd-update';
import { softmaxKernel } from './softmax';
import { softmaxCrossEntropyKernel } from './softmax-cross-entropy';
import { softmaxCrossEntropyGradKernel } from './softmax-cross-entropy-grad';

/** The kernel list. */
export const ALL_KERNELS: readonly KernelConfig[] = [
  matmulKernel,
  biasAddKernel,
  reduceSumKernel,
  reluKernel,
  reluGradKernel,
  mulKernel,
  addKernel,
  conv2dKernel,
  conv2dGradInputKernel,
  conv2dGradFilterKernel,
  maxPoolKernel,
  maxPoolGradKernel,
  avgPoolKernel,
  avgPoolGradKernel,
  batchNormKernel,
  batchNormGradKernel,
  batchNormInferenceKernel,
  batchNormInferenceGradKernel,
  clipKernel,
  clipGradKernel,
  reshapeKernel,
  dropoutKernel,
  softmaxKernel,
  softmaxCrossEntropyKernel,
  softmaxCrossEntropyGradKernel,
  errorCountKernel,
  argmaxKernel,
  sgdUpdateKernel,
  adamUpdateKernel,
] as unknown as KernelConfig[];

/** Kernels by op name. */
export const KERNELS: ReadonlyMap<OpName, KernelConfig> = new Map(ALL_KERNELS.map((k) => [k.op, k]));
