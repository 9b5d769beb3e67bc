import { BenchError } from '@bench/core';

const marker = 'bench.error.tfjs-kernel';
const symbol = Symbol.for(marker);

/**
 * A tfjs engine threw while running the kernel of one IR node. Names the backend, the op, the
 * node and the engine's own message; the cause is kept for stack traces.
 */
export class TfjsKernelError extends BenchError {
  private readonly [symbol] = true;

  constructor(
    readonly backend: string,
    readonly op: string,
    readonly node: string,
    cause: unknown,
  ) {
    const message = cause instanceof Error ? cause.message : String(cause);
    super(
      'BenchError.TfjsKernel',
      `backend "${backend}": op "${op}" (node "${node}") failed in TensorFlow.js: ${message}. ` +
        'Check the input shapes against the op declaration in @bench/core (ir/ops.ts); if they are valid, report it with this message.',
      { cause },
    );
  }

  /** True for a TfjsKernelError from any copy of the package (false for other BenchErrors). */
  static override isInstance(error: unknown): error is TfjsKernelError {
    return BenchError.hasMarker(error, marker);
  }
}
