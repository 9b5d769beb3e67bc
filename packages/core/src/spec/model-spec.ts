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

/**
 * Window padding of a layer: TensorFlow's "same"/"valid", or explicit pads `[top, left, bottom,
 * right]` as ONNX writes them (e.g. PyTorch's `padding=1` on a 3x3 conv is `[1, 1, 1, 1]`).
 */
export type LayerPadding = 'same' | 'valid' | [number, number, number, number];

/**
 * 2-D convolution with bias: kernel [kh, kw, inChannels / groups, filters]. `groups` (default 1)
 * splits channels and filters into independent groups; depthwise is groups = inChannels.
 */
export interface Conv2dLayer {
  type: 'conv2d';
  filters: number;
  kernelSize: number | [number, number];
  strides?: number | [number, number];
  padding?: LayerPadding;
  groups?: number;
  name?: string;
  useBias?: boolean;
}

/** Max pooling; strides default to poolSize, padding to "valid". */
export interface MaxPool2dLayer {
  type: 'maxPool2d';
  poolSize: number | [number, number];
  strides?: number | [number, number];
  padding?: LayerPadding;
  name?: string;
}

/** Average pooling (padding left out of each mean); strides default to poolSize, padding to "valid". */
export interface AvgPool2dLayer {
  type: 'avgPool2d';
  poolSize: number | [number, number];
  strides?: number | [number, number];
  padding?: LayerPadding;
  name?: string;
}

/** [N, H, W, C] -> [N, C]: the mean over height and width (PyTorch's AdaptiveAvgPool2d(1) + flatten). */
export interface GlobalAvgPool2dLayer {
  type: 'globalAvgPool2d';
  name?: string;
}

/**
 * Batch normalisation over the last (channel) axis: parameters `scale` (ones) and `bias`
 * (zeros), non-trainable running statistics `running_mean` (zeros) and `running_var` (ones). In
 * training: batch statistics, running ones moved by `momentum` (PyTorch convention, default 0.1);
 * in evaluation, and while the layer is frozen: the running statistics. `epsilon` defaults to 1e-5.
 */
export interface BatchNormLayer {
  type: 'batchNorm';
  name?: string;
  epsilon?: number;
  momentum?: number;
}

/** y = min(max(x, min), max): ReLU6 is `{ type: 'clip', min: 0, max: 6 }`. */
export interface ClipLayer {
  type: 'clip';
  min: number;
  max: number;
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

/**
 * y = shortcut(x) + body(x): the shortcut is the identity unless `shortcut` lists layers (a
 * projection, e.g. ResNet's 1x1 strided conv + batch norm); both paths must give the same shape.
 */
export interface ResidualLayer {
  type: 'residual';
  layers: Layer[];
  shortcut?: Layer[];
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
  | AvgPool2dLayer
  | GlobalAvgPool2dLayer
  | BatchNormLayer
  | ClipLayer
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
