import { SpecError } from '../../errors';
import type { Layer, ModelSpec } from '../model-spec';

/** Options of `mlp`. */
export interface MlpOptions {
  /** Number of dense (linear) layers, 2 to 12. */
  layers: number;
  /** Input features. Default 2. */
  inputSize?: number;
  /** Output classes. Default 2. */
  classes?: number;
}

/**
 * The E3 multi-layer perceptron: `layers` dense layers whose hidden widths double from 4
 * (4, 8, 16, ...), ReLU between them, then softmax. `layers: 8` gives 2-4-8-16-32-64-128-256-2
 * (44,710 parameters), `layers: 10` 703,142, `layers: 2` is 2-4-2. Layer names are the defaults
 * (`dense_1`, `relu_1`, ...); `groups.body` holds the hidden layers, `groups.head` the last dense.
 */
/** The layer counts `mlp` builds (E3's range); sweep plans are checked against it up front. */
export const MLP_LAYERS = { min: 2, max: 12 } as const;

export function mlp(options: MlpOptions): ModelSpec {
  const { layers: count, inputSize = 2, classes = 2 } = options;
  if (!Number.isInteger(count) || count < MLP_LAYERS.min || count > MLP_LAYERS.max) {
    throw new SpecError(
      'mlp',
      `option "layers" must be an integer from 2 to 12, got ${count}; E3 uses 2..12`,
    );
  }
  const layers: Layer[] = [];
  const body: string[] = [];
  for (let i = 1; i < count; i++) {
    layers.push({ type: 'dense', units: 4 * 2 ** (i - 1) }, { type: 'relu' });
    body.push(`dense_${i}`, `relu_${i}`);
  }
  layers.push({ type: 'dense', units: classes }, { type: 'softmax' });
  return {
    specVersion: 1,
    name: `mlp-${count}`,
    input: { shape: [inputSize] },
    layers,
    groups: { body, head: [`dense_${count}`] },
  };
}
