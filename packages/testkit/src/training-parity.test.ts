import { createReferenceBackend, referenceBackendEntry, referenceKernels } from '@bench/core';
import type { AnyKernelConfig, Backend } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { checkTrainingParity, describeTrainingParity } from './training-parity';

/** A reference backend whose optimizer kernels use a learning rate 5% too large. */
function perturbedOptimizerBackend(): Backend {
  const kernels = referenceKernels.map((k): AnyKernelConfig => {
    if (k.op === 'sgdUpdate')
      return { op: 'sgdUpdate', run: (i, a, c) => k.run(i, { ...a, lr: a.lr * 1.05 }, c) };
    if (k.op === 'adamUpdate')
      return { op: 'adamUpdate', run: (i, a, c) => k.run(i, { ...a, lr: a.lr * 1.05 }, c) };
    return k;
  });
  return createReferenceBackend({ name: 'perturbed-optimizer', kernels });
}

/** A reference backend whose dropout masks use another seed. */
function perturbedDropoutBackend(): Backend {
  const kernels = referenceKernels.map(
    (k): AnyKernelConfig =>
      k.op === 'dropout' ? { op: 'dropout', run: (i, a, c) => k.run(i, { ...a, seed: a.seed + 1 }, c) } : k,
  );
  return createReferenceBackend({ name: 'perturbed-dropout', kernels });
}

// The reference backend against itself: trivially equal, but it runs the whole path.
describeTrainingParity('reference', () => referenceBackendEntry.create(), {
  probe: () => referenceBackendEntry.probe(),
});

// An unavailable backend is skipped with its reason printed, never silently.
describeTrainingParity(
  'missing-engine',
  () => Promise.reject(new Error('getBackend must not be called when the probe fails')),
  {
    models: ['mlp'],
    probe: async () => ({
      available: false,
      reason: 'engine not installed (test double)',
      remedy: 'npm install nothing',
    }),
  },
);

describe('checkTrainingParity', () => {
  it('reports identical losses and weights for the reference against itself', async () => {
    const r = await checkTrainingParity(createReferenceBackend(), { model: 'mlp', steps: 2 });
    expect(r.ok).toBe(true);
    expect(r.losses.backend).toEqual(r.losses.reference);
    expect(r.losses.backend.length).toBe(2);
    expect(r.maxWeightError).toBe(0);
    expect(r.losses.backend.every(Number.isFinite)).toBe(true);
  });

  it('fails a backend whose SGD update is perturbed', async () => {
    const r = await checkTrainingParity(perturbedOptimizerBackend(), { model: 'mlp' });
    console.info(
      `perturbed SGD: max weight error ${r.maxWeightError.toExponential(2)} at ${r.worstWeight}; ${r.failures.join('; ')}`,
    );
    expect(r.ok).toBe(false);
    expect(r.maxWeightError).toBeGreaterThan(r.tolerances.weightAbs);
    // Step 1 runs before any update, so its loss still matches.
    expect(r.losses.backend[0]).toBe(r.losses.reference[0]);
  });

  it('fails a backend whose Adam update or dropout mask is perturbed (CNN)', async () => {
    const adam = await checkTrainingParity(perturbedOptimizerBackend(), { model: 'cnn', steps: 2, batch: 2 });
    console.info(
      `perturbed Adam: max weight error ${adam.maxWeightError.toExponential(2)}; ${adam.failures.join('; ')}`,
    );
    expect(adam.ok).toBe(false);
    const drop = await checkTrainingParity(perturbedDropoutBackend(), { model: 'cnn', steps: 1, batch: 2 });
    console.info(`perturbed dropout: ${drop.failures.join('; ')}`);
    expect(drop.ok).toBe(false);
    expect(drop.losses.backend[0]).not.toBe(drop.losses.reference[0]);
  });

  it('rejects bad options by name', async () => {
    await expect(checkTrainingParity(createReferenceBackend(), { steps: 0 })).rejects.toThrow(/steps.*0/);
    // biome-ignore lint/suspicious/noExplicitAny: testing a wrong value on purpose
    await expect(checkTrainingParity(createReferenceBackend(), { model: 'rnn' as any })).rejects.toThrow(
      /model.*rnn/,
    );
  });
});
