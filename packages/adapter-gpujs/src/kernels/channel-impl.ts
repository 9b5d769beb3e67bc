/**
 * Per-channel kernels shared by the batch-norm ops (channels = the last axis): one thread per
 * channel loops over the `count` elements of its channel.
 */
import type { GpuJsEngine } from '../engine/engine';

/** Sources of per-channel sums: of x, and of (x - mean) * (x - mean) or dy * (x - mean) * invStd. */
export function channelSumKernels(engine: GpuJsEngine, op: string, c: number, count: number) {
  return {
    mean: engine.kernel(
      op,
      `function (x) { const ch = this.thread.x; let s = 0.0; for (let r = 0; r < ${count}; r++) { s += x[r * ${c} + ch]; } return s / ${count}.0; }`,
      c,
    ),
    variance: engine.kernel(
      op,
      `function (x, m) { const ch = this.thread.x; let s = 0.0; for (let r = 0; r < ${count}; r++) { const d = x[r * ${c} + ch] - m[ch]; s += d * d; } return s / ${count}.0; }`,
      c,
    ),
    sum: engine.kernel(
      op,
      `function (dy) { const ch = this.thread.x; let s = 0.0; for (let r = 0; r < ${count}; r++) { s += dy[r * ${c} + ch]; } return s; }`,
      c,
    ),
    sumXhat: engine.kernel(
      op,
      `function (dy, x, m, inv) { const ch = this.thread.x; let s = 0.0; for (let r = 0; r < ${count}; r++) { const i = r * ${c} + ch; s += dy[i] * (x[i] - m[ch]) * inv[ch]; } return s; }`,
      c,
    ),
  };
}

/** `const ch = <flat index> mod c;` for elementwise kernels over channels-last tensors. */
export function channelOf(c: number): string {
  return `const i = this.thread.x; const ch = i - Math.floor(i / ${c}) * ${c};`;
}
