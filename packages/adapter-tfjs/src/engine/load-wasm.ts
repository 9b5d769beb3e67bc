import type { Tf } from '../tf-types';
import { makeEngine } from './make-engine';
import { quietTfjs } from './quiet';
import type { TfjsEngine } from './tfjs-engine';

/**
 * Loads tfjs's `wasm` backend (XNNPACK compiled to WebAssembly). Under Node, SIMD is detected
 * and used, but threads are hard-wired off by tfjs (`setThreadsCount` is ignored and forcing the
 * threaded build fails with ERR_WORKER_PATH): it runs on one core.
 */
export async function loadWasmEngine(): Promise<TfjsEngine> {
  const tf = (await import('@tensorflow/tfjs-core')) as Tf;
  await import('@tensorflow/tfjs-backend-wasm');
  quietTfjs(tf);
  return makeEngine(tf, 'wasm', (t) => {
    const simd = t.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD';
    return `wasm (XNNPACK, ${simd}, 1 thread)`;
  });
}
