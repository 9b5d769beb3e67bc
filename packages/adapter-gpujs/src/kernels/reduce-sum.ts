import { defineKernel } from './kernel';
import { prod } from './source';

/**
 * reduceSum over any axes: one output per thread, looping over the reduced elements. The common
 * bias-gradient case (leading axes reduced, e.g. [N, C] -> [C] or [N,H,W,C] -> [C]) is a strided
 * column sum; the general case decodes the reduced coordinates per iteration.
 */
export const reduceSumKernel = defineKernel({
  op: 'reduceSum',
  build({ engine, inputs, node }) {
    const shape = inputs[0]!.shape;
    const axes = [...new Set(node.attrs.axes)].sort((a, b) => a - b);
    const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const outLen = prod(kept.map((i) => shape[i]!));
    const redLen = prod(axes.map((i) => shape[i]!));
    const strides = shape.map((_, i) => prod(shape.slice(i + 1)));
    const leading = axes.every((a, i) => a === i);
    let src: string;
    if (leading) {
      src = `function (x) { const o = this.thread.x; let s = 0.0; for (let r = 0; r < ${redLen}; r++) { s += x[r * ${outLen} + o]; } return s; }`;
    } else {
      const decode = (idx: string, dims: number[], tag: string) => {
        const lines: string[] = [`let ${tag}rem = ${idx};`, `let ${tag}off = 0;`];
        for (let j = dims.length - 1; j >= 0; j--) {
          const size = shape[dims[j]!]!;
          lines.push(`const ${tag}q${j} = Math.floor(${tag}rem / ${size});`);
          lines.push(`${tag}off += (${tag}rem - ${tag}q${j} * ${size}) * ${strides[dims[j]!]};`);
          lines.push(`${tag}rem = ${tag}q${j};`);
        }
        return lines.join('\n    ');
      };
      src = `function (x) {
  ${decode('this.thread.x', kept, 'k')}
  let s = 0.0;
  for (let r = 0; r < ${redLen}; r++) {
    ${decode('r', axes, 'a')}
    s += x[koff + aoff];
  }
  return s;
}`;
    }
    const k = engine.kernel('reduceSum', src, Math.max(outLen, 1));
    return async ([x]) => [await engine.call(k, [x!.buffer])];
  },
});
