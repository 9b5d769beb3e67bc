import { defineKernel } from './kernel';
import { legacyWasmGrads } from './legacy-wasm-grads';

/**
 * matmul: y = op(a) @ op(b) with tfjs's matMul. On tfjs-wasm a transposed `a` is transposed
 * explicitly first: its BatchMatMul with transposeA took 495 ms for E4's [250,1024]^T x [250,256]
 * weight gradient (0.26 GFLOP/s), far more than a transpose plus a plain product.
 */
export const matmulKernel = defineKernel({
  op: 'matmul',
  run: ([a, b], attrs, { tf, engineName }) => {
    const transA = attrs.transA ?? false;
    if (transA && engineName === 'wasm' && !legacyWasmGrads())
      return [tf.matMul(tf.transpose(a!), b!, false, attrs.transB ?? false)];
    return [tf.matMul(a!, b!, transA, attrs.transB ?? false)];
  },
});
