import { flattenLayers } from '../spec/infer-shapes';
import type { InferredLayer } from '../spec/inferred-model';
import type { ModelSpec } from '../spec/model-spec';
import { CompileError } from './compile-error';

/**
 * Expands `frozen` (layer names and `spec.groups` names) into the set of frozen layer names.
 * A residual layer's name freezes its whole body. Throws CompileError for a name that is neither
 * a layer nor a group, or a group that lists an unknown layer, quoting the valid names.
 */
export function resolveFrozen(
  spec: ModelSpec,
  all: readonly InferredLayer[],
  frozen: readonly string[],
): Set<string> {
  const byName = new Map(all.map((l) => [l.name, l]));
  const groups = spec.groups ?? {};
  const out = new Set<string>();
  const freeze = (name: string, via: string) => {
    const l = byName.get(name);
    if (!l) {
      throw new CompileError(
        'frozen',
        `${via} "${name}" is not a layer of model "${spec.name}"; layers: ${[...byName.keys()].join(', ')}; groups: ${Object.keys(groups).join(', ') || '(none)'}`,
      );
    }
    for (const x of flattenLayers([l])) out.add(x.name);
  };
  for (const name of frozen) {
    const group = Object.hasOwn(groups, name) ? groups[name] : undefined;
    if (group) for (const member of group) freeze(member, `group "${name}" lists layer`);
    else freeze(name, 'name');
  }
  return out;
}
