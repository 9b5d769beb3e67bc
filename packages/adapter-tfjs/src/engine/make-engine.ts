import type { Tf } from '../tf-types';
import { activateEngine } from './activate';
import { detectFeatures } from './engine-features';
import type { TfjsEngine } from './tfjs-engine';

/**
 * Builds a TfjsEngine for a tfjs backend that is registered in `tf` and initialises with
 * `setBackend`. Throws with a message naming the backend when it does not initialise.
 */
export async function makeEngine(
  tf: Tf,
  engineName: string,
  device: (tf: Tf) => string,
  onDispose?: () => Promise<void> | void,
): Promise<TfjsEngine> {
  if (!tf.findBackendFactory(engineName)) {
    throw new Error(`tfjs backend "${engineName}" is not registered (was its package imported?)`);
  }
  await activateEngine(tf, engineName);
  const features = await detectFeatures(tf, engineName);
  return {
    features,
    tf,
    engineName,
    device: device(tf),
    activate: () => activateEngine(tf, engineName),
    dispose: async () => {
      await onDispose?.();
    },
  };
}
