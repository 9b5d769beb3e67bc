import { defineKernel } from './kernel';
import { rowStats } from './softmax';

/** softmaxCrossEntropyGrad: (softmax(z) - onehot(label)) / N, one element per thread. */
export const softmaxCrossEntropyGradKernel = defineKernel({
  op: 'softmaxCrossEntropyGrad',
  build({ engine, inputs }) {
    const [n, k] = inputs[0]!.shape as [number, number];
    const src = `function (z, labels) {
  const i = this.thread.x;
  const row = Math.floor(i / ${k});
  const col = i - row * ${k};
  const rb = row * ${k};
  ${rowStats('z', k)}
  let p = Math.exp(z[i] - mx) / se;
  if (col === labels[row]) { p = p - 1.0; }
  return p / ${n}.0;
}`;
    const kernel = engine.kernel('softmaxCrossEntropyGrad', src, n * k);
    return async ([z, labels]) => [await engine.call(kernel, [z!.buffer, labels!.buffer])];
  },
});
