import { SpecError } from '../../errors';
import type { Layer, ModelSpec } from '../model-spec';

/** Options of `resnet18`. */
export interface Resnet18Options {
  /** Input [H, W, C]. Default [224, 224, 3]. */
  inputShape?: [number, number, number];
  /** Output classes. Default 1000 (ImageNet; 11,689,512 parameters, as torchvision's). */
  classes?: number;
  /** Channels of the stem and the first stage, doubled at each later stage. Default 64; tests use 4 or 8. */
  width?: number;
  /** BasicBlocks per stage. Default [2, 2, 2, 2] (ResNet-18). */
  blocks?: [number, number, number, number];
}

const pads1: [number, number, number, number] = [1, 1, 1, 1];

/** conv (no bias) + batch norm, named as torchvision's modules. */
function convBn(
  conv: string,
  bn: string,
  filters: number,
  kernel: number,
  stride: number,
  pad: number,
): Layer[] {
  return [
    {
      type: 'conv2d',
      name: conv,
      filters,
      kernelSize: kernel,
      strides: stride,
      padding: [pad, pad, pad, pad],
      useBias: false,
    },
    { type: 'batchNorm', name: bn },
  ];
}

/**
 * torchvision's ResNet-18 as a ModelSpec (canonical NHWC layout): a 7x7/2 stem conv with batch
 * norm and ReLU, a 3x3/2 max pool, four stages of BasicBlocks (conv3x3-BN-ReLU-conv3x3-BN plus the
 * identity, or a 1x1/2 conv + BN projection where the shape changes, then ReLU), global average
 * pooling and a dense head. Convolutions have no bias and use PyTorch's explicit pads, so
 * torchvision weights map one to one: every layer is named after its torchvision module
 * (`conv1`, `bn1`, `layer2.0.conv1`, `layer2.0.downsample.0`, `fc`). At 1,000 classes it has
 * 11,689,512 parameters (torchvision's count; running statistics are buffers, not parameters).
 * `groups.body` lists every top-level layer before the head, `groups.head` is `['fc']`, for
 * fine-tuning with a new head.
 */
export function resnet18(options: Resnet18Options = {}): ModelSpec {
  const { inputShape = [224, 224, 3], classes = 1000, width = 64, blocks = [2, 2, 2, 2] } = options;
  if (!Number.isInteger(width) || width < 1)
    throw new SpecError('resnet18', `option "width" must be a positive integer, got ${width}`);
  if (!Number.isInteger(classes) || classes < 2)
    throw new SpecError('resnet18', `option "classes" must be an integer >= 2, got ${classes}`);
  const layers: Layer[] = [
    ...convBn('conv1', 'bn1', width, 7, 2, 3),
    { type: 'relu', name: 'relu' },
    { type: 'maxPool2d', name: 'maxpool', poolSize: 3, strides: 2, padding: pads1 },
  ];
  let inChannels = width;
  blocks.forEach((count, s) => {
    const channels = width * 2 ** s;
    for (let b = 0; b < count; b++) {
      const p = `layer${s + 1}.${b}`;
      const stride = s > 0 && b === 0 ? 2 : 1;
      const project = stride !== 1 || inChannels !== channels;
      layers.push(
        {
          type: 'residual',
          name: p,
          layers: [
            ...convBn(`${p}.conv1`, `${p}.bn1`, channels, 3, stride, 1),
            { type: 'relu', name: `${p}.relu` },
            ...convBn(`${p}.conv2`, `${p}.bn2`, channels, 3, 1, 1),
          ],
          ...(project
            ? { shortcut: convBn(`${p}.downsample.0`, `${p}.downsample.1`, channels, 1, stride, 0) }
            : {}),
        },
        { type: 'relu', name: `${p}.relu_out` },
      );
      inChannels = channels;
    }
  });
  layers.push({ type: 'globalAvgPool2d', name: 'avgpool' });
  const body = layers.map((l) => l.name!);
  layers.push({ type: 'dense', name: 'fc', units: classes }, { type: 'softmax', name: 'probs' });
  return {
    specVersion: 1,
    name: width === 64 && blocks.join() === '2,2,2,2' ? 'resnet18' : `resnet18-w${width}-b${blocks.join('')}`,
    input: { shape: [...inputShape] },
    layers,
    groups: { body, head: ['fc'] },
  };
}
