import { SpecError } from '../errors';
import { assignLayerNames } from './layer-names';
import type { ModelSpec } from './model-spec';
import { modelSpecSchema } from './model-spec-schema';

/** Turns a zod issue path (`['layers', 2, 'layers', 0, 'units']`) into `layers[2].layers[0].units`. */
function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');
}

/** The path of the innermost layer an issue path points into, e.g. `layers[2].layers[0]`. */
function layerPath(path: readonly (string | number)[]): string | undefined {
  let last = -1;
  for (let i = 0; i + 1 < path.length; i++) {
    if ((path[i] === 'layers' || path[i] === 'shortcut') && typeof path[i + 1] === 'number') last = i + 1;
  }
  return last < 0 ? undefined : formatPath(path.slice(0, last + 1));
}

/**
 * Checks the structure of a ModelSpec (types, required fields, value ranges, unknown keys) with
 * the zod schema, without looking at shapes. Throws SpecError naming the layer (by its name or
 * its Keras-style default name, plus its index path) and the offending field. Use
 * `parseModelSpec` for the full check.
 */
export function checkModelSpecStructure(json: unknown): ModelSpec {
  const result = modelSpecSchema.safeParse(json);
  if (result.success) return result.data;
  const names = assignLayerNames((json as { layers?: unknown } | null)?.layers);
  const issue = result.error.issues[0]!;
  const lp = layerPath(issue.path);
  const field = formatPath(issue.path) || '(root)';
  const layer = lp ? (names.get(lp) ?? lp) : 'model';
  const where = lp ? ` (${lp})` : '';
  const more = result.error.issues.length > 1 ? ` (+${result.error.issues.length - 1} more issues)` : '';
  throw new SpecError(
    layer,
    `invalid field ${field}${where}: ${issue.message}${more}; fix the spec so it matches the ModelSpec type (spec/model-spec.ts)`,
  );
}
