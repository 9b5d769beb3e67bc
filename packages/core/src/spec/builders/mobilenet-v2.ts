import { SpecError } from '../../errors';
import type { Layer, ModelSpec } from '../model-spec';

/** Options of `mobilenetV2`. */
export interface MobilenetV2Options {
  /** Input [H, W, C]. Default [224, 224, 3]. */
  inputShape?: [number, number, number];
  /** Output classes. Default 1000 (3,504,872 parameters, as torchvision's). */
  classes?: number;
  /** torchvision's `width_mult`. Default 1; tests use 0.25. */
  widthMult?: number;
  /** Dropout rate before the classifier. Default 0.2. */
  dropout?: number;
}

/** torchvision's `_make_divisible`: round to a multiple of 8, never more than 10% down. */
function makeDivisible(v: number, divisor = 8): number {
  let out = Math.max(divisor, Math.floor((v + divisor / 2) / divisor) * divisor);
  if (out < 0.9 * v) out += divisor;
  return out;
}

/** Conv (no bias) + BN (+ ReLU6), torchvision's Conv2dNormActivation as `<p>.0`, `<p>.1`, `<p>.2`. */
function convBnRelu6(
  p: string,
  filters: number,
  kernel: number,
  stride: number,
  groups: number,
  act = true,
): Layer[] {
  const pad = (kernel - 1) / 2;
  const layers: Layer[] = [
    {
      type: 'conv2d',
      name: `${p}.0`,
      filters,
      kernelSize: kernel,
      strides: stride,
      padding: [pad, pad, pad, pad],
      useBias: false,
      ...(groups > 1 ? { groups } : {}),
    },
    { type: 'batchNorm', name: `${p}.1` },
  ];
  if (act) layers.push({ type: 'clip', name: `${p}.2`, min: 0, max: 6 });
  return layers;
}

/** [expansion t, channels c, repeats n, first stride s], torchvision's inverted-residual table. */
const SETTINGS: readonly [number, number, number, number][] = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

/**
 * torchvision's MobileNetV2 as a ModelSpec (NHWC): a 3x3/2 stem (conv, BN, ReLU6), 17 inverted
 * residual blocks (1x1 expansion conv-BN-ReLU6, 3x3 depthwise conv-BN-ReLU6, 1x1 linear projection
 * conv-BN; a residual connection when stride 1 and channels are kept), a 1x1 conv to 1280
 * channels, global average pooling, dropout and a dense classifier. Layers are named after
 * torchvision's modules (`features.2.conv.1.0`, `classifier.1`), convolutions have no bias and
 * PyTorch's explicit pads. At 1,000 classes and width 1 it has 3,504,872 parameters.
 * `groups.head` is the classifier (dropout + dense), `groups.body` the rest.
 */
export function mobilenetV2(options: MobilenetV2Options = {}): ModelSpec {
  const { inputShape = [224, 224, 3], classes = 1000, widthMult = 1, dropout = 0.2 } = options;
  if (!(widthMult > 0))
    throw new SpecError('mobilenetV2', `option "widthMult" must be > 0, got ${widthMult}`);
  if (!Number.isInteger(classes) || classes < 2)
    throw new SpecError('mobilenetV2', `option "classes" must be an integer >= 2, got ${classes}`);
  let input = makeDivisible(32 * widthMult);
  const last = makeDivisible(1280 * Math.max(1, widthMult));
  const layers: Layer[] = convBnRelu6('features.0', input, 3, 2, 1);
  let index = 1;
  for (const [t, c, n, s] of SETTINGS) {
    const out = makeDivisible(c * widthMult);
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      const hidden = Math.round(input * t);
      const p = `features.${index++}`;
      const block: Layer[] = [];
      let k = 0;
      if (t !== 1) block.push(...convBnRelu6(`${p}.conv.${k++}`, hidden, 1, 1, 1));
      block.push(...convBnRelu6(`${p}.conv.${k++}`, hidden, 3, stride, hidden));
      block.push(
        {
          type: 'conv2d',
          name: `${p}.conv.${k++}`,
          filters: out,
          kernelSize: 1,
          padding: 'valid',
          useBias: false,
        },
        { type: 'batchNorm', name: `${p}.conv.${k++}` },
      );
      if (stride === 1 && input === out) layers.push({ type: 'residual', name: p, layers: block });
      else layers.push(...block);
      input = out;
    }
  }
  layers.push(...convBnRelu6(`features.${index}`, last, 1, 1, 1), { type: 'globalAvgPool2d', name: 'pool' });
  const body = layers.map((l) => l.name!);
  layers.push(
    { type: 'dropout', name: 'classifier.0', rate: dropout },
    { type: 'dense', name: 'classifier.1', units: classes },
    { type: 'softmax', name: 'probs' },
  );
  return {
    specVersion: 1,
    name: widthMult === 1 ? 'mobilenet-v2' : `mobilenet-v2-x${widthMult}`,
    input: { shape: [...inputShape] },
    layers,
    groups: { body, head: ['classifier.0', 'classifier.1'] },
  };
}
