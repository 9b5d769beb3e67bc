import { BenchError } from '@bench/core';

const marker = 'bench.error.no-webgpu-adapter';
const symbol = Symbol.for(marker);

/** Raised by the WebGPU loader when Dawn loads but finds no adapter (no Vulkan device/driver). */
export class NoWebgpuAdapterError extends BenchError {
  private readonly [symbol] = true;

  constructor() {
    super(
      'BenchError.NoWebgpuAdapter',
      'Dawn (npm "webgpu") loaded but navigator.gpu.requestAdapter() returned null: no Vulkan device or driver was found',
    );
  }

  /** True for a NoWebgpuAdapterError from any copy of the package. */
  static override isInstance(error: unknown): error is NoWebgpuAdapterError {
    return BenchError.hasMarker(error, marker);
  }
}
