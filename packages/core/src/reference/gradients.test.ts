/**
 * Every gradient op against central finite differences of its forward op, in float64. The
 * objective is L = sum(forward(x) * r) for a fixed random r, so dL/dx = gradOp(dy = r, ...).
 * Values are a shuffled grid (distinct, away from 0) so relu and max kinks are never crossed.
 * Error measure: max |analytic - numeric| / max(max |numeric|, 1e-12) < 1e-6.
 */
import { describe, expect, it } from 'vitest';
import type { Padding } from '../ir/ops';
import { Rng } from '../util/random';
import { distinctTensor, fdata, randomLabels, randomTensor, runOp } from './__fixtures__/single-op';
import type { RefTensor } from './ref-tensor';

const rng = new Rng(77);

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Central differences of `loss` with respect to every element of `x` (x is restored after). */
function numericGrad(x: RefTensor, loss: () => number, h: number): Float64Array {
  const d = fdata(x);
  const g = new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    d[i] = v + h;
    const up = loss();
    d[i] = v - h;
    const down = loss();
    d[i] = v;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

function relErr(analytic: ArrayLike<number>, numeric: ArrayLike<number>): number {
  expect(analytic.length).toBe(numeric.length);
  let diff = 0;
  let scale = 1e-12;
  for (let i = 0; i < numeric.length; i++) {
    diff = Math.max(diff, Math.abs(analytic[i]! - numeric[i]!));
    scale = Math.max(scale, Math.abs(numeric[i]!));
  }
  return diff / scale;
}

const H = 1e-6;

describe('gradient ops vs finite differences (float64)', () => {
  it('reluGrad is the gradient of relu', () => {
    const x = distinctTensor(rng, [4, 7]);
    const r = randomTensor(rng, [4, 7]);
    const [y] = runOp('relu', [x], {});
    const [dx] = runOp('reluGrad', [r, y!], {});
    const num = numericGrad(x, () => dot(fdata(runOp('relu', [x], {})[0]!), fdata(r)), H);
    expect(relErr(fdata(dx!), num)).toBeLessThan(1e-6);
  });

  for (const [m, k, n] of [
    [1, 3, 2],
    [5, 7, 4],
    [6, 4, 9],
  ] as const) {
    it(`dense backward: matmul(x, dy, transA) and matmul(dy, W, transB), reduceSum for the bias (${m}x${k}x${n})`, () => {
      const x = randomTensor(rng, [m, k]);
      const w = randomTensor(rng, [k, n]);
      const b = randomTensor(rng, [n]);
      const r = randomTensor(rng, [m, n]);
      const forward = () =>
        dot(fdata(runOp('biasAdd', [runOp('matmul', [x, w], {})[0]!, b], {})[0]!), fdata(r));
      const [dw] = runOp('matmul', [x, r], { transA: true });
      const [dx] = runOp('matmul', [r, w], { transB: true });
      const [db] = runOp('reduceSum', [r], { axes: [0] });
      expect(relErr(fdata(dw!), numericGrad(w, forward, H))).toBeLessThan(1e-6);
      expect(relErr(fdata(dx!), numericGrad(x, forward, H))).toBeLessThan(1e-6);
      expect(relErr(fdata(db!), numericGrad(b, forward, H))).toBeLessThan(1e-6);
    });
  }

  it('reduceSum over N, H, W is the gradient of an NHWC biasAdd', () => {
    const x = randomTensor(rng, [2, 3, 3, 4]);
    const b = randomTensor(rng, [4]);
    const r = randomTensor(rng, [2, 3, 3, 4]);
    const [db] = runOp('reduceSum', [r], { axes: [0, 1, 2] });
    const num = numericGrad(b, () => dot(fdata(runOp('biasAdd', [x, b], {})[0]!), fdata(r)), H);
    expect(relErr(fdata(db!), num)).toBeLessThan(1e-6);
  });

  const convCases: { x: number[]; w: number[]; s: [number, number]; p: Padding }[] = [
    { x: [1, 5, 5, 2], w: [3, 3, 2, 3], s: [1, 1], p: 'same' },
    { x: [2, 6, 5, 3], w: [3, 3, 3, 2], s: [2, 2], p: 'same' },
    { x: [2, 7, 6, 2], w: [3, 2, 2, 4], s: [2, 1], p: 'valid' },
    { x: [1, 4, 4, 1], w: [2, 2, 1, 1], s: [2, 2], p: 'valid' },
  ];
  for (const c of convCases) {
    it(`conv2dGradInput and conv2dGradFilter: x=${c.x} w=${c.w} strides=${c.s} ${c.p}`, () => {
      const x = randomTensor(rng, c.x);
      const w = randomTensor(rng, c.w);
      const attrs = { strides: c.s, padding: c.p };
      const [y] = runOp('conv2d', [x, w], attrs);
      const r = randomTensor(rng, [...y!.shape]);
      const forward = () => dot(fdata(runOp('conv2d', [x, w], attrs)[0]!), fdata(r));
      const [dx] = runOp('conv2dGradInput', [r, w], { ...attrs, inputShape: [c.x[1]!, c.x[2]!, c.x[3]!] });
      const [dw] = runOp('conv2dGradFilter', [x, r], {
        ...attrs,
        filterShape: c.w as [number, number, number, number],
      });
      expect(relErr(fdata(dx!), numericGrad(x, forward, H))).toBeLessThan(1e-6);
      expect(relErr(fdata(dw!), numericGrad(w, forward, H))).toBeLessThan(1e-6);
    });
  }

  const poolCases: { x: number[]; k: [number, number]; s: [number, number]; p: Padding }[] = [
    { x: [1, 4, 4, 2], k: [2, 2], s: [2, 2], p: 'valid' },
    { x: [2, 5, 5, 2], k: [2, 2], s: [2, 2], p: 'same' },
    { x: [1, 6, 5, 3], k: [3, 3], s: [2, 2], p: 'same' }, // overlapping windows
    { x: [2, 5, 6, 1], k: [3, 2], s: [1, 1], p: 'valid' }, // overlapping windows
  ];
  for (const c of poolCases) {
    it(`maxPoolGrad: x=${c.x} pool=${c.k} strides=${c.s} ${c.p}`, () => {
      const x = distinctTensor(rng, c.x);
      const attrs = { poolSize: c.k, strides: c.s, padding: c.p };
      const [y] = runOp('maxPool', [x], attrs);
      const r = randomTensor(rng, [...y!.shape]);
      const [dx] = runOp('maxPoolGrad', [r, x], attrs);
      const num = numericGrad(x, () => dot(fdata(runOp('maxPool', [x], attrs)[0]!), fdata(r)), H);
      expect(relErr(fdata(dx!), num)).toBeLessThan(1e-6);
    });
  }

  for (const [n, k] of [
    [1, 2],
    [4, 3],
    [7, 10],
  ] as const) {
    it(`softmaxCrossEntropyGrad is the gradient of the mean loss [${n}, ${k}]`, () => {
      const z = randomTensor(rng, [n, k], -3, 3);
      const labels = randomLabels(rng, n, k);
      const [d] = runOp('softmaxCrossEntropyGrad', [z, labels], {});
      const num = numericGrad(z, () => fdata(runOp('softmaxCrossEntropy', [z, labels], {})[0]!)[0]!, 1e-5);
      expect(relErr(fdata(d!), num)).toBeLessThan(1e-6);
    });
  }

  it('mul with the dropout mask is the gradient of dropout', () => {
    const x = randomTensor(rng, [3, 8]);
    const r = randomTensor(rng, [3, 8]);
    const step: RefTensor = { dtype: 'int32', shape: [], data: Int32Array.of(3) };
    const attrs = { rate: 0.3, seed: 5 };
    const [, mask] = runOp('dropout', [x, step], attrs);
    const [dx] = runOp('mul', [r, mask!], {});
    const num = numericGrad(x, () => dot(fdata(runOp('dropout', [x, step], attrs)[0]!), fdata(r)), H);
    expect(relErr(fdata(dx!), num)).toBeLessThan(1e-6);
  });
  const groupedCases: { x: number[]; w: number[]; s: [number, number]; p: Padding; groups: number }[] = [
    { x: [2, 5, 5, 4], w: [3, 3, 1, 4], s: [1, 1], p: [1, 1, 1, 1], groups: 4 }, // depthwise
    { x: [1, 6, 6, 3], w: [3, 3, 1, 6], s: [2, 2], p: [1, 1, 1, 1], groups: 3 }, // depthwise, multiplier 2
    { x: [2, 6, 5, 4], w: [3, 3, 2, 6], s: [2, 2], p: 'same', groups: 2 },
    { x: [1, 7, 6, 2], w: [3, 2, 2, 3], s: [2, 1], p: [0, 1, 2, 0], groups: 1 }, // asymmetric pads
  ];
  for (const c of groupedCases) {
    it(`grouped conv gradients: x=${c.x} w=${c.w} strides=${c.s} padding=${JSON.stringify(c.p)} groups=${c.groups}`, () => {
      const x = randomTensor(rng, c.x);
      const w = randomTensor(rng, c.w);
      const attrs = { strides: c.s, padding: c.p, groups: c.groups };
      const [y] = runOp('conv2d', [x, w], attrs);
      const r = randomTensor(rng, [...y!.shape]);
      const forward = () => dot(fdata(runOp('conv2d', [x, w], attrs)[0]!), fdata(r));
      const [dx] = runOp('conv2dGradInput', [r, w], { ...attrs, inputShape: [c.x[1]!, c.x[2]!, c.x[3]!] });
      const [dw] = runOp('conv2dGradFilter', [x, r], {
        ...attrs,
        filterShape: c.w as [number, number, number, number],
      });
      expect(relErr(fdata(dx!), numericGrad(x, forward, H))).toBeLessThan(1e-6);
      expect(relErr(fdata(dw!), numericGrad(w, forward, H))).toBeLessThan(1e-6);
    });
  }

  const avgCases: { x: number[]; k: [number, number]; s: [number, number]; p: Padding }[] = [
    { x: [2, 4, 4, 2], k: [2, 2], s: [2, 2], p: 'valid' },
    { x: [1, 5, 5, 3], k: [3, 3], s: [2, 2], p: 'same' }, // overlapping windows, padding left out
    { x: [2, 5, 6, 1], k: [3, 3], s: [2, 1], p: [1, 0, 1, 2] }, // asymmetric explicit pads
    { x: [3, 3, 4, 5], k: [3, 4], s: [1, 1], p: 'valid' }, // global average pooling
  ];
  for (const c of avgCases) {
    it(`avgPoolGrad: x=${c.x} pool=${c.k} strides=${c.s} padding=${JSON.stringify(c.p)}`, () => {
      const x = randomTensor(rng, c.x);
      const attrs = { poolSize: c.k, strides: c.s, padding: c.p };
      const [y] = runOp('avgPool', [x], attrs);
      const r = randomTensor(rng, [...y!.shape]);
      const inputShape = [c.x[1]!, c.x[2]!, c.x[3]!] as [number, number, number];
      const [dx] = runOp('avgPoolGrad', [r], { ...attrs, inputShape });
      const num = numericGrad(x, () => dot(fdata(runOp('avgPool', [x], attrs)[0]!), fdata(r)), H);
      expect(relErr(fdata(dx!), num)).toBeLessThan(1e-6);
    });
  }

  it('clipGrad is the gradient of clip (ReLU6)', () => {
    const x = distinctTensor(rng, [4, 9], 1.7); // values from about -31 to 31, none at 0 or 6
    const r = randomTensor(rng, [4, 9]);
    const attrs = { min: 0, max: 6 };
    const [dx] = runOp('clipGrad', [r, x], attrs);
    const num = numericGrad(x, () => dot(fdata(runOp('clip', [x], attrs)[0]!), fdata(r)), H);
    expect(relErr(fdata(dx!), num)).toBeLessThan(1e-6);
    expect(fdata(dx!).some((v) => v === 0)).toBe(true);
    expect(fdata(dx!).some((v) => v !== 0)).toBe(true);
  });

  for (const shape of [
    [6, 3],
    [2, 3, 4, 5],
  ]) {
    it(`batchNormGrad is the gradient of training batchNorm (x, scale, bias) [${shape}]`, () => {
      const c = shape[shape.length - 1]!;
      const x = randomTensor(rng, shape, -2, 2);
      const scale = randomTensor(rng, [c], 0.5, 1.5);
      const bias = randomTensor(rng, [c]);
      const rm = randomTensor(rng, [c]);
      const rv = randomTensor(rng, [c], 0.5, 2);
      const attrs = { epsilon: 1e-5, momentum: 0.1 };
      const r = randomTensor(rng, shape);
      const forward = () => dot(fdata(runOp('batchNorm', [x, scale, bias, rm, rv], attrs)[0]!), fdata(r));
      const [, mean, invStd] = runOp('batchNorm', [x, scale, bias, rm, rv], attrs);
      const [dx, dscale, dbias] = runOp('batchNormGrad', [r, x, scale, mean!, invStd!], {});
      expect(relErr(fdata(dx!), numericGrad(x, forward, 1e-5))).toBeLessThan(1e-6);
      expect(relErr(fdata(dscale!), numericGrad(scale, forward, H))).toBeLessThan(1e-6);
      expect(relErr(fdata(dbias!), numericGrad(bias, forward, H))).toBeLessThan(1e-6);
    });
  }

  it('batchNormInferenceGrad is the input gradient of batchNormInference', () => {
    const x = randomTensor(rng, [2, 3, 3, 4]);
    const scale = randomTensor(rng, [4], 0.5, 1.5);
    const bias = randomTensor(rng, [4]);
    const mean = randomTensor(rng, [4]);
    const variance = randomTensor(rng, [4], 0.5, 2);
    const r = randomTensor(rng, [2, 3, 3, 4]);
    const attrs = { epsilon: 1e-3 };
    const forward = () =>
      dot(fdata(runOp('batchNormInference', [x, scale, bias, mean, variance], attrs)[0]!), fdata(r));
    const [dx] = runOp('batchNormInferenceGrad', [r, scale, variance], attrs);
    expect(relErr(fdata(dx!), numericGrad(x, forward, H))).toBeLessThan(1e-6);
  });
});
