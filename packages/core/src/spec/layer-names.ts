/**
 * Default layer names, Keras style: the n-th layer of a type (counted over the whole model, in
 * forward order, residual bodies included) is called `<prefix>_<n>`, e.g. `dense_1`, `conv2d_2`.
 * A layer's own `name` wins and does not consume a number.
 */

/** Name prefix of each layer type. */
export const LAYER_NAME_PREFIX: Readonly<Record<string, string>> = {
  dense: 'dense',
  conv2d: 'conv2d',
  maxPool2d: 'max_pool2d',
  avgPool2d: 'avg_pool2d',
  globalAvgPool2d: 'global_avg_pool2d',
  batchNorm: 'batch_norm',
  clip: 'clip',
  flatten: 'flatten',
  relu: 'relu',
  dropout: 'dropout',
  residual: 'residual',
  softmax: 'softmax',
};

/** A layer as naming sees it: possibly unvalidated JSON. */
interface RawLayer {
  type?: unknown;
  name?: unknown;
  layers?: unknown;
  shortcut?: unknown;
}

/**
 * Assigns a name to every layer of a (possibly not yet validated) layer list, in forward order:
 * a residual layer is named before its body, then its shortcut. Returns the names keyed by path, e.g.
 * `layers[3]` or `layers[3].layers[0]`. Tolerates malformed input (a layer without a known type
 * is named `layer_<n>`), so that validation errors can quote a name.
 */
export function assignLayerNames(layers: unknown): Map<string, string> {
  const names = new Map<string, string>();
  const counters = new Map<string, number>();
  const visit = (list: unknown, prefix: string): void => {
    if (!Array.isArray(list)) return;
    list.forEach((item: unknown, i) => {
      const path = `${prefix}[${i}]`;
      const raw = (typeof item === 'object' && item !== null ? item : {}) as RawLayer;
      if (typeof raw.name === 'string' && raw.name.length > 0) {
        names.set(path, raw.name);
      } else {
        const base = (typeof raw.type === 'string' && LAYER_NAME_PREFIX[raw.type]) || 'layer';
        const n = (counters.get(base) ?? 0) + 1;
        counters.set(base, n);
        names.set(path, `${base}_${n}`);
      }
      if (raw.type === 'residual') {
        visit(raw.layers, `${path}.layers`);
        visit(raw.shortcut, `${path}.shortcut`);
      }
    });
  };
  visit(layers, 'layers');
  return names;
}
