/**
 * The E3 inputs of the PyTorch reference, made by @bench/core exactly as `bench run e3` makes
 * them (disc data set of 1000 points, seed 0; the MLP's initial weights for seed 0), in the
 * layout of benchmarks/onnxruntime/e3.ts: per depth one float32 file holding x, then each
 * layer's kernel [in, out] and bias; the labels as int32.
 *
 *   node e3-data.mjs DIR 2,4,6,8,10,12
 *
 * Writes DIR/e3-<depth>.bin, DIR/e3-labels.bin and DIR/e3-meta.json ({ n, batch, depths: { depth: sizes } }).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, discDataset, initWeights, mlp } from '@bench/core';

const [dir, depthsArg] = process.argv.slice(2);
const depths = (depthsArg ?? '').split(',').map(Number);
if (!dir || depths.length === 0 || depths.some((d) => !(Number.isInteger(d) && d >= 2 && d <= 12))) {
  console.error('usage: e3-data.mjs DIR DEPTHS (comma-separated, 2..12)');
  process.exit(2);
}
const N = 1000;
const seed = 0;
const ds = discDataset({ n: N, seed });
const meta = { n: N, batch: 100, lr: 0.1, seed, depths: {} };
for (const depth of depths) {
  const program = compile(mlp({ layers: depth }), { optimizer: { kind: 'sgd', lr: 0.1 }, seed });
  const w = initWeights(program, seed);
  const sizes = [2];
  const parts = [ds.x];
  for (let i = 1; i <= depth; i++) {
    const kernel = w[`dense_${i}/kernel`];
    const bias = w[`dense_${i}/bias`];
    if (!kernel || !bias)
      throw new Error(`mlp(${depth}) has no dense_${i}/kernel or bias: the weight names changed`);
    sizes.push(kernel.shape[1]);
    parts.push(kernel.data, bias.data);
  }
  const all = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let off = 0;
  for (const p of parts) {
    all.set(p, off);
    off += p.length;
  }
  writeFileSync(join(dir, `e3-${depth}.bin`), all);
  meta.depths[depth] = sizes;
}
writeFileSync(join(dir, 'e3-labels.bin'), ds.y);
writeFileSync(join(dir, 'e3-meta.json'), `${JSON.stringify(meta)}\n`);
console.log(`E3 data and initial weights for depths ${depths.join(', ')} in ${dir}`);
