/**
 * The compiler on real-model layers (batch norm, projection shortcuts, depthwise convolutions,
 * ReLU6, global average pooling): every parameter gradient of the train graph against central
 * finite differences of its loss (float64), the running-statistics updates, and frozen layers.
 */
import { describe, expect, it } from 'vitest';
import type { Program } from '../ir/graph';
import { executeGraph } from '../reference/execute-graph';
import type { RefTensor } from '../reference/ref-tensor';
import { mobilenetV2 } from '../spec/builders/mobilenet-v2';
import { resnet18 } from '../spec/builders/resnet18';
import type { ModelSpec } from '../spec/model-spec';
import { Rng } from '../util/random';
import { compile } from './compile';
import { frozenExceptBatchNorm } from './frozen-except-batch-norm';
import { initWeights } from './init-weights';

function feeds(program: Program, batch: number, seed: number): Record<string, RefTensor> {
  const rng = new Rng(seed);
  const shape = [batch, ...program.x.shape.slice(1)];
  const n = shape.reduce((a, b) => a * b, 1);
  const out: Record<string, RefTensor> = {
    x: { dtype: 'float32', shape, data: Float64Array.from({ length: n }, () => rng.uniform(-1, 1)) },
    y: {
      dtype: 'int32',
      shape: [batch],
      data: Int32Array.from({ length: batch }, () => rng.int(program.numClasses)),
    },
    step: { dtype: 'int32', shape: [], data: Int32Array.of(1) },
  };
  const w = initWeights(program, seed);
  for (const p of program.params) {
    const data = Float64Array.from(w[p.name]!.data as Float32Array);
    // Non-trivial batch-norm affine parameters and running statistics.
    if (p.init.kind === 'ones' || p.init.kind === 'zeros')
      for (let i = 0; i < data.length; i++) data[i]! += rng.uniform(0, 0.5);
    out[p.name] = { dtype: 'float32', shape: p.shape, data };
  }
  return out;
}

/** Loss and, from SGD with lr 1 (p_new = p - g), every trainable parameter's gradient. */
function run(program: Program, f: Record<string, RefTensor>) {
  const out = executeGraph(program.train, f, { precision: 'float64' });
  return { out, loss: out[program.train.outputs[0]!]!.data[0]! };
}

function checkGradients(spec: ModelSpec, batch: number, picks: number, only = /./): void {
  const program = compile(spec, { optimizer: { kind: 'sgd', lr: 1 } });
  const f = feeds(program, batch, 3);
  const { out } = run(program, f);
  const rng = new Rng(9);
  let checked = 0;
  for (const u of program.updates) {
    const p = program.params.find((q) => q.name === u.target);
    if (!p?.trainable || !only.test(p.name)) continue;
    const cur = f[p.name]!.data as Float64Array;
    const next = out[u.value]!.data;
    for (let k = 0; k < picks; k++) {
      const i = rng.int(cur.length);
      const analytic = cur[i]! - next[i]!;
      const v = cur[i]!;
      const h = 1e-6;
      cur[i] = v + h;
      const up = run(program, f).loss;
      cur[i] = v - h;
      const down = run(program, f).loss;
      cur[i] = v;
      const numeric = (up - down) / (2 * h);
      expect(
        Math.abs(analytic - numeric),
        `${p.name}[${i}]: analytic ${analytic}, numeric ${numeric}`,
      ).toBeLessThan(1e-6 + 1e-4 * Math.abs(numeric));
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(10);
}

describe('compile: real-model layers', () => {
  it('resnet18 (width 2, one block per stage): train-graph gradients match finite differences', () => {
    checkGradients(resnet18({ inputShape: [16, 16, 3], classes: 3, width: 2, blocks: [1, 1, 1, 1] }), 3, 2);
  });

  it('mobilenetV2 (width 0.1, dropout 0): train-graph gradients match finite differences', () => {
    // The stem, a t = 1 block, an inverted residual with its skip, the last conv and the classifier.
    const only = /^(features\.(0|1|3|17|18)\.|classifier)/;
    checkGradients(
      mobilenetV2({ inputShape: [16, 16, 3], classes: 3, widthMult: 0.1, dropout: 0 }),
      2,
      2,
      only,
    );
  });

  it('batch norm moves its running statistics by momentum in train, and eval uses them', () => {
    const spec: ModelSpec = {
      specVersion: 1,
      name: 'bn',
      input: { shape: [3] },
      layers: [
        { type: 'batchNorm', name: 'bn', momentum: 0.25 },
        { type: 'dense', name: 'fc', units: 2 },
        { type: 'softmax' },
      ],
    };
    const program = compile(spec, { optimizer: { kind: 'sgd', lr: 0.1 } });
    const stats = program.params.filter((p) => p.buffer).map((p) => [p.name, p.trainable]);
    expect(stats).toEqual([
      ['bn/running_mean', false],
      ['bn/running_var', false],
    ]);
    expect(program.updates.map((u) => u.target)).toEqual([
      'bn/scale',
      'bn/bias',
      'fc/kernel',
      'fc/bias',
      'bn/running_mean',
      'bn/running_var',
    ]);
    const f = feeds(program, 4, 5);
    const x = f.x!.data;
    const out = executeGraph(program.train, f, { precision: 'float64' });
    for (let c = 0; c < 3; c++) {
      const col = [0, 1, 2, 3].map((r) => x[r * 3 + c]!);
      const mean = col.reduce((a, b) => a + b, 0) / 4;
      const unbiased = col.reduce((a, b) => a + (b - mean) ** 2, 0) / 3;
      expect(out['bn/running_mean/new']!.data[c]).toBeCloseTo(
        0.75 * f['bn/running_mean']!.data[c]! + 0.25 * mean,
        12,
      );
      expect(out['bn/running_var/new']!.data[c]).toBeCloseTo(
        0.75 * f['bn/running_var']!.data[c]! + 0.25 * unbiased,
        12,
      );
    }
    expect(program.evaluate.nodes.map((n) => n.op)).toContain('batchNormInference');
    expect(program.evaluate.nodes.map((n) => n.op)).not.toContain('batchNorm');
  });

  it('a frozen batch-norm layer uses and keeps its running statistics; its input gradient still flows', () => {
    const spec: ModelSpec = {
      specVersion: 1,
      name: 'bn-frozen',
      input: { shape: [4, 4, 2] },
      layers: [
        { type: 'conv2d', name: 'conv', filters: 3, kernelSize: 3, padding: [1, 1, 1, 1], useBias: false },
        { type: 'batchNorm', name: 'bn' },
        { type: 'clip', name: 'relu6', min: 0, max: 6 },
        { type: 'globalAvgPool2d', name: 'gap' },
        { type: 'dense', name: 'fc', units: 2 },
        { type: 'softmax' },
      ],
    };
    const program = compile(spec, { optimizer: { kind: 'sgd', lr: 1 }, frozen: ['bn'] });
    const ops = program.train.nodes.map((n) => n.op);
    expect(ops).toContain('batchNormInference');
    expect(ops).toContain('batchNormInferenceGrad');
    expect(ops).not.toContain('batchNorm');
    expect(program.updates.map((u) => u.target)).toEqual(['conv/kernel', 'fc/kernel', 'fc/bias']);
    checkGradients(spec, 3, 3);
  });

  it("fastai's train_bn: a frozen body keeps training its batch-norm layers (affine parameters and running statistics)", () => {
    const spec = resnet18({ inputShape: [16, 16, 3], classes: 2, width: 2, blocks: [1, 1, 1, 1] });
    const frozen = frozenExceptBatchNorm(spec, ['body']);
    expect(frozen).toContain('conv1');
    expect(frozen).toContain('layer2.0.downsample.0');
    expect(frozen).not.toContain('bn1');
    expect(frozen).not.toContain('layer2.0.downsample.1');
    expect(frozen).not.toContain('fc');
    const program = compile(spec, { optimizer: { kind: 'sgd', lr: 0.1 }, frozen });
    const targets = program.updates.map((u) => u.target);
    expect(targets).toContain('bn1/scale');
    expect(targets).toContain('bn1/running_mean');
    expect(targets).toContain('fc/kernel');
    expect(targets).not.toContain('conv1/kernel');
    expect(targets).not.toContain('layer1.0.conv1/kernel');
  });
});
