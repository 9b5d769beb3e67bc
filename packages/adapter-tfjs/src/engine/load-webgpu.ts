import { NoWebgpuAdapterError } from '../errors/no-webgpu-adapter-error';
import type { Tf } from '../tf-types';
import { installNavigatorGpu } from './install-navigator-gpu';
import { makeEngine } from './make-engine';
import { quietTfjs } from './quiet';
import type { TfjsEngine } from './tfjs-engine';

/**
 * Loads tfjs's `webgpu` backend on Dawn (npm `webgpu`, Vulkan underneath). Order matters: the
 * globals and `navigator.gpu` are installed first, then tfjs-backend-webgpu is imported
 * dynamically so that it registers itself. Disposing the engine destroys the GPU device (else
 * the process does not exit) and re-registers the backend factory so a later load works.
 */
export async function loadWebgpuEngine(): Promise<TfjsEngine> {
  const gpu = await installNavigatorGpu();
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new NoWebgpuAdapterError();
  const info = adapter.info ?? {};
  const name =
    info.description ||
    [info.vendor, info.architecture, info.device].filter(Boolean).join(' ') ||
    'unknown adapter';
  const tf = (await import('@tensorflow/tfjs-core')) as Tf;
  await import('@tensorflow/tfjs-backend-webgpu');
  quietTfjs(tf);
  const factory = tf.findBackendFactory('webgpu');
  return makeEngine(
    tf,
    'webgpu',
    () => `webgpu (Dawn: ${name})`,
    () => {
      const backend = tf.findBackend('webgpu') as unknown as { device?: { destroy(): void } } | null;
      if (!backend) return;
      tf.removeBackend('webgpu');
      backend.device?.destroy();
      if (factory) tf.registerBackend('webgpu', factory, 3);
    },
  );
}
