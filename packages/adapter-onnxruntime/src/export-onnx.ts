/**
 * exportOnnx: writes a plain inference `.onnx` file from a trained onnxruntime session.
 */
import type { Session } from '@bench/core';

/**
 * Writes `session`'s model as a forward-only inference graph (input `x` in canonical layout,
 * output `probs` [N, classes]) with the current trained weights as initializers. Any ONNX
 * runtime loads it. Throws a TypeError for a session from another backend.
 */
export async function exportOnnx(session: Session, path: string): Promise<void> {
  if (!session.exportOnnx) {
    throw new TypeError(
      `exportOnnx: session of backend "${session.backend}" is not an onnxruntime session; compile the program on onnxruntime-cpu or onnxruntime-cuda`,
    );
  }
  await session.exportOnnx(path);
}
