import { BenchError, formatShape, initWeights } from '@bench/core';
import type { CompileOptions, NamedTensors, Program } from '@bench/core';

/**
 * The weights a session starts from: `options.weights` when given, else core's seeded
 * `initWeights(program, options.seed ?? 0)`. Every parameter must be present with its declared
 * shape; throws BenchError naming the parameter otherwise.
 */
export function initialWeights(
  program: Program,
  options: CompileOptions | undefined,
  backend: string,
): NamedTensors {
  const weights = options?.weights ?? initWeights(program, options?.seed ?? 0);
  for (const p of program.params) {
    const w = weights[p.name];
    if (!w) {
      throw new BenchError(
        'BenchError.Weights',
        `backend "${backend}": initial weights lack parameter "${p.name}" ${formatShape(p.shape)}; pass all of ${program.params.map((q) => q.name).join(', ')}`,
      );
    }
    if (w.shape.length !== p.shape.length || w.shape.some((d, i) => d !== p.shape[i])) {
      throw new BenchError(
        'BenchError.Weights',
        `backend "${backend}": weight "${p.name}" has shape ${formatShape(w.shape)}, expected ${formatShape(p.shape)}`,
      );
    }
  }
  return weights;
}
