/** Conversions between host tensors and engine values at the edges of a graph run. */
import { formatShape } from '@bench/core';
import type { HostTensor, ValueType } from '@bench/core';
import type { DeviceBuffer, GpuJsEngine } from '../engine/engine';
import type { Value } from './executor';

/**
 * Uploads a host tensor. int32 tensors (labels, the step) travel as float32 (exact below 2^24)
 * and int32 scalars keep a host copy so kernels that need the step read no device memory.
 */
export async function toValue(engine: GpuJsEngine, t: HostTensor): Promise<Value> {
  const type: ValueType = { shape: [...t.shape], dtype: t.dtype };
  const data = t.dtype === 'float32' ? (t.data as Float32Array) : Float32Array.from(t.data);
  const buffer = await engine.upload(data);
  return t.dtype === 'int32'
    ? { type, buffer, host: Int32Array.from(t.data as Int32Array) }
    : { type, buffer };
}

/** Reads a value back into a host tensor of its declared dtype. */
export async function toHost(
  engine: GpuJsEngine,
  v: { type: ValueType; buffer: DeviceBuffer },
): Promise<HostTensor> {
  const data = await engine.read(v.buffer);
  if (v.type.dtype === 'int32')
    return { dtype: 'int32', shape: [...v.type.shape], data: Int32Array.from(data, (x) => Math.round(x)) };
  return { dtype: 'float32', shape: [...v.type.shape], data };
}

/** Checks a fed tensor against its declared shape and dtype (-1 matches any size). */
export function checkFeed(
  what: string,
  declared: { shape: number[]; dtype: string },
  t: HostTensor,
  backend: string,
): void {
  const ok =
    t.dtype === declared.dtype &&
    t.shape.length === declared.shape.length &&
    declared.shape.every((d, i) => d === -1 || d === t.shape[i]);
  if (!ok) {
    throw new TypeError(
      `backend "${backend}": input "${what}" must be ${declared.dtype} ${formatShape(declared.shape)}, got ${t.dtype} ${formatShape(t.shape)}; feed a tensor of the declared type`,
    );
  }
}
