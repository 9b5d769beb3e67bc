import { convOutputSize } from '@bench/core';
import { defineKernel } from './kernel';
import { decodeIndex } from './source';

/** Threads wanted in flight for the split-K reduction on GPU modes. */
const GPU_THREADS = 16384;

/**
 * conv2dGradFilter as an implicit GEMM dw [KH*KW*C, M] = patches^T [KH*KW*C, N*OH*OW] x
 * dy [N*OH*OW, M], with split-K on GPU modes: the batch is cut into S slices, one kernel writes
 * S partial filters (S times the parallelism of a filter-sized grid, which is small), a second
 * sums them. CPU modes use S = 1 (no partials). Grouped: filter [KH, KW, C/groups, M], input
 * channel = group of om * C/groups + the filter's input index.
 */
export const conv2dGradFilterKernel = defineKernel({
  op: 'conv2dGradFilter',
  build({ engine, inputs, outputs, node }) {
    const [n, h, w, c] = inputs[0]!.shape as [number, number, number, number];
    const [, oh, ow, m] = inputs[1]!.shape as [number, number, number, number];
    const [kh, kw, cg] = outputs[0]!.shape as [number, number, number, number];
    const mg = m / (node.attrs.groups ?? 1);
    const [sh, sw] = node.attrs.strides;
    const pt = convOutputSize(h, kh, sh, node.attrs.padding, 0).padBefore;
    const pl = convOutputSize(w, kw, sw, node.attrs.padding, 1).padBefore;
    const p = kh * kw * cg * m;
    const gpu = engine.mode === 'webgpu' || engine.mode === 'gl';
    const slices = gpu ? Math.max(1, Math.min(n, Math.ceil(GPU_THREADS / p))) : 1;
    const per = Math.ceil(n / slices);
    const src = `function (x, dy) {
  const i = this.thread.x;
  const sl = Math.floor(i / ${p});
  const o = i - sl * ${p};
  ${decodeIndex('o', [
    ['ky', kh],
    ['kx', kw],
    ['icl', cg],
    ['om', m],
  ])}
  const ic = Math.floor(om / ${mg}) * ${cg} + icl;
  let s = 0.0;
  for (let nn = 0; nn < ${per}; nn++) {
    const bn = sl * ${per} + nn;
    if (bn < ${n}) {
      for (let oy = 0; oy < ${oh}; oy++) {
        const iy = oy * ${sh} - ${pt} + ky;
        if (iy >= 0 && iy < ${h}) {
          for (let ox = 0; ox < ${ow}; ox++) {
            const ix = ox * ${sw} - ${pl} + kx;
            if (ix >= 0 && ix < ${w}) {
              s += x[((bn * ${h} + iy) * ${w} + ix) * ${c} + ic] * dy[((bn * ${oh} + oy) * ${ow} + ox) * ${m} + om];
            }
          }
        }
      }
    }
  }
  return s;
}`;
    const k = engine.kernel('conv2dGradFilter', src, slices * p);
    if (slices === 1) return async ([x, dy]) => [await engine.call(k, [x!.buffer, dy!.buffer])];
    const sum = engine.kernel(
      'conv2dGradFilter',
      `function (part) { const o = this.thread.x; let s = 0.0; for (let sl = 0; sl < ${slices}; sl++) { s += part[sl * ${p} + o]; } return s; }`,
      p,
    );
    return async ([x, dy]) => {
      const part = await engine.call(k, [x!.buffer, dy!.buffer]);
      const out = await engine.call(sum, [part]);
      engine.release(part);
      return [out];
    };
  },
});
