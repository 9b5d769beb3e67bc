import { tensor } from '@bench/core';
import type { HostTensor, Node } from '@bench/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GpuJsBackend } from '../backend/gpujs-backend';
import { createGpuJsBackend } from '../backends';
import { MODES } from '../modes';
import type { GpuJsMode } from '../modes';
import { maxAbsDiff, oneNode, probeAll, rand, reference } from '../test-support/modes';

const probes = await probeAll();

interface Case {
  name: string;
  node: Node;
  feeds: Record<string, HostTensor>;
}

const x4 = rand([2, 5, 5, 3], 1);
const w33 = rand([3, 3, 3, 4], 2);
const labels = tensor([1, 0, 3], [3], 'int32');
const cases: Case[] = [
  {
    name: 'matmul',
    node: { op: 'matmul', name: 'n', inputs: ['a', 'b'], outputs: ['y'], attrs: {} },
    feeds: { a: rand([3, 7], 3), b: rand([7, 5], 4) },
  },
  {
    name: 'matmul transA',
    node: { op: 'matmul', name: 'n', inputs: ['a', 'b'], outputs: ['y'], attrs: { transA: true } },
    feeds: { a: rand([6, 3], 5), b: rand([6, 4], 6) },
  },
  {
    name: 'matmul transB',
    node: { op: 'matmul', name: 'n', inputs: ['a', 'b'], outputs: ['y'], attrs: { transB: true } },
    feeds: { a: rand([3, 9], 7), b: rand([2, 9], 8) },
  },
  {
    name: 'biasAdd',
    node: { op: 'biasAdd', name: 'n', inputs: ['x', 'b'], outputs: ['y'], attrs: {} },
    feeds: { x: rand([3, 4], 9), b: rand([4], 10) },
  },
  {
    name: 'reduceSum [0]',
    node: { op: 'reduceSum', name: 'n', inputs: ['x'], outputs: ['y'], attrs: { axes: [0] } },
    feeds: { x: rand([5, 3], 11) },
  },
  {
    name: 'reduceSum [0,1,2]',
    node: { op: 'reduceSum', name: 'n', inputs: ['x'], outputs: ['y'], attrs: { axes: [0, 1, 2] } },
    feeds: { x: x4 },
  },
  {
    name: 'reduceSum [1,3]',
    node: { op: 'reduceSum', name: 'n', inputs: ['x'], outputs: ['y'], attrs: { axes: [1, 3] } },
    feeds: { x: x4 },
  },
  {
    name: 'relu',
    node: { op: 'relu', name: 'n', inputs: ['x'], outputs: ['y'], attrs: {} },
    feeds: { x: rand([4, 3], 12) },
  },
  {
    name: 'reluGrad',
    node: { op: 'reluGrad', name: 'n', inputs: ['dy', 'y'], outputs: ['dx'], attrs: {} },
    feeds: { dy: rand([4, 3], 13), y: rand([4, 3], 14) },
  },
  {
    name: 'mul',
    node: { op: 'mul', name: 'n', inputs: ['a', 'b'], outputs: ['y'], attrs: {} },
    feeds: { a: rand([4, 3], 15), b: rand([4, 3], 16) },
  },
  {
    name: 'add',
    node: { op: 'add', name: 'n', inputs: ['a', 'b'], outputs: ['y'], attrs: {} },
    feeds: { a: rand([4, 3], 17), b: rand([4, 3], 18) },
  },
  {
    name: 'conv2d same s1',
    node: {
      op: 'conv2d',
      name: 'n',
      inputs: ['x', 'w'],
      outputs: ['y'],
      attrs: { strides: [1, 1], padding: 'same' },
    },
    feeds: { x: x4, w: w33 },
  },
  {
    name: 'conv2d valid s2',
    node: {
      op: 'conv2d',
      name: 'n',
      inputs: ['x', 'w'],
      outputs: ['y'],
      attrs: { strides: [2, 2], padding: 'valid' },
    },
    feeds: { x: x4, w: w33 },
  },
  {
    name: 'conv2d same s2',
    node: {
      op: 'conv2d',
      name: 'n',
      inputs: ['x', 'w'],
      outputs: ['y'],
      attrs: { strides: [2, 2], padding: 'same' },
    },
    feeds: { x: x4, w: w33 },
  },
  {
    name: 'conv2dGradInput same s1',
    node: {
      op: 'conv2dGradInput',
      name: 'n',
      inputs: ['dy', 'w'],
      outputs: ['dx'],
      attrs: { strides: [1, 1], padding: 'same', inputShape: [5, 5, 3] },
    },
    feeds: { dy: rand([2, 5, 5, 4], 19), w: w33 },
  },
  {
    name: 'conv2dGradInput same s2',
    node: {
      op: 'conv2dGradInput',
      name: 'n',
      inputs: ['dy', 'w'],
      outputs: ['dx'],
      attrs: { strides: [2, 2], padding: 'same', inputShape: [5, 5, 3] },
    },
    feeds: { dy: rand([2, 3, 3, 4], 20), w: w33 },
  },
  {
    name: 'conv2dGradFilter same s1',
    node: {
      op: 'conv2dGradFilter',
      name: 'n',
      inputs: ['x', 'dy'],
      outputs: ['dw'],
      attrs: { strides: [1, 1], padding: 'same', filterShape: [3, 3, 3, 4] },
    },
    feeds: { x: x4, dy: rand([2, 5, 5, 4], 21) },
  },
  {
    name: 'conv2dGradFilter valid s2',
    node: {
      op: 'conv2dGradFilter',
      name: 'n',
      inputs: ['x', 'dy'],
      outputs: ['dw'],
      attrs: { strides: [2, 2], padding: 'valid', filterShape: [3, 3, 3, 4] },
    },
    feeds: { x: x4, dy: rand([2, 2, 2, 4], 22) },
  },
  {
    name: 'maxPool same',
    node: {
      op: 'maxPool',
      name: 'n',
      inputs: ['x'],
      outputs: ['y'],
      attrs: { poolSize: [2, 2], strides: [2, 2], padding: 'same' },
    },
    feeds: { x: x4 },
  },
  {
    name: 'maxPool valid 3/1',
    node: {
      op: 'maxPool',
      name: 'n',
      inputs: ['x'],
      outputs: ['y'],
      attrs: { poolSize: [3, 3], strides: [1, 1], padding: 'valid' },
    },
    feeds: { x: x4 },
  },
  {
    name: 'maxPoolGrad same',
    node: {
      op: 'maxPoolGrad',
      name: 'n',
      inputs: ['dy', 'x'],
      outputs: ['dx'],
      attrs: { poolSize: [2, 2], strides: [2, 2], padding: 'same' },
    },
    feeds: { dy: rand([2, 3, 3, 3], 23), x: x4 },
  },
  {
    name: 'maxPoolGrad ties 3/1',
    node: {
      op: 'maxPoolGrad',
      name: 'n',
      inputs: ['dy', 'x'],
      outputs: ['dx'],
      attrs: { poolSize: [3, 3], strides: [1, 1], padding: 'valid' },
    },
    feeds: {
      dy: rand([1, 2, 2, 1], 24),
      x: tensor([1, 2, 2, 0, 2, 2, 1, 1, 0, 0, 2, 0, 1, 1, 1, 1], [1, 4, 4, 1]),
    },
  },
  {
    name: 'reshape',
    node: { op: 'reshape', name: 'n', inputs: ['x'], outputs: ['y'], attrs: { shape: [2, 75] } },
    feeds: { x: x4 },
  },
  {
    name: 'dropout',
    node: {
      op: 'dropout',
      name: 'n',
      inputs: ['x', 'step'],
      outputs: ['y', 'mask'],
      attrs: { rate: 0.3, seed: 7 },
    },
    feeds: { x: rand([4, 6], 25), step: tensor([3], [], 'int32') },
  },
  {
    name: 'softmax',
    node: { op: 'softmax', name: 'n', inputs: ['x'], outputs: ['y'], attrs: {} },
    feeds: { x: rand([3, 4], 26) },
  },
  {
    name: 'softmaxCrossEntropy',
    node: { op: 'softmaxCrossEntropy', name: 'n', inputs: ['z', 'l'], outputs: ['loss'], attrs: {} },
    feeds: { z: rand([3, 4], 27), l: labels },
  },
  {
    name: 'softmaxCrossEntropyGrad',
    node: { op: 'softmaxCrossEntropyGrad', name: 'n', inputs: ['z', 'l'], outputs: ['dz'], attrs: {} },
    feeds: { z: rand([3, 4], 28), l: labels },
  },
  {
    name: 'errorCount',
    node: { op: 'errorCount', name: 'n', inputs: ['z', 'l'], outputs: ['c'], attrs: {} },
    feeds: { z: tensor([0, 1, 0, 0, 2, 2, 1, 0, 0, 0, 0, 5], [3, 4]), l: labels },
  },
  {
    name: 'argmax',
    node: { op: 'argmax', name: 'n', inputs: ['x'], outputs: ['y'], attrs: {} },
    feeds: { x: tensor([0, 3, 3, 1, 5, 0, 0, 5], [2, 4]) },
  },
  {
    name: 'sgdUpdate',
    node: { op: 'sgdUpdate', name: 'n', inputs: ['p', 'g'], outputs: ['p2'], attrs: { lr: 0.1 } },
    feeds: { p: rand([5], 29), g: rand([5], 30) },
  },
  {
    name: 'adamUpdate',
    node: {
      op: 'adamUpdate',
      name: 'n',
      inputs: ['p', 'g', 'm', 'v', 's'],
      outputs: ['p2', 'm2', 'v2'],
      attrs: { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    },
    feeds: {
      p: rand([6], 31),
      g: rand([6], 32),
      m: rand([6], 33),
      v: { dtype: 'float32', shape: [6], data: rand([6], 34).data.map(Math.abs) },
      s: tensor([4], [], 'int32'),
    },
  },
  ...newOpCases(),
];

/** Cases of the real-model ops: grouped/depthwise convs with explicit pads, pooling, batch norm, clip. */
/** rand() rescaled to [lo, hi). */
function randIn(shape: number[], seed: number, lo: number, hi: number): HostTensor<'float32'> {
  const t = rand(shape, seed);
  return { ...t, data: t.data.map((v) => lo + ((v + 1) / 2) * (hi - lo)) };
}

function newOpCases(): Case[] {
  const xg = rand([2, 6, 5, 4], 40);
  const wDepth = rand([3, 3, 1, 8], 41);
  const wGroup = rand([3, 3, 2, 6], 42);
  const pads: [number, number, number, number] = [1, 0, 2, 1];
  const conv = (
    name: string,
    groups: number,
    w: HostTensor,
    padding: 'same' | [number, number, number, number],
  ) => {
    const attrs = { strides: [2, 1] as [number, number], padding, groups };
    const m = w.shape[3]!;
    const oh = padding === 'same' ? 3 : Math.floor((6 + padding[0] + padding[2] - 3) / 2) + 1;
    const ow = padding === 'same' ? 5 : Math.floor((5 + padding[1] + padding[3] - 3) / 1) + 1;
    const dy = rand([2, oh, ow, m], 43 + groups);
    return [
      {
        name: `conv2d ${name}`,
        node: { op: 'conv2d', name: 'n', inputs: ['x', 'w'], outputs: ['y'], attrs },
        feeds: { x: xg, w },
      },
      {
        name: `conv2dGradInput ${name}`,
        node: {
          op: 'conv2dGradInput',
          name: 'n',
          inputs: ['dy', 'w'],
          outputs: ['dx'],
          attrs: { ...attrs, inputShape: [6, 5, 4] },
        },
        feeds: { dy, w },
      },
      {
        name: `conv2dGradFilter ${name}`,
        node: {
          op: 'conv2dGradFilter',
          name: 'n',
          inputs: ['x', 'dy'],
          outputs: ['dw'],
          attrs: { ...attrs, filterShape: [...w.shape] as [number, number, number, number] },
        },
        feeds: { x: xg, dy },
      },
    ] as Case[];
  };
  const pool = { poolSize: [3, 3] as [number, number], strides: [2, 2] as [number, number], padding: pads };
  const c = 4;
  const vec = (seed: number, lo = 0.5, hi = 1.5) => randIn([c], seed, lo, hi);
  return [
    ...conv('depthwise pads', 4, wDepth, pads),
    ...conv('groups 2 same', 2, wGroup, 'same'),
    {
      name: 'avgPool pads',
      node: { op: 'avgPool', name: 'n', inputs: ['x'], outputs: ['y'], attrs: pool },
      feeds: { x: xg },
    },
    {
      name: 'avgPoolGrad pads',
      node: {
        op: 'avgPoolGrad',
        name: 'n',
        inputs: ['dy'],
        outputs: ['dx'],
        attrs: { ...pool, inputShape: [6, 5, 4] },
      },
      feeds: { dy: rand([2, 4, 2, 4], 50) },
    },
    {
      name: 'batchNorm',
      node: {
        op: 'batchNorm',
        name: 'n',
        inputs: ['x', 's', 'b', 'rm', 'rv'],
        outputs: ['y', 'mean', 'inv', 'rm2', 'rv2'],
        attrs: { epsilon: 1e-5, momentum: 0.1 },
      },
      feeds: { x: xg, s: vec(51), b: vec(52, -1, 1), rm: vec(53, -1, 1), rv: vec(54) },
    },
    {
      name: 'batchNormGrad',
      node: {
        op: 'batchNormGrad',
        name: 'n',
        inputs: ['dy', 'x', 's', 'mean', 'inv'],
        outputs: ['dx', 'ds', 'db'],
        attrs: {},
      },
      feeds: { dy: rand([2, 6, 5, 4], 55), x: xg, s: vec(56), mean: vec(57, -0.1, 0.1), inv: vec(58) },
    },
    {
      name: 'batchNormInference',
      node: {
        op: 'batchNormInference',
        name: 'n',
        inputs: ['x', 's', 'b', 'm', 'v'],
        outputs: ['y'],
        attrs: { epsilon: 1e-3 },
      },
      feeds: { x: xg, s: vec(59), b: vec(60, -1, 1), m: vec(61, -1, 1), v: vec(62) },
    },
    {
      name: 'batchNormInferenceGrad',
      node: {
        op: 'batchNormInferenceGrad',
        name: 'n',
        inputs: ['dy', 's', 'v'],
        outputs: ['dx'],
        attrs: { epsilon: 1e-3 },
      },
      feeds: { dy: rand([3, 4], 63), s: vec(64), v: vec(65) },
    },
    {
      name: 'clip',
      node: { op: 'clip', name: 'n', inputs: ['x'], outputs: ['y'], attrs: { min: 0, max: 6 } },
      feeds: { x: randIn([4, 5], 66, -8, 8) },
    },
    {
      name: 'clipGrad',
      node: { op: 'clipGrad', name: 'n', inputs: ['dy', 'x'], outputs: ['dx'], attrs: { min: 0, max: 6 } },
      feeds: { dy: rand([4, 5], 67), x: randIn([4, 5], 68, -8, 8) },
    },
  ];
}

for (const mode of ['webgpu', 'gl', 'wasm', 'cpu'] as GpuJsMode[]) {
  const probe = probes[mode];
  describe.skipIf(!probe.available)(
    `${MODES[mode].backend} kernels vs reference${probe.available ? '' : ` (skipped: ${probe.reason})`}`,
    () => {
      let backend: GpuJsBackend;
      let worst = 0;
      let worstOp = '';
      beforeAll(async () => {
        backend = await createGpuJsBackend(mode);
      });
      afterAll(async () => {
        console.info(
          `[adapter-gpujs] ${MODES[mode].backend}: largest op error vs reference ${worst.toExponential(2)} (${worstOp})`,
        );
        await backend?.dispose();
      });

      it.each(cases)('$name', async ({ node, feeds }) => {
        const graph = oneNode(node, feeds);
        const want = await reference(graph, feeds);
        const got = await backend.run(graph, feeds);
        for (const name of graph.outputs) {
          expect(got[name]!.dtype, name).toBe(want[name]!.dtype);
          const d = maxAbsDiff(got[name]!, want[name]!);
          if (d > worst) [worst, worstOp] = [d, `${node.op} ${name}`];
          expect(d, `${node.op} output ${name}`).toBeLessThanOrEqual(MODES[mode].tolerance);
        }
      });

      it('covers every IR op and ran only in its own gpu.js mode', () => {
        const tested = new Set(cases.map((c) => c.node.op));
        expect([...backend.capabilities.ops].sort()).toEqual([...tested].sort());
        expect(backend.debugStats().ranModes).toEqual([MODES[mode].gpujsMode]);
        expect(backend.debugStats().liveBuffers).toBe(0);
      });
    },
  );
}
