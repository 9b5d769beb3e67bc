/**
 * Every IR op's lowering, one per file; this list is the whole registry. `LOWERINGS` is keyed by
 * op name and typed so that a new IR op in core fails the build here until it gets a lowering.
 */
import { kernelTableOps } from '@bench/core';
import type { KernelTable, OpName } from '@bench/core';
import { adamUpdateLowering } from './adam-update';
import { addLowering } from './add';
import { argmaxLowering } from './argmax';
import { avgPoolLowering } from './avg-pool';
import { avgPoolGradLowering } from './avg-pool-grad';
import { batchNormLowering } from './batch-norm';
import { batchNormGradLowering } from './batch-norm-grad';
import { batchNormInferenceLowering } from './batch-norm-inference';
import { batchNormInferenceGradLowering } from './batch-norm-inference-grad';
import { biasAddLowering } from './bias-add';
import { clipLowering } from './clip';
import { clipGradLowering } from './clip-grad';
import { conv2dLowering } from './conv2d';
import { conv2dGradFilterLowering } from './conv2d-grad-filter';
import { conv2dGradInputLowering } from './conv2d-grad-input';
import { dropoutLowering } from './dropout';
import { errorCountLowering } from './error-count';
import { matmulLowering } from './matmul';
import { maxPoolLowering } from './max-pool';
import { maxPoolGradLowering } from './max-pool-grad';
import { mulLowering } from './mul';
import type { OpLowering } from './op-lowering';
import { reduceSumLowering } from './reduce-sum';
import { reluLowering } from './relu';
import { reluGradLowering } from './relu-grad';
import { reshapeLowering } from './reshape';
import { sgdUpdateLowering } from './sgd-update';
import { softmaxLowering } from './softmax';
import { softmaxCrossEntropyLowering } from './softmax-cross-entropy';
import { softmaxCrossEntropyGradLowering } from './softmax-cross-entropy-grad';

/** The lowering of every IR op, by op name. */
export const LOWERINGS = {
  matmul: matmulLowering,
  biasAdd: biasAddLowering,
  reduceSum: reduceSumLowering,
  relu: reluLowering,
  reluGrad: reluGradLowering,
  mul: mulLowering,
  add: addLowering,
  conv2d: conv2dLowering,
  conv2dGradInput: conv2dGradInputLowering,
  conv2dGradFilter: conv2dGradFilterLowering,
  maxPool: maxPoolLowering,
  maxPoolGrad: maxPoolGradLowering,
  avgPool: avgPoolLowering,
  avgPoolGrad: avgPoolGradLowering,
  batchNorm: batchNormLowering,
  batchNormGrad: batchNormGradLowering,
  batchNormInference: batchNormInferenceLowering,
  batchNormInferenceGrad: batchNormInferenceGradLowering,
  clip: clipLowering,
  clipGrad: clipGradLowering,
  reshape: reshapeLowering,
  dropout: dropoutLowering,
  softmax: softmaxLowering,
  softmaxCrossEntropy: softmaxCrossEntropyLowering,
  softmaxCrossEntropyGrad: softmaxCrossEntropyGradLowering,
  errorCount: errorCountLowering,
  argmax: argmaxLowering,
  sgdUpdate: sgdUpdateLowering,
  adamUpdate: adamUpdateLowering,
} satisfies KernelTable<{ [K in OpName]: OpLowering<K> }>;

/** The IR ops this package lowers (all of them). */
export const LOWERED_OPS: readonly OpName[] = kernelTableOps(LOWERINGS);
