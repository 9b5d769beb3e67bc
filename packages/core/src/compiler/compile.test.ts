import { describe, expect, it } from 'vitest';
import { inferGraph } from '../ir/graph';
import type { Program } from '../ir/graph';
import { executeGraph } from '../reference/execute-graph';
import type { RefTensor } from '../reference/ref-tensor';
import { cifarCnn } from '../spec/builders/cifar-cnn';
import { mlp } from '../spec/builders/mlp';
import { smallResnet } from '../spec/builders/small-resnet';
import type { Layer, ModelSpec } from '../spec/model-spec';
import { paramCount } from '../spec/model-stats';
import { Rng } from '../util/random';
import { compile } from './compile';
import { CompileError } from './compile-error';
import { dropoutSeed } from './dropout-seed';
import { initWeights } from './init-weights';

const spec = (inputShape: number[], layers: Layer[]): ModelSpec => ({
  specVersion: 1,
  name: 't',
  input: { shape: inputShape },
  layers,
});

/** A tiny CNN with every layer kind: conv (same and strided valid), relu, pool, residual, flatten, dense, dropout. */
const tinyCnn = spec(
  [6, 6, 2],
  [
    { type: 'conv2d', filters: 3, kernelSize: 3, padding: 'same' },
    { type: 'relu' },
    { type: 'maxPool2d', poolSize: 2, strides: 2, padding: 'same' },
    {
      type: 'residual',
      layers: [
        { type: 'conv2d', filters: 3, kernelSize: 3, padding: 'same' },
        { type: 'relu' },
        { type: 'conv2d', filters: 3, kernelSize: [2, 2], padding: 'same' },
      ],
    },
    { type: 'relu' },
    { type: 'conv2d', filters: 4, kernelSize: 2, strides: 2, padding: 'valid' },
    { type: 'flatten' },
    { type: 'dense', units: 5 },
    { type: 'relu' },
    { type: 'dropout', rate: 0.4 },
    { type: 'dense', units: 3 },
    { type: 'softmax' },
  ],
);
const tinyMlp = spec(
  [3],
  [
    { type: 'dense', units: 5 },
    { type: 'relu' },
    { type: 'dense', units: 4 },
    { type: 'relu' },
    { type: 'dense', units: 3 },
    { type: 'softmax' },
  ],
);

function makeBatch(program: Program, n: number, seed: number): { x: RefTensor; y: RefTensor } {
  const rng = new Rng(seed);
  const shape = program.x.shape.map((d) => (d === -1 ? n : d));
  const size = shape.reduce((p, d) => p * d, 1);
  const x = Float64Array.from({ length: size }, () => rng.uniform(-1, 1));
  const y = Int32Array.from({ length: n }, () => rng.int(program.numClasses));
  return { x: { dtype: 'float32', shape, data: x }, y: { dtype: 'int32', shape: [n], data: y } };
}

function toF64(w: Record<string, RefTensor>): Record<string, RefTensor> {
  return Object.fromEntries(
    Object.entries(w).map(([k, t]) => [k, { ...t, data: Float64Array.from(t.data) }]),
  );
}

/** The train graph with its outputs replaced by the loss and every trainable param's gradient. */
function gradGraph(program: Program) {
  const grads: Record<string, string> = {};
  for (const node of program.train.nodes) {
    if (node.op === 'sgdUpdate' || node.op === 'adamUpdate') grads[node.inputs[0]!] = node.inputs[1]!;
  }
  return { graph: { ...program.train, outputs: ['loss', ...Object.values(grads)] }, grads };
}

/**
 * Checks every trainable parameter's gradient from the compiled train graph against central
 * finite differences of the train-graph loss in float64 (same step, so the same dropout mask),
 * at up to `perParam` random coordinates per parameter.
 */
function checkGradients(program: Program, perParam = 4): number {
  const weights = toF64(initWeights(program, 7));
  const { x, y } = makeBatch(program, 3, 11);
  const step: RefTensor = { dtype: 'int32', shape: [], data: Int32Array.of(2) };
  const state = Object.fromEntries(
    program.state.map((s) => [
      s.name,
      {
        dtype: 'float32' as const,
        shape: s.shape,
        data: new Float64Array(s.shape.reduce((p, d) => p * d, 1)),
      },
    ]),
  );
  const { graph, grads } = gradGraph(program);
  const feeds = () => ({ x, y, step, ...weights, ...state });
  const out = executeGraph(graph, feeds(), { precision: 'float64' });
  const lossOnly = { ...program.train, outputs: ['loss'] };
  const loss = () => executeGraph(lossOnly, feeds(), { precision: 'float64' }).loss!.data[0]!;
  const rng = new Rng(3);
  let worst = 0;
  let checked = 0;
  for (const [param, gradName] of Object.entries(grads)) {
    const w = weights[param]!.data as Float64Array;
    const g = out[gradName]!.data;
    expect(out[gradName]!.shape).toEqual(weights[param]!.shape);
    for (let k = 0; k < Math.min(perParam, w.length); k++) {
      const i = rng.int(w.length);
      const orig = w[i]!;
      const eps = 1e-6;
      w[i] = orig + eps;
      const lp = loss();
      w[i] = orig - eps;
      const lm = loss();
      w[i] = orig;
      const fd = (lp - lm) / (2 * eps);
      const err = Math.abs(fd - g[i]!) / Math.max(1e-3, Math.abs(fd) + Math.abs(g[i]!));
      worst = Math.max(worst, err);
      checked++;
      expect(err, `${param}[${i}]: graph ${g[i]} vs finite difference ${fd}`).toBeLessThan(1e-5);
    }
  }
  expect(checked).toBeGreaterThan(0);
  return worst;
}

describe('compile', () => {
  it('produces graphs that pass inferGraph, with the documented names', () => {
    const p = compile(cifarCnn({ inputShape: [16, 16, 3] }), { optimizer: { kind: 'adam', lr: 1e-3 } });
    for (const g of [p.train, p.evaluate, p.predict]) expect(() => inferGraph(g)).not.toThrow();
    expect(p.params.map((q) => q.name).slice(0, 2)).toEqual(['conv2d_1/kernel', 'conv2d_1/bias']);
    expect(p.state.map((s) => s.name).slice(0, 2)).toEqual(['conv2d_1/kernel/m', 'conv2d_1/kernel/v']);
    expect(p.updates.length).toBe(3 * p.params.length);
    expect(p.train.outputs).toEqual(['loss', ...p.updates.map((u) => u.value)]);
    expect(p.evaluate.outputs).toEqual(['loss', 'errors']);
    expect(p.predict.outputs).toEqual(['probs']);
    expect(p.optimizer).toEqual({ kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(p.evaluate.nodes.some((n) => n.op === 'dropout')).toBe(false);
    expect(p.train.nodes.filter((n) => n.op === 'dropout').length).toBe(2);
    // forward ends at the loss, backward at the first update
    const forwardEnd = p.train.nodes.findIndex((n) => n.op === 'softmaxCrossEntropyGrad');
    const backwardEnd = p.train.nodes.findIndex((n) => n.op.endsWith('Update'));
    expect(p.train.nodes[forwardEnd - 1]!.op).toBe('softmaxCrossEntropy');
    expect(p.train.nodes[forwardEnd]!.op).toBe('softmaxCrossEntropyGrad');
    expect(p.train.nodes.slice(backwardEnd).every((n) => n.op === 'adamUpdate')).toBe(true);
    expect(p.train.nodes.slice(forwardEnd, backwardEnd).some((n) => n.op.endsWith('Update'))).toBe(false);
    // The whole E4 model, the E3 models and the resnet compile too.
    expect(
      compile(cifarCnn(), { optimizer: { kind: 'sgd', lr: 0.1 } }).params.reduce(
        (n, q) => n + q.shape.reduce((a, b) => a * b, 1),
        0,
      ),
    ).toBe(paramCount(cifarCnn()));
    for (const n of [2, 8, 12])
      expect(() => compile(mlp({ layers: n }), { optimizer: { kind: 'sgd', lr: 0.1 } })).not.toThrow();
    expect(() =>
      compile(smallResnet({ inputShape: [16, 16, 3], width: 4 }), { optimizer: { kind: 'adam', lr: 1e-3 } }),
    ).not.toThrow();
  });

  it('derives dropout seeds from the seed option and the layer index, deterministically', () => {
    const seeds = (seed: number) =>
      compile(cifarCnn({ inputShape: [8, 8, 1] }), { optimizer: { kind: 'sgd', lr: 0.1 }, seed })
        .train.nodes.filter((n) => n.op === 'dropout')
        .map((n) => (n.attrs as { seed: number }).seed);
    expect(seeds(5)).toEqual(seeds(5));
    expect(seeds(5)).not.toEqual(seeds(6));
    expect(new Set(seeds(5)).size).toBe(2);
    expect(seeds(5)[0]).toBe(dropoutSeed(5, 15));
    for (const s of seeds(5)) expect(s).toBeLessThan(2 ** 24);
  });

  it('rejects bad options with CompileError naming the option and value', () => {
    expect(() => compile(tinyMlp, { optimizer: { kind: 'sgd', lr: -1 } })).toThrow(/optimizer.*lr.*-1/);
    expect(() => compile(tinyMlp, { optimizer: { kind: 'adam', lr: 1, beta1: 1 } })).toThrow(CompileError);
    expect(() => compile(tinyMlp, { optimizer: { kind: 'sgd', lr: 1 }, frozen: ['nope'] })).toThrow(
      /frozen.*"nope".*dense_1/,
    );
  });

  it('prunes frozen layers: no parameter gradients, no input gradients below the lowest trainable layer', () => {
    const p = compile(tinyCnn, { optimizer: { kind: 'adam', lr: 1e-3 }, frozen: ['conv2d_1'] });
    const names = p.train.nodes.map((n) => n.name);
    expect(names.some((n) => n.startsWith('conv2d_1/grad'))).toBe(false);
    expect(names).not.toContain('max_pool2d_1/grad/input');
    expect(names).not.toContain('conv2d_2/grad/input'); // first conv inside the residual is the lowest trainable
    expect(names).toContain('conv2d_2/grad/kernel');
    expect(names).not.toContain('residual_1/grad/input'); // nothing trainable before the residual
    const all = compile(tinyCnn, { optimizer: { kind: 'sgd', lr: 0.1 } }).train.nodes.map((n) => n.name);
    expect(all).toContain('residual_1/grad/input');
    expect(all).toContain('max_pool2d_1/grad/input');
    expect(all).not.toContain('conv2d_1/grad/input'); // never a gradient for the model input
    expect(p.params.filter((q) => !q.trainable).map((q) => q.name)).toEqual([
      'conv2d_1/kernel',
      'conv2d_1/bias',
    ]);
    expect(p.state.some((s) => s.param.startsWith('conv2d_1/'))).toBe(false);

    const r = smallResnet({ inputShape: [8, 8, 3], width: 2 });
    const head = compile(r, { optimizer: { kind: 'sgd', lr: 0.1 }, frozen: ['body'] });
    expect(
      head.train.nodes
        .slice(head.train.nodes.findIndex((n) => n.op === 'softmaxCrossEntropyGrad'))
        .map((n) => n.name),
    ).toEqual([
      'grad/logits',
      'head_dense/grad/kernel',
      'head_dense/grad/bias',
      'head_dense/kernel/sgdUpdate',
      'head_dense/bias/sgdUpdate',
    ]);
    const frozenBlock = compile(r, { optimizer: { kind: 'sgd', lr: 0.1 }, frozen: ['s1_b1'] });
    expect(frozenBlock.params.filter((q) => !q.trainable).map((q) => q.layer)).toEqual([
      's1_b1_conv1',
      's1_b1_conv1',
      's1_b1_conv2',
      's1_b1_conv2',
    ]);
  });

  it('train-graph gradients match central finite differences in float64 (tiny MLP)', () => {
    const worst = checkGradients(compile(tinyMlp, { optimizer: { kind: 'sgd', lr: 0.1 } }), 6);
    console.info(`tiny MLP: worst relative gradient error ${worst.toExponential(2)}`);
  });

  it('train-graph gradients match central finite differences in float64 (tiny CNN: pool, residual, strided conv, dropout)', () => {
    const p = compile(tinyCnn, { optimizer: { kind: 'adam', lr: 1e-3 }, seed: 1 });
    expect(p.train.nodes.some((n) => n.op === 'dropout')).toBe(true);
    const worst = checkGradients(p, 4);
    console.info(`tiny CNN: worst relative gradient error ${worst.toExponential(2)}`);
    const frozen = compile(tinyCnn, { optimizer: { kind: 'sgd', lr: 0.1 }, frozen: ['conv2d_1', 'dense_2'] });
    checkGradients(frozen, 3);
  });

  it('SGD and Adam updates match a hand-computed step on a one-layer model', () => {
    const one = spec([2], [{ type: 'dense', units: 2 }, { type: 'softmax' }]);
    const x = [0.5, -1, 2, 0.25];
    const labels = [1, 0];
    const W = [0.1, -0.2, 0.3, 0.4];
    const b = [0.05, -0.05];
    // Hand gradient: logits = x W + b; d = (softmax - onehot) / N; dW = x^T d; db = sum_rows d.
    const d: number[] = [];
    for (let r = 0; r < 2; r++) {
      const z = [0, 1].map((j) => x[2 * r]! * W[j]! + x[2 * r + 1]! * W[2 + j]! + b[j]!);
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const s = e[0]! + e[1]!;
      for (let j = 0; j < 2; j++) d.push((e[j]! / s - (labels[r] === j ? 1 : 0)) / 2);
    }
    const dW = [0, 1].flatMap((i) => [0, 1].map((j) => x[i]! * d[j]! + x[2 + i]! * d[2 + j]!));
    const db = [0, 1].map((j) => d[j]! + d[2 + j]!);
    const f64 = (data: number[], shape: number[]): RefTensor => ({
      dtype: 'float32',
      shape,
      data: Float64Array.from(data),
    });
    const feeds = (step: number) => ({
      x: f64(x, [2, 2]),
      y: { dtype: 'int32' as const, shape: [2], data: Int32Array.from(labels) },
      step: { dtype: 'int32' as const, shape: [], data: Int32Array.of(step) },
      'dense_1/kernel': f64(W, [2, 2]),
      'dense_1/bias': f64(b, [2]),
    });

    const sgd = compile(one, { optimizer: { kind: 'sgd', lr: 0.5 } });
    const s = executeGraph(sgd.train, feeds(1), { precision: 'float64' });
    expect(sgd.updates).toEqual([
      { value: 'dense_1/kernel/new', target: 'dense_1/kernel' },
      { value: 'dense_1/bias/new', target: 'dense_1/bias' },
    ]);
    W.forEach((w, i) => expect(s['dense_1/kernel/new']!.data[i]).toBeCloseTo(w - 0.5 * dW[i]!, 12));
    b.forEach((v, i) => expect(s['dense_1/bias/new']!.data[i]).toBeCloseTo(v - 0.5 * db[i]!, 12));

    // Adam, two steps at the same weights (t = 1 then t = 2 with carried m and v).
    const [lr, b1, b2, eps] = [0.01, 0.8, 0.9, 1e-6];
    const adam = compile(one, { optimizer: { kind: 'adam', lr, beta1: b1, beta2: b2, epsilon: eps } });
    const zeros = (n: number, shape: number[]) => f64(new Array(n).fill(0), shape);
    const first = executeGraph(
      adam.train,
      {
        ...feeds(1),
        'dense_1/kernel/m': zeros(4, [2, 2]),
        'dense_1/kernel/v': zeros(4, [2, 2]),
        'dense_1/bias/m': zeros(2, [2]),
        'dense_1/bias/v': zeros(2, [2]),
      },
      { precision: 'float64' },
    );
    const second = executeGraph(
      adam.train,
      {
        ...feeds(2),
        'dense_1/kernel/m': first['dense_1/kernel/m/new']!,
        'dense_1/kernel/v': first['dense_1/kernel/v/new']!,
        'dense_1/bias/m': first['dense_1/bias/m/new']!,
        'dense_1/bias/v': first['dense_1/bias/v/new']!,
      },
      { precision: 'float64' },
    );
    const expectAdam = (p0: number, g: number, got1: number, got2: number) => {
      const m1 = (1 - b1) * g;
      const v1 = (1 - b2) * g * g;
      expect(got1).toBeCloseTo(p0 - (lr * (m1 / (1 - b1))) / (Math.sqrt(v1 / (1 - b2)) + eps), 12);
      const m2 = b1 * m1 + (1 - b1) * g;
      const v2 = b2 * v1 + (1 - b2) * g * g;
      expect(got2).toBeCloseTo(p0 - (lr * (m2 / (1 - b1 ** 2))) / (Math.sqrt(v2 / (1 - b2 ** 2)) + eps), 12);
    };
    W.forEach((w, i) =>
      expectAdam(w, dW[i]!, first['dense_1/kernel/new']!.data[i]!, second['dense_1/kernel/new']!.data[i]!),
    );
    b.forEach((v, i) =>
      expectAdam(v, db[i]!, first['dense_1/bias/new']!.data[i]!, second['dense_1/bias/new']!.data[i]!),
    );
  });
});

describe('initWeights', () => {
  it('is deterministic per seed, Glorot-uniform bounded, with zero biases', () => {
    const p = compile(tinyCnn, { optimizer: { kind: 'sgd', lr: 0.1 } });
    const a = initWeights(p, 1);
    expect(initWeights(p, 1)).toEqual(a);
    expect(initWeights(p, 2)['dense_1/kernel']!.data).not.toEqual(a['dense_1/kernel']!.data);
    expect(Object.keys(a)).toEqual(p.params.map((q) => q.name));
    const k = a['conv2d_1/kernel']!;
    expect(k.shape).toEqual([3, 3, 2, 3]);
    const limit = Math.sqrt(6 / (9 * 2 + 9 * 3));
    const max = Math.max(...Array.from(k.data, Math.abs));
    expect(max).toBeLessThanOrEqual(limit);
    expect(max).toBeGreaterThan(0.8 * limit);
    expect(Array.from(a['conv2d_1/bias']!.data)).toEqual([0, 0, 0]);
    // A parameter's values do not depend on other layers.
    const other = compile(
      spec(
        [6, 6, 2],
        [
          { type: 'conv2d', filters: 3, kernelSize: 3, padding: 'same' },
          { type: 'flatten' },
          { type: 'dense', units: 2 },
          { type: 'softmax' },
        ],
      ),
      {
        optimizer: { kind: 'sgd', lr: 0.1 },
      },
    );
    expect(initWeights(other, 1)['conv2d_1/kernel']).toEqual(k);
  });
});

describe('compiled program end to end', () => {
  it('learns a separable problem when its updates are applied step after step (reference executor)', () => {
    const p = compile(mlp({ layers: 3 }), { optimizer: { kind: 'sgd', lr: 0.5 } });
    const rng = new Rng(5);
    const n = 32;
    const x = Float32Array.from({ length: 2 * n }, () => rng.uniform(-1, 1));
    const y = Int32Array.from({ length: n }, (_, i) => (x[2 * i]! + x[2 * i + 1]! > 0 ? 1 : 0));
    const values: Record<string, RefTensor> = { ...initWeights(p, 3) };
    const batch = {
      x: { dtype: 'float32' as const, shape: [n, 2], data: x },
      y: { dtype: 'int32' as const, shape: [n], data: y },
    };
    const evaluate = () =>
      executeGraph(p.evaluate, {
        ...batch,
        ...Object.fromEntries(p.params.map((q) => [q.name, values[q.name]!])),
      });
    const before = evaluate();
    for (let s = 1; s <= 60; s++) {
      const out = executeGraph(p.train, {
        ...batch,
        step: { dtype: 'int32', shape: [], data: Int32Array.of(s) },
        ...values,
      });
      for (const u of p.updates) values[u.target] = out[u.value]!;
    }
    const after = evaluate();
    console.info(
      `linearly separable 2-D, 60 SGD steps: loss ${before.loss!.data[0]} -> ${after.loss!.data[0]}, errors ${before.errors!.data[0]} -> ${after.errors!.data[0]} of ${n}`,
    );
    expect(after.loss!.data[0]!).toBeLessThan(0.5 * before.loss!.data[0]!);
    expect(after.errors!.data[0]!).toBeLessThanOrEqual(3);
  });
});
