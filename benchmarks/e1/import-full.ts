/**
 * Full-size check of `importOnnx` on torchvision's own exports (not a test: minutes of CPU):
 * `export-torchvision.py OUT --full` writes resnet18.onnx and mobilenetv2.onnx (224x224, 1,000
 * classes, random weights, batch norm kept). For each: import, predict on reference and
 * onnxruntime-cpu and compare with onnxruntime's own inference of the file (max |p - p_ort| and
 * whether the predicted classes agree); then a new 2-class head, 2 fine-tuning steps on
 * onnxruntime-cpu, exportOnnx and re-import (weights equal). Prints one JSON line per model.
 *
 *   /usr/bin/python3 packages/adapter-onnxruntime/scripts/export-torchvision.py /tmp/tv --full
 *   npx vite-node -c vitest.shared.ts benchmarks/e1/import-full.ts -- /tmp/tv
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOnnxruntimeBackend, importOnnx } from '@bench/adapter-onnxruntime';
import { compile, createReferenceBackend, initWeights } from '@bench/core';
import * as ort from 'onnxruntime-node';
import { maxDiff, softmaxRows, toNhwc } from '../../packages/adapter-onnxruntime/src/import/compare-outputs';

const dir = process.argv.at(-1) ?? '/tmp/tv';

const argmaxRows = (p: ArrayLike<number>, k: number) =>
  Array.from({ length: p.length / k }, (_, r) => {
    let best = 0;
    for (let j = 1; j < k; j++) if (p[r * k + j]! > p[r * k + best]!) best = j;
    return best;
  });

for (const name of ['resnet18', 'mobilenetv2']) {
  const path = join(dir, `${name}.onnx`);
  const meta = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { inputShape: number[] };
  const input = new Float32Array(readFileSync(join(dir, `${name}.input.bin`)).buffer.slice(0));
  const s = await ort.InferenceSession.create(path);
  const out = await s.run({ [s.inputNames[0]!]: new ort.Tensor('float32', input, meta.inputShape) });
  const expected = softmaxRows(out[s.outputNames[0]!]!.data as Float32Array, 1000);
  await s.release();
  const { spec, weights } = await importOnnx(path);
  const program = compile(spec, { optimizer: { kind: 'sgd', lr: 0.01 } });
  const x = toNhwc(input, meta.inputShape);
  const result: Record<string, unknown> = { model: name, layers: spec.layers.length };
  for (const [backend, make] of [
    ['reference', async () => createReferenceBackend()],
    ['onnxruntime-cpu', () => createOnnxruntimeBackend('cpu')],
  ] as const) {
    const session = await (await make()).compile(program, { weights });
    const probs = (await session.predict(x)).data;
    result[backend] = {
      maxAbsProbDiff: maxDiff(probs, expected),
      sameClasses: argmaxRows(probs, 1000).join() === argmaxRows(expected, 1000).join(),
    };
    await session.dispose();
  }
  // A new 2-class head, two fine-tuning steps, export and re-import.
  const tuned = await importOnnx(path, { classes: 2 });
  const tProgram = compile(tuned.spec, { optimizer: { kind: 'sgd', lr: 0.01 }, frozen: ['body'] });
  const session = await (await createOnnxruntimeBackend('cpu')).compile(tProgram, {
    weights: { ...initWeights(tProgram, 1), ...tuned.weights },
  });
  const n = meta.inputShape[0]!;
  const batch = {
    x,
    y: { dtype: 'int32' as const, shape: [n], data: Int32Array.from({ length: n }, (_, i) => i % 2) },
  };
  const losses = [await session.trainStep(batch), await session.trainStep(batch)];
  const file = join(mkdtempSync(join(tmpdir(), 'bench-import-full-')), `${name}-tuned.onnx`);
  await session.exportOnnx!(file);
  const again = await importOnnx(file);
  const trained = await session.getWeights();
  let worst = 0;
  for (const [k, t] of Object.entries(trained))
    worst = Math.max(worst, maxDiff(again.weights[k]!.data, t.data));
  result.fineTune = { losses, reimportMaxWeightDiff: worst };
  await session.dispose();
  console.log(JSON.stringify(result));
}
