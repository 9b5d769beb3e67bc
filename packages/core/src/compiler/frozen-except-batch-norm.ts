import { flattenLayers, inferShapes } from '../spec/infer-shapes';
import type { ModelSpec } from '../spec/model-spec';
import { resolveFrozen } from './resolve-frozen';

/**
 * The layers that `frozen` (layer and group names) freezes, minus every batch-norm layer: fastai's
 * `train_bn=True`, where a frozen body still trains its batch-norm affine parameters and running
 * statistics. Returns leaf layer names (residual containers expanded), for `compile`'s `frozen`.
 * Throws CompileError for an unknown name, as `compile` does.
 */
export function frozenExceptBatchNorm(spec: ModelSpec, frozen: readonly string[]): string[] {
  const all = flattenLayers(inferShapes(spec).layers);
  const names = resolveFrozen(spec, all, frozen);
  return all
    .filter((l) => names.has(l.name) && l.type !== 'batchNorm' && l.type !== 'residual')
    .map((l) => l.name);
}
