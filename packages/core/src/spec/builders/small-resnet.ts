import { SpecError } from '../../errors';
import type { Layer, ModelSpec } from '../model-spec';

/** Options of `smallResnet`. */
export interface SmallResnetOptions {
  /** Input [H, W, C]. Default [32, 32, 3]. */
  inputShape?: [number, number, number];
  /** Output classes. Default 2 (E1: bird / forest). */
  classes?: number;
  /** Channels of the stem and of the first stage; doubled at each later stage. Default 16. */
  width?: number;
  /** Residual blocks per stage. Default 1. */
  blocksPerStage?: number;
  /** Stages (each but the first starts with a stride-2 conv). Default 2. */
  stages?: number;
}

/**
 * A small ResNet-style classifier (no batch norm: the IR has none): a stem (Conv 3x3 `width`,
 * ReLU, MaxPool 2x2/2), then `stages` stages of `blocksPerStage` residual blocks
 * (residual[conv 3x3 same, ReLU, conv 3x3 same] then ReLU), each stage after the first opened by
 * a stride-2 Conv 3x3 that doubles the channels; a final MaxPool 2x2/2, Flatten and a Dense head.
 * Every layer is named (`stem_conv`, `s1_b1`, ...); `groups.body` lists every top-level layer
 * up to the flatten, `groups.head` the flatten and dense layers, for fine-tuning (E1).
 */
export function smallResnet(options: SmallResnetOptions = {}): ModelSpec {
  const { inputShape = [32, 32, 3], classes = 2, width = 16, blocksPerStage = 1, stages = 2 } = options;
  for (const [key, v] of Object.entries({ width, blocksPerStage, stages })) {
    if (!Number.isInteger(v) || v < 1)
      throw new SpecError('smallResnet', `option "${key}" must be a positive integer, got ${v}`);
  }
  const layers: Layer[] = [
    { type: 'conv2d', name: 'stem_conv', filters: width, kernelSize: 3, padding: 'same' },
    { type: 'relu', name: 'stem_relu' },
    { type: 'maxPool2d', name: 'stem_pool', poolSize: 2, strides: 2, padding: 'same' },
  ];
  let channels = width;
  for (let s = 1; s <= stages; s++) {
    if (s > 1) {
      channels *= 2;
      layers.push(
        { type: 'conv2d', name: `s${s}_down`, filters: channels, kernelSize: 3, strides: 2, padding: 'same' },
        { type: 'relu', name: `s${s}_down_relu` },
      );
    }
    for (let b = 1; b <= blocksPerStage; b++) {
      const p = `s${s}_b${b}`;
      layers.push(
        {
          type: 'residual',
          name: p,
          layers: [
            { type: 'conv2d', name: `${p}_conv1`, filters: channels, kernelSize: 3, padding: 'same' },
            { type: 'relu', name: `${p}_relu1` },
            { type: 'conv2d', name: `${p}_conv2`, filters: channels, kernelSize: 3, padding: 'same' },
          ],
        },
        { type: 'relu', name: `${p}_relu` },
      );
    }
  }
  layers.push({ type: 'maxPool2d', name: 'head_pool', poolSize: 2, strides: 2, padding: 'same' });
  const body = layers.map((l) => l.name!);
  layers.push(
    { type: 'flatten', name: 'head_flatten' },
    { type: 'dense', name: 'head_dense', units: classes },
    { type: 'softmax', name: 'probs' },
  );
  return {
    specVersion: 1,
    name: `small-resnet-w${width}`,
    input: { shape: [...inputShape] },
    layers,
    groups: { body, head: ['head_flatten', 'head_dense'] },
  };
}
