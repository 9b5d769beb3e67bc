import type { Layer, ModelSpec } from '../model-spec';

/** Options of `cifarCnn`. */
export interface CifarCnnOptions {
  /** Input [H, W, C]. Default [32, 32, 3] (CIFAR-10); [28, 28, 1] gives the MNIST variant. */
  inputShape?: [number, number, number];
  /** Output classes. Default 10. */
  classes?: number;
  /** Dropout rate of the two dropout layers. Default 0.2. */
  dropoutRate?: number;
}

/**
 * The E4 Keras CIFAR-10 CNN: four blocks of Conv 3x3 (32, 64, 128, 256 filters, padding same)
 * + ReLU + MaxPool 2x2/2 (padding same), then Flatten, Dense 256 + ReLU, Dropout 0.2, Dense 512
 * + ReLU, Dropout 0.2, Dense `classes`, softmax: 787,530 parameters at [32, 32, 3] with 10
 * classes. Layer names are the defaults (`conv2d_1`, `max_pool2d_1`, `dense_1`, ...);
 * `groups.body` is the convolutional part, `groups.head` the dense part.
 */
export function cifarCnn(options: CifarCnnOptions = {}): ModelSpec {
  const { inputShape = [32, 32, 3], classes = 10, dropoutRate = 0.2 } = options;
  const layers: Layer[] = [];
  const body: string[] = [];
  [32, 64, 128, 256].forEach((filters, i) => {
    layers.push(
      { type: 'conv2d', filters, kernelSize: 3, padding: 'same' },
      { type: 'relu' },
      { type: 'maxPool2d', poolSize: 2, strides: 2, padding: 'same' },
    );
    body.push(`conv2d_${i + 1}`, `relu_${i + 1}`, `max_pool2d_${i + 1}`);
  });
  layers.push(
    { type: 'flatten' },
    { type: 'dense', units: 256 },
    { type: 'relu' },
    { type: 'dropout', rate: dropoutRate },
    { type: 'dense', units: 512 },
    { type: 'relu' },
    { type: 'dropout', rate: dropoutRate },
    { type: 'dense', units: classes },
    { type: 'softmax' },
  );
  return {
    specVersion: 1,
    name: `cifar-cnn-${inputShape.join('x')}`,
    input: { shape: [...inputShape] },
    layers,
    groups: {
      body,
      head: ['flatten_1', 'dense_1', 'relu_5', 'dropout_1', 'dense_2', 'relu_6', 'dropout_2', 'dense_3'],
    },
  };
}
