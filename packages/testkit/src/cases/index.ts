/** The case generator of every IR op (a missing op is a type error, so new ops get cases). */
import type { OpName } from '@bench/core';
import { avgPoolCases, avgPoolGradCases } from './avg-pool-cases';
import {
  batchNormCases,
  batchNormGradCases,
  batchNormInferenceCases,
  batchNormInferenceGradCases,
} from './batch-norm-cases';
import { clipCases, clipGradCases } from './clip-cases';
import { conv2dCases, conv2dGradFilterCases, conv2dGradInputCases } from './conv-cases';
import { biasAddCases, matmulCases, reduceSumCases } from './dense-cases';
import { addCases, mulCases, reluCases, reluGradCases, reshapeCases } from './elementwise-cases';
import {
  argmaxCases,
  errorCountCases,
  softmaxCases,
  softmaxCrossEntropyCases,
  softmaxCrossEntropyGradCases,
} from './loss-cases';
import type { CaseGenerator } from './op-case';
import { maxPoolCases, maxPoolGradCases } from './pool-cases';
import { adamUpdateCases, dropoutCases, sgdUpdateCases } from './update-cases';

export type { CaseGenerator, OpCase } from './op-case';
export { singleOpCase } from './op-case';
export { NON_FINITE_INPUTS, nonFiniteCases } from './non-finite-cases';

/** Random-case generators by op. */
export const OP_CASES: { readonly [K in OpName]: CaseGenerator } = {
  matmul: matmulCases,
  biasAdd: biasAddCases,
  reduceSum: reduceSumCases,
  relu: reluCases,
  reluGrad: reluGradCases,
  mul: mulCases,
  add: addCases,
  conv2d: conv2dCases,
  conv2dGradInput: conv2dGradInputCases,
  conv2dGradFilter: conv2dGradFilterCases,
  maxPool: maxPoolCases,
  maxPoolGrad: maxPoolGradCases,
  avgPool: avgPoolCases,
  avgPoolGrad: avgPoolGradCases,
  batchNorm: batchNormCases,
  batchNormGrad: batchNormGradCases,
  batchNormInference: batchNormInferenceCases,
  batchNormInferenceGrad: batchNormInferenceGradCases,
  clip: clipCases,
  clipGrad: clipGradCases,
  reshape: reshapeCases,
  dropout: dropoutCases,
  softmax: softmaxCases,
  softmaxCrossEntropy: softmaxCrossEntropyCases,
  softmaxCrossEntropyGrad: softmaxCrossEntropyGradCases,
  errorCount: errorCountCases,
  argmax: argmaxCases,
  sgdUpdate: sgdUpdateCases,
  adamUpdate: adamUpdateCases,
};
