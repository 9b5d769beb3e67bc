import { createReferenceBackend, referenceKernels } from '@bench/core';
import type { AnyKernelConfig, Backend, KernelConfig, OpName } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { checkOp } from './op-conformance';

/** A test-only copy of the reference backend with one kernel replaced. */
function perturbed<K extends OpName>(
  op: K,
  make: (real: KernelConfig<K>) => KernelConfig<K>['run'],
): Backend {
  const kernels = referenceKernels.map((k) =>
    k.op === op ? ({ op, run: make(k as unknown as KernelConfig<K>) } as AnyKernelConfig) : k,
  );
  return createReferenceBackend({ name: `reference-with-nan-dropping-${op}`, kernels });
}

/** Replaces NaN by `by` in a kernel's first output (what `v > 0 ? v : 0` or `if (v > best)` do). */
const dropsNaN =
  <K extends OpName>(by: (x: Float32Array, i: number) => number) =>
  (real: KernelConfig<K>): KernelConfig<K>['run'] =>
  (inputs, attrs, ctx) => {
    const clean = inputs.map((t) =>
      t.dtype === 'float32'
        ? {
            ...t,
            data: (t.data as Float32Array).map((v, i) =>
              Number.isNaN(v) ? by(t.data as Float32Array, i) : v,
            ),
          }
        : t,
    );
    return real.run(clean, attrs, ctx);
  };

describe('the NaN/Inf suite catches backends that drop NaN', () => {
  for (const op of ['relu', 'maxPool', 'argmax', 'softmaxCrossEntropy'] as const) {
    it(`flags a ${op} that treats NaN as 0 / -Inf, which the regular suite passes`, async () => {
      const backend = perturbed(
        op,
        dropsNaN(() => (op === 'relu' ? 0 : Number.NEGATIVE_INFINITY)),
      );
      expect((await checkOp(backend, op, { cases: 6 })).ok).toBe(true);
      const result = await checkOp(backend, op, { cases: 6, nonFinite: true });
      expect(result.ok).toBe(false);
      expect(result.failures[0]).toMatch(/with .*NaN@\d+.*out of tolerance/);
    });
  }
  it('the reference passes its own NaN/Inf cases and they hold non-finite values', async () => {
    const result = await checkOp(createReferenceBackend(), 'maxPool', { cases: 6, nonFinite: true });
    expect(result.failures).toEqual([]);
  });
});
