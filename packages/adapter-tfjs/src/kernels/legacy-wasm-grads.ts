/**
 * `BENCH_TFJS_WASM_GRADS=v0` restores the gradient kernels as they were before issue 16
 * (Conv2DBackpropInput, BatchMatMul with transposeA, the slice-per-offset max-pool gradient), so
 * benchmarks can time both in one run (`benchmarks/tfjs/e4.mjs --before`).
 */
export function legacyWasmGrads(): boolean {
  return process.env.BENCH_TFJS_WASM_GRADS === 'v0';
}
