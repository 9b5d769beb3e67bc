import { describe, expect, it } from 'vitest';
import type { Padding } from '../ir/ops';
import { OP_NAMES } from '../ir/ops';
import { Rng, counterUniform } from '../util/random';
import { naiveConv2d, naiveMatmul, naiveMaxPool, naiveReduceSum } from './__fixtures__/naive';
import { fdata, maxRelDiff, randomLabels, randomTensor, runOp, toF32 } from './__fixtures__/single-op';
import type { RefTensor } from './ref-tensor';
import { referenceKernels } from './register-all';

const rng = new Rng(1234);

/** Runs in float64 and float32 and checks both against the naive float64 answer. */
function expectBoth(run: (p: 'float32' | 'float64') => RefTensor, want: ArrayLike<number>, shape: number[]) {
  const r64 = run('float64');
  expect(r64.shape).toEqual(shape);
  expect(r64.data).toBeInstanceOf(Float64Array);
  expect(maxRelDiff(fdata(r64), want)).toBeLessThan(1e-12);
  const r32 = run('float32');
  expect(r32.data).toBeInstanceOf(Float32Array);
  expect(maxRelDiff(fdata(r32), want)).toBeLessThan(2e-5);
}

describe('reference kernels', () => {
  it('registers exactly one kernel per IR op', () => {
    expect(referenceKernels.map((k) => k.op).sort()).toEqual([...OP_NAMES].sort());
  });

  describe('matmul', () => {
    const shapes: [number, number, number][] = [
      [1, 1, 1],
      [1, 7, 3],
      [5, 3, 9],
      [8, 8, 8],
      [13, 17, 6],
      [4, 33, 5],
    ];
    for (const [m, k, n] of shapes) {
      for (const tA of [false, true]) {
        for (const tB of [false, true]) {
          it(`m=${m} k=${k} n=${n} transA=${tA} transB=${tB}`, () => {
            const as = tA ? [k, m] : [m, k];
            const bs = tB ? [n, k] : [k, n];
            const a = randomTensor(rng, as);
            const b = randomTensor(rng, bs);
            const want = naiveMatmul(fdata(a), as, fdata(b), bs, tA, tB);
            expectBoth(
              (p) =>
                runOp(
                  'matmul',
                  p === 'float32' ? [toF32(a), toF32(b)] : [a, b],
                  { transA: tA, transB: tB },
                  p,
                )[0]!,
              want,
              [m, n],
            );
          });
        }
      }
    }
  });

  describe('conv2d', () => {
    const cases: { x: number[]; w: number[]; s: [number, number]; p: Padding }[] = [
      { x: [1, 5, 5, 1], w: [3, 3, 1, 1], s: [1, 1], p: 'same' },
      { x: [2, 7, 6, 3], w: [3, 3, 3, 5], s: [2, 2], p: 'same' },
      { x: [2, 7, 6, 3], w: [3, 2, 3, 4], s: [2, 1], p: 'valid' },
      { x: [3, 8, 8, 2], w: [2, 2, 2, 6], s: [2, 2], p: 'same' },
      { x: [1, 9, 5, 4], w: [5, 3, 4, 3], s: [1, 2], p: 'same' },
      { x: [2, 4, 4, 3], w: [1, 1, 3, 7], s: [1, 1], p: 'valid' },
    ];
    for (const c of cases) {
      it(`x=${c.x} w=${c.w} strides=${c.s} ${c.p}`, () => {
        const x = randomTensor(rng, c.x);
        const w = randomTensor(rng, c.w);
        const want = naiveConv2d(fdata(x), c.x, fdata(w), c.w, c.s, c.p);
        const attrs = { strides: c.s, padding: c.p };
        expectBoth(
          (p) => runOp('conv2d', p === 'float32' ? [toF32(x), toF32(w)] : [x, w], attrs, p)[0]!,
          want.y,
          want.shape,
        );
      });
    }
  });

  describe('maxPool', () => {
    const cases: { x: number[]; k: [number, number]; s: [number, number]; p: Padding }[] = [
      { x: [1, 4, 4, 1], k: [2, 2], s: [2, 2], p: 'valid' },
      { x: [2, 5, 7, 3], k: [2, 2], s: [2, 2], p: 'same' },
      { x: [2, 6, 5, 2], k: [3, 3], s: [2, 2], p: 'same' },
      { x: [1, 7, 7, 4], k: [3, 3], s: [1, 1], p: 'valid' },
      { x: [3, 5, 5, 1], k: [3, 2], s: [2, 1], p: 'same' },
    ];
    for (const c of cases) {
      it(`x=${c.x} pool=${c.k} strides=${c.s} ${c.p}`, () => {
        const x = randomTensor(rng, c.x, -3, -1); // all negative: zero padding would be visible
        const want = naiveMaxPool(fdata(x), c.x, c.k, c.s, c.p);
        const attrs = { poolSize: c.k, strides: c.s, padding: c.p };
        expectBoth(
          (p) => runOp('maxPool', [p === 'float32' ? toF32(x) : x], attrs, p)[0]!,
          want.y,
          want.shape,
        );
      });
      it(`maxPoolGrad x=${c.x} pool=${c.k} strides=${c.s} ${c.p} routes dy to the first maximum`, () => {
        // Values from a small set: ties are frequent, so first-maximum tie breaking is exercised.
        const x = randomTensor(rng, c.x);
        const xd = fdata(x);
        for (let i = 0; i < xd.length; i++) xd[i] = Math.floor(xd[i]! * 2);
        const ref = naiveMaxPool(xd, c.x, c.k, c.s, c.p);
        const dy = randomTensor(rng, ref.shape);
        const want = new Float64Array(xd.length);
        ref.arg.forEach((at, o) => {
          want[at] += fdata(dy)[o]!;
        });
        const attrs = { poolSize: c.k, strides: c.s, padding: c.p };
        expectBoth(
          (p) => runOp('maxPoolGrad', p === 'float32' ? [toF32(dy), toF32(x)] : [dy, x], attrs, p)[0]!,
          want,
          c.x,
        );
      });
    }
  });

  describe('reduceSum', () => {
    const cases: { x: number[]; axes: number[] }[] = [
      { x: [1, 5], axes: [0] },
      { x: [7, 3], axes: [0] },
      { x: [7, 3], axes: [1] },
      { x: [2, 3, 4, 5], axes: [0, 1, 2] },
      { x: [2, 3, 4, 5], axes: [1, 3] },
      { x: [3, 4], axes: [0, 1] },
      { x: [3, 4], axes: [] },
    ];
    for (const c of cases) {
      it(`x=${c.x} axes=[${c.axes}]`, () => {
        const x = randomTensor(rng, c.x);
        const want = naiveReduceSum(fdata(x), c.x, c.axes);
        expectBoth(
          (p) => runOp('reduceSum', [p === 'float32' ? toF32(x) : x], { axes: c.axes }, p)[0]!,
          want.y,
          want.shape,
        );
      });
    }
  });

  it('elementwise ops: biasAdd, relu, reluGrad, mul, add', () => {
    const x = randomTensor(rng, [3, 5]);
    const y = randomTensor(rng, [3, 5]);
    const b = randomTensor(rng, [5]);
    const xd = fdata(x);
    const yd = fdata(y);
    const bd = fdata(b);
    const map = (f: (i: number) => number) => Float64Array.from({ length: 15 }, (_, i) => f(i));
    expectBoth(
      (p) => runOp('biasAdd', p === 'float32' ? [toF32(x), toF32(b)] : [x, b], {}, p)[0]!,
      map((i) => xd[i]! + bd[i % 5]!),
      [3, 5],
    );
    expectBoth(
      (p) => runOp('relu', [p === 'float32' ? toF32(x) : x], {}, p)[0]!,
      map((i) => Math.max(xd[i]!, 0)),
      [3, 5],
    );
    expectBoth(
      (p) => runOp('reluGrad', p === 'float32' ? [toF32(y), toF32(x)] : [y, x], {}, p)[0]!,
      map((i) => (xd[i]! > 0 ? yd[i]! : 0)),
      [3, 5],
    );
    expectBoth(
      (p) => runOp('mul', p === 'float32' ? [toF32(x), toF32(y)] : [x, y], {}, p)[0]!,
      map((i) => xd[i]! * yd[i]!),
      [3, 5],
    );
    expectBoth(
      (p) => runOp('add', p === 'float32' ? [toF32(x), toF32(y)] : [x, y], {}, p)[0]!,
      map((i) => xd[i]! + yd[i]!),
      [3, 5],
    );
    // NHWC bias: broadcast along the last axis of a rank-4 tensor
    const x4 = randomTensor(rng, [2, 2, 3, 4]);
    const b4 = randomTensor(rng, [4]);
    const want4 = Float64Array.from(fdata(x4), (v, i) => v + fdata(b4)[i % 4]!);
    expectBoth(
      (p) => runOp('biasAdd', p === 'float32' ? [toF32(x4), toF32(b4)] : [x4, b4], {}, p)[0]!,
      want4,
      [2, 2, 3, 4],
    );
  });

  it('reshape keeps row-major order and resolves the batch dimension', () => {
    const x = randomTensor(rng, [3, 2, 2, 5]);
    const [y] = runOp('reshape', [x], { shape: [-1, 20] });
    expect(y!.shape).toEqual([3, 20]);
    expect(Array.from(fdata(y!))).toEqual(Array.from(fdata(x)));
  });

  describe('classification ops', () => {
    for (const [n, k] of [
      [1, 2],
      [6, 10],
      [5, 3],
    ] as const) {
      it(`softmax, softmaxCrossEntropy(+Grad), errorCount, argmax on [${n}, ${k}]`, () => {
        const z = randomTensor(rng, [n, k], -4, 4);
        const zd = fdata(z);
        const labels = randomLabels(rng, n, k);
        const ld = labels.data as Int32Array;
        const probs = new Float64Array(n * k);
        let loss = 0;
        let errors = 0;
        const arg = new Float64Array(n);
        for (let r = 0; r < n; r++) {
          const row = Array.from(zd.subarray(r * k, r * k + k));
          const sum = row.reduce((s, v) => s + Math.exp(v), 0);
          row.forEach((v, j) => {
            probs[r * k + j] = Math.exp(v) / sum;
          });
          loss += Math.log(sum) - row[ld[r]!]!;
          arg[r] = row.indexOf(Math.max(...row));
          if (arg[r] !== ld[r]) errors++;
        }
        const grad = Float64Array.from(probs, (p, i) => (p - (i % k === ld[Math.floor(i / k)] ? 1 : 0)) / n);
        const inp = (p: string) => (p === 'float32' ? toF32(z) : z);
        expectBoth((p) => runOp('softmax', [inp(p)], {}, p)[0]!, probs, [n, k]);
        expectBoth((p) => runOp('softmaxCrossEntropy', [inp(p), labels], {}, p)[0]!, [loss / n], []);
        expectBoth((p) => runOp('softmaxCrossEntropyGrad', [inp(p), labels], {}, p)[0]!, grad, [n, k]);
        expectBoth((p) => runOp('errorCount', [inp(p), labels], {}, p)[0]!, [errors], []);
        const [am] = runOp('argmax', [z], {});
        expect(Array.from(am!.data)).toEqual(Array.from(arg));
        expect(am!.dtype).toBe('int32');
      });
    }

    it('argmax and errorCount take the first maximum on ties', () => {
      const z: RefTensor = {
        dtype: 'float32',
        shape: [3, 3],
        data: Float32Array.of(1, 5, 5, 2, 2, 2, 0, -1, 0),
      };
      expect(Array.from(runOp('argmax', [z], {}, 'float32')[0]!.data)).toEqual([1, 0, 0]);
      const labels: RefTensor = { dtype: 'int32', shape: [3], data: Int32Array.of(2, 0, 2) };
      expect(fdata(runOp('errorCount', [z, labels], {}, 'float32')[0]!)[0]).toBe(2);
    });

    it('rejects an out-of-range label, naming it', () => {
      const z = randomTensor(rng, [2, 3]);
      const labels: RefTensor = { dtype: 'int32', shape: [2], data: Int32Array.of(0, 3) };
      expect(() => runOp('softmaxCrossEntropy', [z, labels], {})).toThrow(/label 3 at row 1 is out of range/);
    });
  });

  describe('dropout', () => {
    for (const rate of [0, 0.2, 0.5]) {
      it(`mask equals the counterUniform definition, scaled by 1/(1-rate), rate ${rate}`, () => {
        const x = randomTensor(rng, [4, 3, 5]);
        const step: RefTensor = { dtype: 'int32', shape: [], data: Int32Array.of(7) };
        for (const p of ['float32', 'float64'] as const) {
          const [y, mask] = runOp('dropout', [p === 'float32' ? toF32(x) : x, step], { rate, seed: 99 }, p);
          const md = fdata(mask!);
          let dropped = 0;
          for (let i = 0; i < md.length; i++) {
            const keep = counterUniform(99, 7, i) >= rate;
            const want = keep ? 1 / (1 - rate) : 0;
            expect(Math.abs(md[i]! - want)).toBeLessThanOrEqual(p === 'float32' ? 1e-6 : 0);
            expect(fdata(y!)[i]).toBe(
              fdata(x)[i]! === 0
                ? 0
                : p === 'float32'
                  ? Math.fround(Math.fround(fdata(x)[i]!) * md[i]!)
                  : fdata(x)[i]! * md[i]!,
            );
            if (!keep) dropped++;
          }
          if (rate === 0) expect(dropped).toBe(0);
          else expect(dropped).toBeGreaterThan(0);
        }
      });
    }
    it('a different step gives a different mask', () => {
      const x = randomTensor(rng, [50]);
      const at = (t: number) =>
        fdata(
          runOp('dropout', [x, { dtype: 'int32', shape: [], data: Int32Array.of(t) }], {
            rate: 0.5,
            seed: 1,
          })[1]!,
        );
      expect(Array.from(at(1))).not.toEqual(Array.from(at(2)));
    });
  });

  describe('optimizer updates', () => {
    it('sgdUpdate is p - lr g', () => {
      const p = randomTensor(rng, [3, 4]);
      const g = randomTensor(rng, [3, 4]);
      const want = Float64Array.from(fdata(p), (v, i) => v - 0.1 * fdata(g)[i]!);
      expectBoth(
        (pr) => runOp('sgdUpdate', pr === 'float32' ? [toF32(p), toF32(g)] : [p, g], { lr: 0.1 }, pr)[0]!,
        want,
        [3, 4],
      );
    });

    it('adamUpdate follows the PyTorch form over three steps', () => {
      const attrs = { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
      let p = randomTensor(rng, [6]);
      let m: RefTensor = { dtype: 'float32', shape: [6], data: new Float64Array(6) };
      let v: RefTensor = { dtype: 'float32', shape: [6], data: new Float64Array(6) };
      const wp = Float64Array.from(fdata(p));
      const wm = new Float64Array(6);
      const wv = new Float64Array(6);
      for (let t = 1; t <= 3; t++) {
        const g = randomTensor(rng, [6]);
        for (let i = 0; i < 6; i++) {
          const gi = fdata(g)[i]!;
          wm[i] = 0.9 * wm[i]! + 0.1 * gi;
          wv[i] = 0.999 * wv[i]! + 0.001 * gi * gi;
          wp[i] -= (0.01 * (wm[i]! / (1 - 0.9 ** t))) / (Math.sqrt(wv[i]! / (1 - 0.999 ** t)) + 1e-8);
        }
        [p, m, v] = runOp(
          'adamUpdate',
          [p, g, m, v, { dtype: 'int32', shape: [], data: Int32Array.of(t) }],
          attrs,
        ) as [RefTensor, RefTensor, RefTensor];
      }
      expect(maxRelDiff(fdata(p), wp)).toBeLessThan(1e-12);
      expect(maxRelDiff(fdata(m), wm)).toBeLessThan(1e-12);
      expect(maxRelDiff(fdata(v), wv)).toBeLessThan(1e-12);
    });

    it('adamUpdate rejects step 0 (steps are 1-based)', () => {
      const z = randomTensor(rng, [2]);
      const step: RefTensor = { dtype: 'int32', shape: [], data: Int32Array.of(0) };
      expect(() =>
        runOp('adamUpdate', [z, z, z, z, step], { lr: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }),
      ).toThrow(/1-based/);
    });
  });
});
