import type { Tf } from '../tf-types';

/** Behaviours of a tfjs engine that kernels must know about, measured when it loads. */
export interface EngineFeatures {
  /** The engine's MaxPoolGrad kernel sends a tied window's gradient to the first maximum. */
  readonly maxPoolGradFirstMax: boolean;
}

/**
 * Measures the engine's features on tiny inputs (the active backend must be `engineName`).
 * MaxPoolGrad: one 2x2 window [5, 5, 1, 0] with dy = 1 must give dx = [1, 0, 0, 0].
 */
export async function detectFeatures(tf: Tf, engineName: string): Promise<EngineFeatures> {
  let maxPoolGradFirstMax = false;
  if (tf.getKernel('MaxPoolGrad', engineName)) {
    const x = tf.tensor4d([5, 5, 1, 0], [1, 2, 2, 1]);
    const dy = tf.tensor4d([1], [1, 1, 1, 1]);
    const y = tf.maxPool(x, 2, 2, 'valid');
    const dx = tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: y }, {
      filterSize: [2, 2],
      strides: [2, 2],
      pad: 'valid',
    } as unknown as Record<string, never>) as ReturnType<Tf['tensor']>;
    const got = Array.from(await dx.data());
    maxPoolGradFirstMax = got.join(',') === '1,0,0,0';
    tf.dispose([x, dy, y, dx]);
  }
  return { maxPoolGradFirstMax };
}
