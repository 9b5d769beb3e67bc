/**
 * A fast path for finite values beside an exact one for NaN/Inf: an If on whether the sum of x is
 * finite. A sum of finite floats that overflows takes the exact branch too, which gives the same
 * result, so the check only costs one ReduceSum over x.
 */
import { GraphBuilder } from '../onnx/graph-builder';
import type { DataTypeCode } from '../onnx/proto';

/**
 * The outputs (of the given element types) of `finite` when every element of x is finite, else of
 * `nonFinite`; each builds its branch in the subgraph it is given and returns its output names.
 */
export function branchOnFinite(
  g: GraphBuilder,
  x: string,
  hint: string,
  types: readonly DataTypeCode[],
  finite: (b: GraphBuilder) => string[],
  nonFinite: (b: GraphBuilder) => string[],
): string[] {
  const sum = g.op1('ReduceSum', [x], { keepdims: 0 }, `${hint}.sum`);
  const flag = g.op1('IsNaN', [g.op1('Sub', [sum, sum], {}, `${hint}.sum0`)], {}, `${hint}.nonFinite`);
  const branch = (suffix: string, build: (b: GraphBuilder) => string[]) => {
    const b = new GraphBuilder(g.scope, `${hint}.${suffix}`);
    build(b).forEach((name, i) => b.addOutput({ name, type: types[i]! }));
    return b;
  };
  return g.op(
    'If',
    [flag],
    { then_branch: branch('nonfinite', nonFinite), else_branch: branch('finite', finite) },
    types.length,
    hint,
  );
}
