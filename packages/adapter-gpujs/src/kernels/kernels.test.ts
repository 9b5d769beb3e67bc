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
];

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
