/**
 * What shape inference knows about a ModelSpec: every layer with its resolved name, attributes,
 * input/output shapes (without the batch dimension) and parameters. The compiler, `summary`,
 * `paramCount` and `flopsPerSample` all read this instead of the raw spec.
 */
import type { ParamInit } from '../ir/graph';
import type { Padding } from '../ir/ops';
import type { Layer } from './model-spec';

/** One parameter of a layer, in canonical layout. */
export interface InferredParam {
  /** `<layer>/kernel` or `<layer>/bias`. */
  name: string;
  shape: number[];
  init: ParamInit;
  /** Non-trainable state (batch-norm running statistics): not counted as a parameter. */
  buffer?: true;
}

/** One layer after shape inference. */
export interface InferredLayer {
  /** The layer's name (its own, or the Keras-style default such as `dense_1`). */
  name: string;
  type: Layer['type'];
  /** Where it sits in the spec, e.g. `layers[3]` or `layers[3].layers[0]`. */
  path: string;
  /** Position in forward order over the whole model (a residual precedes its body), from 0. */
  order: number;
  /** The spec layer itself. */
  layer: Layer;
  /** Input shape without the batch dimension. */
  inputShape: number[];
  /** Output shape without the batch dimension. */
  outputShape: number[];
  /** Parameters of this layer itself (not of a residual body). */
  params: InferredParam[];
  /** Resolved window attributes of conv2d / maxPool2d / avgPool2d layers. */
  window?: { size: [number, number]; strides: [number, number]; padding: Padding; groups?: number };
  /** The body of a residual layer. */
  children?: InferredLayer[];
  /** The projection shortcut of a residual layer (absent: identity). */
  shortcut?: InferredLayer[];
}

/** The result of `inferShapes`. */
export interface InferredModel {
  inputShape: number[];
  /** Top-level layers in order; the final softmax layer is included. */
  layers: InferredLayer[];
  /** Number of classes (the width of the logits). */
  numClasses: number;
}
