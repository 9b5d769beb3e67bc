import { BenchError } from '@bench/core';

const marker = Symbol.for('bench.error.unsupported-onnx-op');

/**
 * `importOnnx` met a node it cannot turn into ModelSpec layers: an op outside the supported set,
 * or a supported op with an attribute value Bench cannot express (dilations, ceil_mode, ...). The
 * message names the node, its op type, what was wrong and the list of supported ops.
 */
export class UnsupportedOnnxOpError extends BenchError {
  private readonly [marker] = true;

  constructor(
    readonly node: string,
    readonly opType: string,
    readonly supported: readonly string[],
    detail = '',
  ) {
    super(
      'BenchError.UnsupportedOnnxOp',
      `ONNX node "${node}" (op ${opType}) cannot be imported${detail ? `: ${detail}` : ''}. ` +
        `Supported ops: ${supported.join(', ')}. Export the model with only these ops (opset 13-18), or extend the importer (src/import).`,
    );
  }

  /** True for an UnsupportedOnnxOpError from any copy of this package. */
  static override isInstance(error: unknown): error is UnsupportedOnnxOpError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
