/**
 * importOnnx on torchvision exports (generated at test time by PyTorch, skipped with the reason
 * printed where it is absent), on this package's own exports (round trip), and on unsupported
 * nodes. Correctness: Bench's predict on reference and onnxruntime-cpu matches onnxruntime's own
 * inference of the same file (probabilities within 1e-4) and PyTorch's logits.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile, createReferenceBackend, initWeights, paramCount } from '@bench/core';
import type { Backend } from '@bench/core';
import { skipUnavailableTool } from '@bench/testkit';
import { describe, expect, it } from 'vitest';
import { createOnnxruntimeBackend } from '../backend/entries';
import { UnsupportedOnnxOpError } from '../errors/unsupported-onnx-op-error';
import { GraphBuilder, NameScope } from '../onnx/graph-builder';
import { buildModel, encodeModel } from '../onnx/model';
import { DataType } from '../onnx/proto';
import { maxDiff, softmaxRows, toNhwc } from './compare-outputs';
import { importOnnx } from './import-onnx';
import { torchvisionFixtures } from './torchvision-fixtures';

const fixtures = torchvisionFixtures();
// Prints why it skips, or fails where CI provisions torch (BENCH_REQUIRED_TOOLS).
const skipTorch = skipUnavailableTool(
  'torch',
  fixtures.dir !== null,
  fixtures.dir === null ? fixtures.reason : '',
);
const TOL = 1e-4;

async function ortProbs(
  path: string,
  input: Float32Array,
  shape: number[],
  k: number,
): Promise<Float32Array> {
  const ort = await import('onnxruntime-node');
  const s = await ort.InferenceSession.create(path);
  const out = await s.run({ [s.inputNames[0]!]: new ort.Tensor('float32', input, shape) });
  await s.release();
  return softmaxRows(out[s.outputNames[0]!]!.data as Float32Array, k);
}

const backends: [string, () => Promise<Backend>][] = [
  ['reference', async () => createReferenceBackend()],
  ['onnxruntime-cpu', () => createOnnxruntimeBackend('cpu')],
];

describe.skipIf(skipTorch)('importOnnx: torchvision exports', () => {
  const dir = fixtures.dir ?? '';
  for (const file of ['resnet18-tiny-bn', 'resnet18-tiny-folded', 'mobilenetv2-tiny']) {
    it(`${file}: predict on every CPU backend matches onnxruntime's inference of the file`, async () => {
      const path = join(dir, `${file}.onnx`);
      const meta = JSON.parse(readFileSync(join(dir, `${file}.json`), 'utf8')) as {
        inputShape: number[];
        logits: number[];
        classes: number;
      };
      const input = new Float32Array(readFileSync(join(dir, `${file}.input.bin`)).buffer.slice(0));
      const { spec, weights, sourceClasses } = await importOnnx(path);
      expect(sourceClasses).toBe(10);
      expect(spec.groups!.head).toEqual([file.startsWith('resnet') ? 'fc' : 'classifier.1']);
      const kinds = new Set(JSON.stringify(spec.layers).match(/"type":"\w+"/g));
      if (file.endsWith('-bn') || file.startsWith('mobilenet')) expect(kinds).toContain('"type":"batchNorm"');
      const expected = await ortProbs(path, input, meta.inputShape, 10);
      expect(maxDiff(expected, softmaxRows(meta.logits, 10))).toBeLessThan(TOL);
      const program = compile(spec, { optimizer: { kind: 'sgd', lr: 0.01 } });
      for (const [name, make] of backends) {
        const session = await (await make()).compile(program, { weights });
        const probs = (await session.predict(toNhwc(input, meta.inputShape))).data;
        const err = maxDiff(probs, expected);
        console.info(
          `[importOnnx] ${file} on ${name}: max |p - p_ort| = ${err.toExponential(2)} (tolerance ${TOL})`,
        );
        expect(err, name).toBeLessThan(TOL);
        await session.dispose();
      }
    }, 120_000);
  }

  it('resnet18 with BatchNormalization kept: a new 2-class head, a few fine-tuning steps, export and re-import', async () => {
    const { spec, weights } = await importOnnx(join(dir, 'resnet18-tiny-bn.onnx'), { classes: 2 });
    expect(spec.layers.find((l) => l.name === 'fc')).toMatchObject({ units: 2 });
    expect(weights['fc/kernel']).toBeUndefined();
    const program = compile(spec, { optimizer: { kind: 'sgd', lr: 0.05 }, frozen: ['body'] });
    const session = await (await createOnnxruntimeBackend('cpu')).compile(program, {
      weights: { ...initWeights(program, 3), ...weights },
    });
    const x = new Float32Array(8 * 32 * 32 * 3).map((_, i) => ((i * 7919) % 1000) / 1000);
    const y = Int32Array.from({ length: 8 }, (_, i) => i % 2);
    const batch = {
      x: { dtype: 'float32' as const, shape: [8, 32, 32, 3], data: x },
      y: { dtype: 'int32' as const, shape: [8], data: y },
    };
    const losses = [];
    for (let s = 0; s < 4; s++) losses.push(await session.trainStep(batch));
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[3]!).toBeLessThan(losses[0]!);
    const out = join(mkdtempSync(join(tmpdir(), 'bench-import-')), 'tuned.onnx');
    await session.exportOnnx!(out);
    const again = await importOnnx(out);
    const trained = await session.getWeights();
    expect(Object.keys(again.weights).sort()).toEqual(Object.keys(trained).sort());
    for (const [name, t] of Object.entries(trained))
      expect(maxDiff(again.weights[name]!.data, t.data), name).toBeLessThan(1e-6);
    expect(paramCount(again.spec)).toBe(paramCount(spec));
    const reSession = await (await createOnnxruntimeBackend('cpu')).compile(
      compile(again.spec, { optimizer: { kind: 'sgd', lr: 0.05 } }),
      {
        weights: again.weights,
      },
    );
    expect(
      maxDiff((await reSession.predict(batch.x)).data, (await session.predict(batch.x)).data),
    ).toBeLessThan(1e-5);
    await session.dispose();
    await reSession.dispose();
  }, 120_000);
});

describe('importOnnx: errors', () => {
  it('an unsupported node is an UnsupportedOnnxOpError naming the node, its op type and the supported ops', async () => {
    const g = new GraphBuilder(new NameScope(), 'g');
    const x = g.addInput({ name: 'x', type: DataType.FLOAT, dims: ['N', 3, 4, 4] });
    const y = g.op1('LeakyRelu', [x], {}, 'y');
    g.addOutput({ name: y, type: DataType.FLOAT });
    const bytes = encodeModel(buildModel(g));
    const error = await importOnnx(bytes).catch((e: unknown) => e);
    expect(UnsupportedOnnxOpError.isInstance(error)).toBe(true);
    expect((error as UnsupportedOnnxOpError).opType).toBe('LeakyRelu');
    expect((error as Error).message).toMatch(
      /ONNX node ".*" \(op LeakyRelu\) cannot be imported.*Supported ops: Conv, BatchNormalization/,
    );
  });
});
