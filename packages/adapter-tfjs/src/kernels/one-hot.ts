import type { Tf, TfTensor } from '../tf-types';

/**
 * float32 one-hot rows of int32 labels. Made as int32 and cast: tfjs-wasm 4.22's OneHot kernel
 * with dtype float32 writes integer bit patterns into the float buffer (1 reads as 1.4e-45).
 */
export function oneHotFloat(tf: Tf, labels: TfTensor, depth: number): TfTensor {
  return tf.cast(tf.oneHot(labels, depth), 'float32');
}
