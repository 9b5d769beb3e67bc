/**
 * The feeds of one E4 step model (`buildStepModel` of the CIFAR CNN) for the step-level
 * benchmarks: random CIFAR-shaped x, labels, step 1, the initial weights and zero optimizer
 * state. Plain arrays, so they can also cross to a worker thread; `toOrtFeeds` wraps them.
 */
import { Rng, initWeights } from '@bench/core';
import type { Program } from '@bench/core';
import ort from 'onnxruntime-node';

export interface PlainTensor {
  type: 'float32' | 'int32';
  data: Float32Array | Int32Array;
  dims: number[];
}

export function e4StepFeeds(program: Program, batch: number, seed = 0): Record<string, PlainTensor> {
  const rng = new Rng(seed);
  const feeds: Record<string, PlainTensor> = {
    x: {
      type: 'float32',
      data: Float32Array.from({ length: batch * 32 * 32 * 3 }, () => rng.next()),
      dims: [batch, 32, 32, 3],
    },
    y: { type: 'int32', data: Int32Array.from({ length: batch }, () => rng.int(10)), dims: [batch] },
    step: { type: 'int32', data: Int32Array.of(1), dims: [] },
  };
  for (const [k, v] of Object.entries(initWeights(program, 0)))
    feeds[k] = { type: 'float32', data: v.data as Float32Array, dims: [...v.shape] };
  for (const s of program.state)
    feeds[s.name] = {
      type: 'float32',
      data: new Float32Array(s.shape.reduce((a, b) => a * b, 1)),
      dims: [...s.shape],
    };
  return feeds;
}

export function toOrtFeeds(feeds: Record<string, PlainTensor>): Record<string, ort.Tensor> {
  return Object.fromEntries(
    Object.entries(feeds).map(([k, v]) => [k, new ort.Tensor(v.type, v.data, v.dims)]),
  );
}
