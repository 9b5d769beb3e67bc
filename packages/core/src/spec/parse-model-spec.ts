import { checkModelSpecStructure } from './check-model-spec-structure';
import { inferShapes } from './infer-shapes';
import type { ModelSpec } from './model-spec';

/**
 * Parses and fully validates a ModelSpec from JSON: structure (zod) and then shapes
 * (`inferShapes`: layer compatibility, window sizes, residual shapes, the final softmax).
 * Throws SpecError naming the layer and field (or both shapes); returns the typed spec.
 */
export function parseModelSpec(json: unknown): ModelSpec {
  const spec = checkModelSpecStructure(json);
  inferShapes(spec);
  return spec;
}
