/**
 * The reference's NaN/Inf semantics (PyTorch's), which every backend's conformance suite checks
 * against: NaN propagates through relu and max-pooling and is the maximum for argmax.
 */
import { describe, expect, it } from 'vitest';
import { fdata, runOp } from './__fixtures__/single-op';
import type { RefTensor } from './ref-tensor';

const f = (shape: number[], values: number[]): RefTensor => ({
  dtype: 'float32',
  shape,
  data: Float64Array.from(values),
});
const NaN_ = Number.NaN;
const Inf = Number.POSITIVE_INFINITY;

describe('reference kernels with NaN and Inf', () => {
  it('relu keeps NaN and +Inf, maps -Inf to 0', () => {
    expect(Array.from(fdata(runOp('relu', [f([4], [NaN_, Inf, -Inf, -1])], {})[0]!))).toEqual([
      NaN_,
      Inf,
      0,
      0,
    ]);
  });
  it('reluGrad: 0 where y <= 0 even for a NaN dy; dy where y > 0 or y is NaN', () => {
    const [dx] = runOp('reluGrad', [f([4], [NaN_, 2, 3, NaN_]), f([4], [0, NaN_, 1, 5])], {});
    expect(Array.from(fdata(dx!))).toEqual([0, 2, 3, NaN_]);
  });
  it('maxPool: a window holding NaN pools to NaN wherever the NaN sits', () => {
    for (const at of [0, 1, 2, 3]) {
      const x = [-1, -2, -3, -4];
      x[at] = NaN_;
      const [y] = runOp('maxPool', [f([1, 2, 2, 1], x)], {
        poolSize: [2, 2],
        strides: [2, 2],
        padding: 'valid',
      });
      expect(fdata(y!)[0]).toBeNaN();
    }
  });
  it('maxPoolGrad routes the gradient to the first NaN of the window', () => {
    const [dx] = runOp('maxPoolGrad', [f([1, 1, 1, 1], [5]), f([1, 2, 2, 1], [9, NaN_, 1, NaN_])], {
      poolSize: [2, 2],
      strides: [2, 2],
      padding: 'valid',
    });
    expect(Array.from(fdata(dx!))).toEqual([0, 5, 0, 0]);
  });
  it('argmax and errorCount take the first NaN as the maximum', () => {
    const [i] = runOp('argmax', [f([2, 3], [1, NaN_, NaN_, Inf, 2, 3])], {});
    expect(Array.from(i!.data)).toEqual([1, 0]);
  });
  it('softmaxCrossEntropy of a NaN logit is NaN', () => {
    const labels: RefTensor = { dtype: 'int32', shape: [1], data: Int32Array.of(0) };
    const [loss] = runOp('softmaxCrossEntropy', [f([1, 3], [1, NaN_, 2]), labels], {});
    expect(fdata(loss!)[0]).toBeNaN();
  });
});
