/**
 * Non-finite variants of every op's cases: the regular case with NaN, +Inf and -Inf written into
 * some of its float inputs, so a backend must propagate them as the reference does (PyTorch's
 * rules: NaN wins max-pooling and argmax, relu keeps NaN, IEEE arithmetic elsewhere). Only inputs
 * whose non-finite results do not depend on the algorithm are poisoned: e.g. not conv weights,
 * whose Inf times a zero-padded input is NaN in an im2col kernel and 0 in a direct one. A -Inf
 * window of max-pooling routes its gradient to its first element (PyTorch's initial index).
 */
import type { HostTensor, OpName } from '@bench/core';
import type { CaseGenerator } from './op-case';

/** The inputs each op's non-finite cases poison. */
export const NON_FINITE_INPUTS: { readonly [K in OpName]: readonly string[] } = {
  matmul: ['a', 'b'],
  biasAdd: ['x', 'b'],
  reduceSum: ['x'],
  relu: ['x'],
  reluGrad: ['dy', 'y'],
  mul: ['a', 'b'],
  add: ['a', 'b'],
  conv2d: ['x'],
  conv2dGradInput: ['dy'],
  conv2dGradFilter: ['x'],
  maxPool: ['x'],
  // Not dy: kernels that scatter the routed gradient with a one-hot transposed convolution
  // (tfjs-wasm, tfjs-webgpu) smear 0 * Inf = NaN onto neighbours; the step is diverged either way.
  maxPoolGrad: ['x'],
  reshape: ['x'],
  dropout: ['x'],
  softmax: ['x'],
  softmaxCrossEntropy: ['logits'],
  softmaxCrossEntropyGrad: ['logits'],
  errorCount: ['logits'],
  argmax: ['x'],
  sgdUpdate: ['param', 'grad'],
  adamUpdate: ['param', 'grad', 'm'],
  // A non-finite x poisons its channel's batch statistics: every output of that channel is NaN,
  // whatever the summation order.
  batchNorm: ['x'],
  batchNormGrad: ['dy'],
  batchNormInference: ['x'],
  batchNormInferenceGrad: ['dy'],
  avgPool: ['x'],
  avgPoolGrad: ['dy'],
  clip: ['x'],
  clipGrad: ['dy'],
};

const SPECIALS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] as const;

/**
 * Wraps an op's case generator: case `index` is the regular case with 1 to 3 elements of each
 * poisoned input set to NaN, +Inf or -Inf (which, where and how many follow the seeded rng; every
 * third case uses NaN only, so NaN-only propagation is always tested).
 */
export function nonFiniteCases(op: OpName, generate: CaseGenerator): CaseGenerator {
  return (rng, index) => {
    const c = generate(rng, index);
    const feeds: Record<string, HostTensor> = { ...c.feeds };
    const poisoned: string[] = [];
    for (const name of NON_FINITE_INPUTS[op]) {
      const t = feeds[name];
      if (!t || t.dtype !== 'float32' || t.data.length === 0) continue;
      const data = Float32Array.from(t.data as Float32Array);
      const count = 1 + rng.int(3);
      const what: string[] = [];
      for (let k = 0; k < count; k++) {
        const at = rng.int(data.length);
        const v = index % 3 === 0 ? Number.NaN : SPECIALS[rng.int(3)]!;
        data[at] = v;
        what.push(`${v}@${at}`);
      }
      feeds[name] = { ...t, data };
      poisoned.push(`${name}: ${what.join(' ')}`);
    }
    return { ...c, name: `${c.name} with ${poisoned.join('; ')}`, feeds };
  };
}
