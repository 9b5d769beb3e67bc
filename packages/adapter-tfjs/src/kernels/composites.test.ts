/**
 * The composite kernels (used where an engine lacks a kernel or breaks ties differently) against
 * tfjs-cpu's native kernels, on random inputs with deliberate ties, several window shapes.
 */
import { Rng } from '@bench/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tf } from '../tf-types';
import { conv2dGradFilterByConv } from './conv2d-grad-filter';
import { conv2dGradInputByConv } from './conv2d-grad-input';
import { maxPoolGradFirstMax } from './max-pool-grad-first-max';

const T = tf as unknown as Tf;

function rand(shape: number[], seed: number, quantise = false): Tensor4D {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  // Quantised to a few values so that pooling windows contain ties.
  const data = Float32Array.from({ length: n }, () =>
    quantise ? Math.floor(rng.next() * 3) : rng.uniform(-1, 1),
  );
  return tf.tensor4d(data, shape as [number, number, number, number]);
}

async function maxDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [await a.data(), await b.data()];
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
}

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const cases: { x: number[]; k: [number, number]; s: [number, number]; p: 'same' | 'valid' }[] = [
  { x: [2, 5, 5, 3], k: [2, 2], s: [2, 2], p: 'same' },
  { x: [2, 6, 4, 2], k: [2, 2], s: [2, 2], p: 'valid' },
  { x: [1, 7, 6, 2], k: [3, 3], s: [2, 2], p: 'same' },
  { x: [1, 7, 7, 1], k: [3, 2], s: [1, 2], p: 'valid' },
  // Windows that tile x exactly: the argMax path.
  { x: [2, 4, 6, 3], k: [2, 2], s: [2, 2], p: 'same' },
  { x: [1, 6, 6, 2], k: [3, 2], s: [3, 2], p: 'valid' },
];

describe('maxPoolGradFirstMax equals tfjs-cpu MaxPoolGrad (first maximum on ties)', () => {
  for (const c of cases) {
    it(`x ${c.x} pool ${c.k} strides ${c.s} ${c.p}`, async () => {
      const x = rand(c.x, 1, true);
      const y = tf.maxPool(x, c.k, c.s, c.p);
      const dy = rand(y.shape, 2);
      const native = tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: y }, {
        filterSize: c.k,
        strides: c.s,
        pad: c.p,
      } as never) as tf.Tensor;
      const composite = maxPoolGradFirstMax(T, dy, x, c.k, c.s, c.p);
      expect(await maxDiff(composite, native)).toBeLessThanOrEqual(1e-6);
    });
  }
});

describe('conv2dGradFilterByConv equals tfjs-cpu Conv2DBackpropFilter', () => {
  const convCases: {
    x: number[];
    f: [number, number, number, number];
    s: [number, number];
    p: 'same' | 'valid';
  }[] = [
    { x: [2, 5, 5, 3], f: [3, 3, 3, 4], s: [1, 1], p: 'same' },
    { x: [2, 6, 5, 2], f: [3, 3, 2, 3], s: [2, 2], p: 'same' },
    { x: [1, 7, 6, 2], f: [2, 3, 2, 2], s: [2, 1], p: 'valid' },
  ];
  for (const c of convCases) {
    it(`x ${c.x} filter ${c.f} strides ${c.s} ${c.p}`, async () => {
      const x = rand(c.x, 3);
      const w = rand(c.f, 4);
      const y = tf.conv2d(x, w, c.s, c.p);
      const dy = rand(y.shape, 5);
      const native = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
        strides: c.s,
        pad: c.p,
        dataFormat: 'NHWC',
        filterShape: c.f,
      } as never) as tf.Tensor;
      const composite = conv2dGradFilterByConv(T, x, dy, c.s, c.p, c.f);
      expect(await maxDiff(composite, native)).toBeLessThanOrEqual(1e-5);
    });
  }
});

describe('conv2dGradInputByConv equals tfjs-cpu Conv2DBackpropInput at stride 1', () => {
  const gradCases: { x: number[]; f: [number, number, number, number]; p: 'same' | 'valid' }[] = [
    { x: [2, 5, 5, 3], f: [3, 3, 3, 4], p: 'same' },
    { x: [2, 6, 5, 2], f: [2, 3, 2, 3], p: 'same' },
    { x: [1, 7, 6, 2], f: [3, 2, 2, 2], p: 'valid' },
  ];
  for (const c of gradCases) {
    it(`x ${c.x} filter ${c.f} ${c.p}`, async () => {
      const x = rand(c.x, 6);
      const w = rand(c.f, 7);
      const dy = rand(tf.conv2d(x, w, 1, c.p).shape, 8);
      const native = tf.conv2dTranspose(dy, w, x.shape, 1, c.p);
      const composite = conv2dGradInputByConv(T, dy, w, [c.x[1]!, c.x[2]!, c.x[3]!], c.p);
      expect(await maxDiff(composite, native)).toBeLessThanOrEqual(1e-5);
    });
  }
});
