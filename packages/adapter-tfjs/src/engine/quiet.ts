import type { Tf } from '../tf-types';

/**
 * Silences tfjs's console banners ("looks like you are running TensorFlow.js in Node.js ...")
 * by setting the PROD flag, which only turns off tfjs's `warn`/`log` and debug-mode checks.
 * Set `BENCH_TFJS_VERBOSE=1` to keep them.
 */
export function quietTfjs(tf: Tf): void {
  if (process.env.BENCH_TFJS_VERBOSE === '1') return;
  tf.env().set('PROD', true);
}
