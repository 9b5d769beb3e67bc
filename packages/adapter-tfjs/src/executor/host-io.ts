import type { HostTensor } from '@bench/core';
import type { Tf, TfTensor } from '../tf-types';

/** Uploads a host tensor to the active tfjs engine. */
export function toTf(tf: Tf, t: HostTensor): TfTensor {
  return tf.tensor(t.data, [...t.shape], t.dtype);
}

/** Reads a tfjs tensor back (`await data()`, never dataSync, which fails on WebGPU in Node). */
export async function toHost(t: TfTensor): Promise<HostTensor> {
  const data = await t.data();
  if (t.dtype === 'int32') {
    return {
      dtype: 'int32',
      shape: [...t.shape],
      data: data instanceof Int32Array ? data : Int32Array.from(data as ArrayLike<number>),
    };
  }
  return {
    dtype: 'float32',
    shape: [...t.shape],
    data: data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>),
  };
}
