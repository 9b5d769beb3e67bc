/**
 * Every kernel of this adapter, keyed by IR op (a missing op is a type error). Adding an op =
 * adding a file and a line here.
 */
import { kernelTableOps } from '@bench/core';
import type { KernelTable, OpName } from '@bench/core';
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

/** The kernel of every IR op, by op name. */
export const KERNELS = {
  matmul: matmulKernel,
  biasAdd: biasAddKernel,
  reduceSum: reduceSumKernel,
  relu: reluKernel,
  reluGrad: reluGradKernel,
  mul: mulKernel,
  add: addKernel,
  conv2d: conv2dKernel,
  conv2dGradInput: conv2dGradInputKernel,
  conv2dGradFilter: conv2dGradFilterKernel,
  maxPool: maxPoolKernel,
  maxPoolGrad: maxPoolGradKernel,
  avgPool: avgPoolKernel,
  avgPoolGrad: avgPoolGradKernel,
  batchNorm: batchNormKernel,
  batchNormGrad: batchNormGradKernel,
  batchNormInference: batchNormInferenceKernel,
  batchNormInferenceGrad: batchNormInferenceGradKernel,
  clip: clipKernel,
  clipGrad: clipGradKernel,
  reshape: reshapeKernel,
  dropout: dropoutKernel,
  softmax: softmaxKernel,
  softmaxCrossEntropy: softmaxCrossEntropyKernel,
  softmaxCrossEntropyGrad: softmaxCrossEntropyGradKernel,
  errorCount: errorCountKernel,
  argmax: argmaxKernel,
  sgdUpdate: sgdUpdateKernel,
  adamUpdate: adamUpdateKernel,
} satisfies KernelTable<{ [K in OpName]: KernelConfig<K> }>;

/** The IR ops this adapter has kernels for (its `capabilities.ops`). */
export const SUPPORTED_OPS: readonly OpName[] = kernelTableOps(KERNELS);
