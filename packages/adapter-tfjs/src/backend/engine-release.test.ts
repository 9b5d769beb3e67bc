import { skipUnavailableBackend } from '@bench/testkit';
/**
 * Engine lifetime on tfjs-webgpu: a probe alone must not leave a GPU device behind (it would keep
 * the process alive), a live backend keeps it, and disposing the last backend releases it.
 * Reads tfjs's engine registry (an internal field) to see whether a webgpu instance exists.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { tfjsWebgpu } from '../backends';

const probe = await tfjsWebgpu.probe();
skipUnavailableBackend('tfjs-webgpu', probe); // warns, or fails where CI requires it
const instance = () => (tf.engine() as unknown as { registry: Record<string, unknown> }).registry.webgpu;

describe.skipIf(!probe.available)(
  `tfjs-webgpu engine release${probe.available ? '' : ` (SKIPPED: ${probe.reason})`}`,
  () => {
    it('probe releases the device, a live backend holds it, the last dispose releases it', async () => {
      expect(instance()).toBeUndefined();
      const backend = await tfjsWebgpu.create();
      expect(instance()).toBeDefined();
      expect((await tfjsWebgpu.probe()).available).toBe(true);
      expect(instance()).toBeDefined();
      await backend.dispose?.();
      expect(instance()).toBeUndefined();
      const again = await tfjsWebgpu.create();
      const out = await again.run(
        {
          inputs: [{ name: 'x', shape: [2], dtype: 'float32' }],
          nodes: [{ op: 'relu', name: 'r', inputs: ['x'], outputs: ['y'], attrs: {} }],
          outputs: ['y'],
        },
        { x: { dtype: 'float32', shape: [2], data: Float32Array.of(-1, 2) } },
      );
      expect(Array.from(out.y!.data)).toEqual([0, 2]);
      await again.dispose?.();
      expect(instance()).toBeUndefined();
    });
  },
);
