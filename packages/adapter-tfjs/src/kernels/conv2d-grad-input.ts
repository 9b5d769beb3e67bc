import type { Tensor4D } from '@tensorflow/tfjs-core';
import { defineKernel } from './kernel';

/** conv2dGradInput: dx = conv2d's input gradient (tfjs's Conv2DBackpropInput via conv2dTranspose). */
export const conv2dGradInputKernel = defineKernel({
  op: 'conv2dGradInput',
  run: ([dy, w], attrs, { tf }) => {
    const [h, wd, c] = attrs.inputShape;
    const outShape: [number, number, number, number] = [dy!.shape[0]!, h, wd, c];
    return [tf.conv2dTranspose(dy as Tensor4D, w as Tensor4D, outShape, attrs.strides, attrs.padding)];
  },
});
