/**
 * The batch split (BENCH_ORT_SPLIT=k, batch-split.ts): a training step lowered in k parts gives
 * the unsplit step's loss and updated weights (CNN + Adam + dropout, batches that do not divide
 * evenly and batches smaller than k), and programs it cannot split exactly stay whole.
 */
import { Rng, cifarCnn, compile, inferGraph, initWeights } from '@bench/core';
import type { ModelSpec, Program } from '@bench/core';
import { skipUnavailableBackend } from '@bench/testkit';
import { describe, expect, it } from 'vitest';
import { buildStepModel } from '../backend/models';
import { probeCpu } from '../backend/probe';
import { encodeModel } from '../onnx/model';
import type { OnnxNamespace } from '../onnx/proto';
import { loadOrt } from '../ort/runtime';
import { splittableNodes } from './batch-split';

const probe = await probeCpu(1);
skipUnavailableBackend('onnxruntime-cpu', probe);

function withSplit<T>(parts: string | undefined, f: () => T): T {
  const saved = process.env.BENCH_ORT_SPLIT;
  if (parts === undefined) Reflect.deleteProperty(process.env, 'BENCH_ORT_SPLIT');
  else process.env.BENCH_ORT_SPLIT = parts;
  try {
    return f();
  } finally {
    if (saved === undefined) Reflect.deleteProperty(process.env, 'BENCH_ORT_SPLIT');
    else process.env.BENCH_ORT_SPLIT = saved;
  }
}

const isSplit = (m: OnnxNamespace.IModelProto) =>
  (m.graph!.node ?? []).some((q) => q.output![0] === 'split.n');

const cnn = compile(cifarCnn({ inputShape: [8, 8, 3] }), { optimizer: { kind: 'adam', lr: 0.01 } });

describe.skipIf(!probe.available)('batch split of the training step', () => {
  it.each([
    [2, 5],
    [3, 7],
    [3, 2],
    [2, 1],
  ])('%i parts, batch %i: same loss and weights as the whole batch', async (parts, batch) => {
    const ort = await loadOrt();
    const run = async (program: Program, model: OnnxNamespace.IModelProto) => {
      const rng = new Rng(batch);
      const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {
        x: new ort.Tensor(
          'float32',
          Float32Array.from({ length: batch * 8 * 8 * 3 }, () => rng.uniform(-1, 1)),
          [batch, 8, 8, 3],
        ),
        y: new ort.Tensor(
          'int32',
          Int32Array.from({ length: batch }, () => rng.int(10)),
          [batch],
        ),
        step: new ort.Tensor('int32', Int32Array.of(3), []),
      };
      for (const [k, v] of Object.entries(initWeights(program, 1)))
        feeds[k] = new ort.Tensor('float32', v.data as Float32Array, [...v.shape]);
      for (const s of program.state) {
        const size = s.shape.reduce((a, b) => a * b, 1);
        feeds[s.name] = new ort.Tensor(
          'float32',
          Float32Array.from({ length: size }, () => rng.uniform(0, 0.01)),
          [...s.shape],
        );
      }
      const session = await ort.InferenceSession.create(encodeModel(model), { intraOpNumThreads: 1 });
      try {
        return await session.run(feeds);
      } finally {
        await session.release();
      }
    };
    const whole = withSplit(undefined, () => buildStepModel(cnn, 'onnxruntime-cpu'));
    const split = withSplit(String(parts), () => buildStepModel(cnn, 'onnxruntime-cpu'));
    expect(isSplit(whole)).toBe(false);
    expect(isSplit(split)).toBe(true);
    const [a, b] = [await run(cnn, whole), await run(cnn, split)];
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const name of Object.keys(a)) {
      const [x, y] = [a[name]!.data as Float32Array, b[name]!.data as Float32Array];
      let err = 0;
      for (let i = 0; i < x.length; i++) err = Math.max(err, Math.abs(x[i]! - y[i]!));
      expect(err, `${name} max abs difference`).toBeLessThanOrEqual(name === 'loss' ? 1e-6 : 2e-6);
    }
  });

  it('keeps programs with batch statistics (batch norm) whole', () => {
    const spec: ModelSpec = {
      specVersion: 1,
      name: 'bn',
      input: { shape: [4, 4, 2] },
      layers: [
        { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same' },
        { type: 'batchNorm' },
        { type: 'flatten' },
        { type: 'dense', units: 3 },
        { type: 'softmax' },
      ],
    };
    const bn = compile(spec, { optimizer: { kind: 'sgd', lr: 0.1 } });
    expect(splittableNodes(bn.train, inferGraph(bn.train))).toBeUndefined();
    expect(splittableNodes(cnn.train, inferGraph(cnn.train))?.size).toBeGreaterThan(0);
    expect(isSplit(withSplit('2', () => buildStepModel(bn, 'onnxruntime-cpu')))).toBe(false);
    expect(() => withSplit('17', () => buildStepModel(cnn, 'onnxruntime-cpu'))).toThrow(/BENCH_ORT_SPLIT/);
  });
});
