import type { Tf } from '../tf-types';

/**
 * Switches tfjs's global active backend to `engineName` unless it already is. Reads
 * `engine().backendName` rather than `getBackend()`, which would initialise the
 * highest-priority registered backend (possibly WebGPU) as a side effect.
 */
export async function activateEngine(tf: Tf, engineName: string): Promise<void> {
  if (tf.engine().backendName === engineName) return;
  const ok = await tf.setBackend(engineName);
  if (!ok) {
    throw new Error(`tf.setBackend("${engineName}") failed: the tfjs backend did not initialise`);
  }
}
