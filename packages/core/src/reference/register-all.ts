/** Every reference kernel, one per IR op, keyed by op name (a missing op is a type error). */
import type { KernelTable } from '../ir/kernel-table';
import type { OpName } from '../ir/ops';
import type { AnyKernelConfig, KernelConfig } from './kernel';
import { adamUpdateKernel } from './kernels/adam-update';
import { addKernel } from './kernels/add';
import { argmaxKernel } from './kernels/argmax';
import { avgPoolKernel } from './kernels/avg-pool';
import { avgPoolGradKernel } from './kernels/avg-pool-grad';
import { batchNormKernel } from './kernels/batch-norm';
import { batchNormGradKernel } from './kernels/batch-norm-grad';
import { batchNormInferenceKernel } from './kernels/batch-norm-inference';
import { batchNormInferenceGradKernel } from './kernels/batch-norm-inference-grad';
import { biasAddKernel } from './kernels/bias-add';
import { clipKernel } from './kernels/clip';
import { clipGradKernel } from './kernels/clip-grad';
import { conv2dKernel } from './kernels/conv2d';
import { conv2dGradFilterKernel } from './kernels/conv2d-grad-filter';
import { conv2dGradInputKernel } from './kernels/conv2d-grad-input';
import { dropoutKernel } from './kernels/dropout';
import { errorCountKernel } from './kernels/error-count';
import { matmulKernel } from './kernels/matmul';
import { maxPoolKernel } from './kernels/max-pool';
import { maxPoolGradKernel } from './kernels/max-pool-grad';
import { mulKernel } from './kernels/mul';
import { reduceSumKernel } from './kernels/reduce-sum';
import { reluKernel } from './kernels/relu';
import { reluGradKernel } from './kernels/relu-grad';
import { reshapeKernel } from './kernels/reshape';
import { sgdUpdateKernel } from './kernels/sgd-update';
import { softmaxKernel } from './kernels/softmax';
import { softmaxCrossEntropyKernel } from './kernels/softmax-cross-entropy';
import { softmaxCrossEntropyGradKernel } from './kernels/softmax-cross-entropy-grad';

/** The reference kernel of every IR op, by op name. */
export const REFERENCE_KERNELS = {
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

/** The reference kernels as a list (what a KernelRegistry takes). */
export const referenceKernels: readonly AnyKernelConfig[] = Object.values(REFERENCE_KERNELS);
