import { cpus } from 'node:os';
import type { Tf } from '../tf-types';
import { makeEngine } from './make-engine';
import { quietTfjs } from './quiet';
import type { TfjsEngine } from './tfjs-engine';

/**
 * Loads tfjs's pure-JavaScript `cpu` backend (single-threaded, no SIMD). Always available where
 * the package is installed; the slowest tfjs engine, and the closest to the reference executor.
 */
export async function loadCpuEngine(): Promise<TfjsEngine> {
  const tf = (await import('@tensorflow/tfjs-core')) as Tf;
  await import('@tensorflow/tfjs-backend-cpu');
  quietTfjs(tf);
  return makeEngine(tf, 'cpu', () => `cpu (tfjs pure JS, 1 of ${cpus().length} threads)`);
}
