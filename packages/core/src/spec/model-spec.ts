/**
 * ModelSpec: a versioned, JSON-serialisable description of a sequential network. The compiler
 * turns it (with a loss and an optimizer) into an IR Program. Layouts are canonical (NHWC).
 */

/** Dense (fully connected) layer: y = x @ kernel + bias; kernel [in, units]. */
export interface DenseLayer {
  type: 'dense';
  units: number;
  name?: string;
  /** Default true. */
  useBias?: boolean;
}

/** 2-D convolution with bias: kernel [kh, kw, inChannels, filters]. */
export interface Conv2dLayer {
  type: 'conv2d';
  filters: number;
  kernelSize: number | [number, number];
  strides?: number | [number, number];
  padding?: 'same' | 'valid';
  name?: string;
  useBias?: boolean;
}

/** Max pooling; strides default to poolSize, padding to "valid". */
export interface MaxPool2dLayer {
  type: 'maxPool2d';
  poolSize: number | [number, number];
  strides?: number | [number, number];
  padding?: 'same' | 'valid';
  name?: string;
}

/** [N, H, W, C] -> [N, H*W*C]. */
export interface FlattenLayer {
  type: 'flatten';
  name?: string;
}

export interface ReluLayer {
  type: 'relu';
  name?: string;
}

/** Training-only dropout with a seeded, backend-independent mask. */
export interface DropoutLayer {
  type: 'dropout';
  rate: number;
  name?: string;
  /** Mask seed; defaults to a hash of the model seed and the layer index. */
  seed?: number;
}

/** y = x + body(x); the body must keep the shape. */
export interface ResidualLayer {
  type: 'residual';
  layers: Layer[];
  name?: string;
}

/** Marks the output: the previous layer's output is the logits; predictions are softmax(logits). */
export interface SoftmaxLayer {
  type: 'softmax';
  name?: string;
}

export type Layer =
  | DenseLayer
  | Conv2dLayer
  | MaxPool2dLayer
  | FlattenLayer
  | ReluLayer
  | DropoutLayer
  | ResidualLayer
  | SoftmaxLayer;

/** The version this code writes and reads. */
export const MODEL_SPEC_VERSION = 1;

export interface ModelSpec {
  specVersion: typeof MODEL_SPEC_VERSION;
  name: string;
  /** Input shape without the batch dimension: [features] or [H, W, C]. */
  input: { shape: number[] };
  layers: Layer[];
  /**
   * Layer-name groups for fine-tuning (freeze/unfreeze by group), e.g. `{ body: [...], head: [...] }`.
   */
  groups?: Record<string, string[]>;
}
