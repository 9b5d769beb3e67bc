import * as core from '@bench/core';
import { BenchError, formatShape } from '@bench/core';
import type { CompileOptions, NamedTensors, Program } from '@bench/core';

type InitWeights = (program: Program, seed?: number) => NamedTensors;

/**
 * The weights a session starts from: `options.weights` when given, else core's seeded
 * `initWeights(program, seed)`. Every parameter must be present with its declared shape.
 */
export function initialWeights(program: Program, options: CompileOptions | undefined, backend: string): NamedTensors {
  let weights = options?.weights;
  if (!weights) {
    const init = (core as unknown as { initWeights?: InitWeights }).initWeights;
    if (!init) {
      throw new BenchError(
        'BenchError.Weights',
        `backend "${backend}": no weights were passed and this @bench/core has no initWeights; pass options.weights`,
      );
    }
    weights = init(program, options?.seed ?? 0);
  }
  for (const p of program.params) {
    const w = weights[p.name];
    if (!w) {
      throw new BenchError('BenchError.Weights', `backend "${backend}": initial weights lack parameter "${p.name}" ${formatShape(p.shape)}; pass all of ${program.params.map((q) => q.name).join(', ')}`);
    }
    if (w.shape.length !== p.shape.length || w.shape.some((d, i) => d !== p.shape[i])) {
      throw new BenchError('BenchError.Weights', `backend "${backend}": weight "${p.name}" has shape ${formatShape(w.shape)}, expected ${formatShape(p.shape)}`);
    }
  }
  return weights;
}
