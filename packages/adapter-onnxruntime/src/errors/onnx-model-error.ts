import { BenchError } from '@bench/core';

const marker = 'bench.error.onnx-model';
const symbol = Symbol.for(marker);

/**
 * A generated ONNX model failed this package's structural validation (an undefined input, a name
 * used twice across graphs, an opset mismatch). This is a bug in the lowering, never in user
 * input: the message names the graph, node and value so it can be reported and fixed.
 */
export class OnnxModelError extends BenchError {
  private readonly [symbol] = true;

  constructor(
    readonly issues: readonly string[],
    readonly modelName: string,
  ) {
    super(
      'BenchError.OnnxModel',
      `generated ONNX model "${modelName}" is malformed (${issues.length} issue(s)): ${issues.slice(0, 5).join('; ')}` +
        `${issues.length > 5 ? '; ...' : ''}. This is a bug in @bench/adapter-onnxruntime's lowering; please report it with the IR graph`,
    );
  }

  /** True for a OnnxModelError from any copy of the package (false for other BenchErrors). */
  static override isInstance(error: unknown): error is OnnxModelError {
    return BenchError.hasMarker(error, marker);
  }
}
