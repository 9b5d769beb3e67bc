/** Every reference kernel, one per IR op. Just the list (tfjs's register_all_kernels pattern). */
import type { AnyKernelConfig } from './kernel';
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

/** The reference kernels of every op in OPS. */
export const referenceKernels: readonly AnyKernelConfig[] = [
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
];
