import type { HostTensor } from '@bench/core';
/**
 * Lazy access to onnxruntime-node, so importing this package (e.g. by `bench doctor`) never loads
 * the native engine; only probing or creating a backend does.
 */
import type * as OrtModule from 'onnxruntime-node';

/** The onnxruntime-node module. */
export type Ort = typeof OrtModule;
/** An onnxruntime tensor. */
export type OrtTensor = OrtModule.Tensor;
/** An onnxruntime inference session. */
export type OrtInferenceSession = OrtModule.InferenceSession;

let loading: Promise<Ort> | undefined;

/** Loads onnxruntime-node once (rejects with the loader's own error when it cannot load). */
export function loadOrt(): Promise<Ort> {
  loading ??= import('onnxruntime-node').then(
    (m) => ((m as unknown as { default?: Ort }).default ?? m) as Ort,
  );
  return loading;
}

/** A host tensor as an onnxruntime tensor (shares the data; int32 stays int32). */
export function toOrt(ort: Ort, t: HostTensor): OrtTensor {
  return new ort.Tensor(t.dtype, t.data, [...t.shape]);
}

/** An onnxruntime tensor as a host tensor (copies the data, so later runs cannot alias it). */
export function fromOrt(t: OrtTensor): HostTensor {
  const shape = t.dims.map(Number);
  if (t.type === 'int32') return { dtype: 'int32', shape, data: (t.data as Int32Array).slice() };
  if (t.type === 'int64')
    return { dtype: 'int32', shape, data: Int32Array.from(t.data as BigInt64Array, Number) };
  if (t.type === 'float32') return { dtype: 'float32', shape, data: (t.data as Float32Array).slice() };
  throw new TypeError(`onnxruntime returned a ${t.type} tensor; Bench host tensors are float32 or int32`);
}
