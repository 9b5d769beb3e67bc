import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ, mutate, mutations } from '../__fixtures__/fuzz';
import { BenchError } from '../errors';
import { expandPlan } from './expand-plan';
import { MAX_SWEEP_CELLS } from './sweep-plan';

const valid = {
  experiment: 'e3',
  backends: ['reference', 'onnxruntime-cpu'],
  batchSizes: [10, 100],
  layers: [2, 4, 8],
  epochs: 3,
  repeats: 2,
  timeoutSeconds: 60,
  options: { lr: 0.1 },
};

/** Cells, or a BenchError.InvalidPlan: nothing else, and never more than the cap. */
function check(plan: unknown) {
  try {
    const cells = expandPlan(plan as never);
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.length).toBeLessThanOrEqual(MAX_SWEEP_CELLS);
    expect(new Set(cells.map((c) => c.id)).size).toBe(cells.length);
    for (const c of cells) if (c.layers !== undefined) expect(c.layers >= 2 && c.layers <= 12).toBe(true);
  } catch (error) {
    if (!BenchError.isInstance(error) || error.name !== 'BenchError.InvalidPlan') throw error;
  }
}

describe('fuzz: sweep plans', () => {
  it('any JSON value is cells or an InvalidPlan error', () => {
    fc.assert(fc.property(fc.jsonValue(), check), FUZZ);
  });
  it('plans with random field values are cells or an InvalidPlan error', () => {
    const field = fc.oneof(fc.jsonValue(), fc.array(fc.integer({ min: -5, max: 5000 }), { maxLength: 200 }));
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...Object.keys(valid), 'models', 'memoryLimitMb', 'x'), field),
        (over) => check({ ...valid, ...over }),
      ),
      FUZZ,
    );
  });
  it('mutated plan text that still parses is cells or an InvalidPlan error', () => {
    const text = new TextEncoder().encode(JSON.stringify(valid));
    fc.assert(
      fc.property(mutations, (m) => {
        let plan: unknown;
        try {
          plan = JSON.parse(new TextDecoder().decode(mutate(text, m)));
        } catch {
          return; // not JSON: the CLI's plan reader reports that (a UsageError)
        }
        check(plan);
      }),
      FUZZ,
    );
  });
});
