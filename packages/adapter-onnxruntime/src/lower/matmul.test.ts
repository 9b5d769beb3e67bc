/**
 * The dense folds of matmul.ts and reduce-sum.ts, by the nodes of an MLP + SGD step model: each
 * layer's bias rides in its forward Gemm (no Add), each kernel update in its gradient Gemm
 * (alpha = -lr, no Mul/Sub), and each bias gradient and update is MatMul(-lr ones, dy) + b (no
 * ReduceSum/Mul/Sub); the numbers are checked against the reference by training.test.ts.
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
  return {
    add: count('Add'),
    sub: count('Sub'),
    mul: count('Mul'),
    gemm: count('Gemm'),
    matmul: count('MatMul'),
    reduceSum: count('ReduceSum'),
    alphas,
  };
}

describe('dense folds (matmul lowering)', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('folds biases into forward Gemms, kernel updates into gradient Gemms, bias updates into MatMuls', () => {
    const folded = ops();
    vi.stubEnv('BENCH_ORT_DENSE_FOLD', '0');
    const plain = ops();
    expect(folded.gemm).toBe(plain.gemm);
    // the forward bias Adds are gone, and each bias update is one Add instead of Mul + Sub
    expect(folded.add).toBe(plain.add);
    expect(plain.sub - folded.sub).toBe(2 * LAYERS);
    expect(plain.mul - folded.mul).toBe(2 * LAYERS);
    expect(plain.reduceSum - folded.reduceSum).toBe(LAYERS);
    expect(folded.matmul - plain.matmul).toBe(LAYERS);
    expect(folded.alphas).toHaveLength(LAYERS);
    for (const a of folded.alphas) expect(a).toBeCloseTo(-0.1, 7);
    expect(plain.alphas).toHaveLength(0);
  });
});
