import { OP_NAMES, createReferenceBackend, referenceKernels } from '@bench/core';
import type { AnyKernelConfig, Backend, KernelConfig, OpName } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { checkAllOps, checkOp } from './op-conformance';
import { describeOpConformance } from './op-conformance-describe';

// The reference backend passes its own suite (exercises every case generator and the wrapper).
describeOpConformance('reference', () => createReferenceBackend(), { cases: 4 });

/** A test-only copy of the reference backend with one kernel replaced. */
function perturbed<K extends OpName>(
  op: K,
  make: (real: KernelConfig<K>) => KernelConfig<K>['run'],
): Backend {
  const kernels = referenceKernels.map((k) =>
    k.op === op ? ({ op, run: make(k as unknown as KernelConfig<K>) } as AnyKernelConfig) : k,
  );
  return createReferenceBackend({ name: `reference-with-bad-${op}`, kernels });
}

describe('the op suite can fail', () => {
  it('flags a relu that leaks 1e-2 and passes every other op', async () => {
    const backend = perturbed('relu', (real) => (inputs, attrs, ctx) => {
      const [y] = real.run(inputs, attrs, ctx);
      const x = inputs[0]!.data;
      const leaky = y!.data.map((v, i) => (x[i]! < 0 ? 0.01 * x[i]! : v));
      return [{ ...y!, data: leaky }];
    });
    const results = await checkAllOps(backend, { cases: 3 });
    const relu = results.find((r) => r.op === 'relu')!;
    expect(relu.ok).toBe(false);
    expect(relu.maxAbsError).toBeGreaterThan(1e-3);
    expect(relu.failures[0]).toMatch(/relu .*output "y": \d+ of \d+ elements out of tolerance/);
    const others = results.filter((r) => r.op !== 'relu');
    expect(others.map((r) => r.op).sort()).toEqual(OP_NAMES.filter((o) => o !== 'relu').sort());
    for (const r of others) expect(r.failures, `${r.op}: ${r.failures.join('\n')}`).toEqual([]);
  });

  it('flags conv2d with "same" padding off by one row', async () => {
    const backend = perturbed('conv2d', (real) => (inputs, attrs, ctx) => {
      if (attrs.padding !== 'same') return real.run(inputs, attrs, ctx);
      // Shift the input down one row (drop the last row, zero the first): padding top+1, bottom-1.
      const [x, w] = inputs;
      const [n, h, wd, c] = x!.shape as [number, number, number, number];
      const shifted = new Float32Array(x!.data.length);
      for (let b = 0; b < n; b++) {
        const img = b * h * wd * c;
        shifted.set(x!.data.subarray(img, img + (h - 1) * wd * c) as Float32Array, img + wd * c);
      }
      return real.run([{ ...x!, data: shifted }, w!], attrs, ctx);
    });
    const conv = await checkOp(backend, 'conv2d', { cases: 4 });
    expect(conv.ok).toBe(false);
    expect(conv.failures.length).toBeGreaterThan(0);
    expect(conv.failures.every((f) => f.includes(' same'))).toBe(true);
    const pool = await checkOp(backend, 'maxPool', { cases: 4 });
    expect(pool.ok).toBe(true);
  });

  it('reports a kernel that throws, and an op missing from capabilities.ops, as failures', async () => {
    const throwing = perturbed('softmax', () => () => {
      throw new Error('boom');
    });
    const r = await checkOp(throwing, 'softmax', { cases: 2 });
    expect(r.ok).toBe(false);
    expect(r.failures[0]).toMatch(/backend.run threw Error: boom/);
    const partial = createReferenceBackend({
      name: 'partial',
      kernels: referenceKernels.filter((k) => k.op !== 'argmax'),
    });
    const missing = await checkOp(partial, 'argmax');
    expect(missing.ok).toBe(false);
    expect(missing.failures[0]).toMatch(/does not list "argmax" in capabilities.ops.*skipOps/);
  });

  it('flags a wrong output shape and honours the tolerance override', async () => {
    const wrongShape = perturbed('reduceSum', (real) => (inputs, attrs, ctx) => {
      const [y] = real.run(inputs, attrs, ctx);
      return [{ ...y!, shape: [1, ...y!.shape] }];
    });
    // The reference executor itself rejects a kernel breaking the shape rule; the suite reports it.
    const r = await checkOp(wrongShape, 'reduceSum', { cases: 4 });
    expect(r.ok).toBe(false);
    const tiny = perturbed('add', (real) => (inputs, attrs, ctx) => {
      const [y] = real.run(inputs, attrs, ctx);
      return [{ ...y!, data: y!.data.map((v) => v + 5e-4) }];
    });
    expect((await checkOp(tiny, 'add', { cases: 2 })).ok).toBe(false);
    const loose = await checkOp(tiny, 'add', { cases: 2, tolerance: { abs: 1e-3 } });
    expect(loose.ok).toBe(true);
    expect(loose.tolerance).toEqual({ abs: 1e-3, rel: 1e-4 });
    expect(loose.maxAbsError).toBeGreaterThan(4e-4);
  });
});

// An unavailable backend: every test is skipped and the probe's reason printed.
describeOpConformance(
  'unavailable-demo',
  () => {
    throw new Error('getBackend must not be called when the probe says unavailable');
  },
  {
    probe: async () => ({
      available: false,
      reason: 'demo engine is not installed',
      remedy: 'npm install demo-engine',
    }),
  },
);

// A reasoned skip list shows up as skipped tests carrying the reason.
describeOpConformance('reference-with-skips', () => createReferenceBackend(), {
  cases: 1,
  skipOps: { dropout: 'demo: masks computed on the host', adamUpdate: 'demo: optimizer runs natively' },
});
