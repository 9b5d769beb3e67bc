/**
 * The dense folds of matmul.ts, by the nodes of an MLP + SGD step model: each layer's bias rides in
 * its forward Gemm (no Add) and each kernel update in its gradient Gemm (alpha = -lr, no Mul/Sub);
 * the numbers are checked against the reference by training.test.ts.
 */
import { compile, mlp } from '@bench/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildStepModel } from '../backend/models';

const LAYERS = 4;
const program = compile(mlp({ layers: LAYERS }), { optimizer: { kind: 'sgd', lr: 0.1 } });

function ops() {
  const nodes = buildStepModel(program, 'test').graph!.node ?? [];
  const count = (op: string) => nodes.filter((n) => n.opType === op).length;
  const alphas = nodes
    .filter((n) => n.opType === 'Gemm')
    .map((n) => n.attribute?.find((a) => a.name === 'alpha')?.f)
    .filter((f) => f !== undefined);
  return { add: count('Add'), sub: count('Sub'), gemm: count('Gemm'), alphas };
}

describe('dense folds (matmul lowering)', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('folds every bias into its forward Gemm and every kernel update into its gradient Gemm', () => {
    const folded = ops();
    vi.stubEnv('BENCH_ORT_DENSE_FOLD', '0');
    const plain = ops();
    expect(folded.gemm).toBe(plain.gemm);
    expect(plain.add - folded.add).toBe(LAYERS);
    expect(plain.sub - folded.sub).toBe(LAYERS); // the kernels' p - lr*g; the biases keep theirs
    expect(folded.alphas).toHaveLength(LAYERS);
    for (const a of folded.alphas) expect(a).toBeCloseTo(-0.1, 7);
    expect(plain.alphas).toHaveLength(0);
  });
});
