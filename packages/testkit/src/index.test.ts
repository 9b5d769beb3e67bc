import { createReferenceBackend } from '@bench/core';
import { describe, expect, it } from 'vitest';
import * as testkit from './index';

describe('@bench/testkit exports', () => {
  it('exports the op suite, the parity suite and describeConformance', () => {
    for (const name of [
      'describeConformance',
      'describeOpConformance',
      'checkOp',
      'checkAllOps',
      'describeTrainingParity',
      'checkTrainingParity',
    ]) {
      expect(typeof (testkit as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('checkOp runs outside a describe block (plain async function)', async () => {
    const result = await testkit.checkOp(createReferenceBackend(), 'matmul', { cases: 2 });
    expect(result).toMatchObject({
      op: 'matmul',
      ok: true,
      cases: 2,
      failures: [],
      tolerance: { abs: 1e-4, rel: 1e-4 },
    });
  });
});

// The whole suite for an unavailable backend: op and parity tests skip with the probe's reason.
testkit.describeConformance(
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
