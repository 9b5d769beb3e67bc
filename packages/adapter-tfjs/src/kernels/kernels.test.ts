/**
 * Op-level tests of every tfjs kernel through `Backend.run`, on each tfjs engine present, against
 * small hand-computed expectations.
 */
import { counterUniform, scalar, tensor } from '@bench/core';
import type { Graph, HostTensor, Node } from '@bench/core';
import { OP_NAMES } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { backendOf, probeAll, suiteName } from '../__tests__/engines';
import { SUPPORTED_OPS } from './kernel-registry';

const probed = await probeAll();

function graphOf(node: Node, feeds: Record<string, HostTensor>): Graph {
  return {
    inputs: Object.entries(feeds).map(([name, t]) => ({ name, shape: [...t.shape], dtype: t.dtype })),
    nodes: [node],
    outputs: node.outputs,
  };
}

function close(actual: HostTensor, expected: number[], shape: number[], tol = 1e-5): void {
  expect(actual.shape).toEqual(shape);
  const got = Array.from(actual.data);
  expect(got.length).toBe(expected.length);
  got.forEach((v, i) =>
    expect(Math.abs(v - expected[i]!), `element ${i}: got ${v}, want ${expected[i]}`).toBeLessThanOrEqual(
      tol,
    ),
  );
}

it('has a kernel for every IR op', () => {
  expect([...SUPPORTED_OPS].sort()).toEqual([...OP_NAMES].sort());
});

for (const p of probed) {
  describe.skipIf(!p.probe.available)(suiteName(p, 'kernels'), () => {
    const run = async (node: Node, feeds: Record<string, HostTensor>) =>
      (await backendOf(p.entry)).run(graphOf(node, feeds), feeds);

    it('matmul with transB', async () => {
      const a = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
      const b = tensor([1, 0, 1, 0, 1, 0], [2, 3]);
      const out = await run(
        { op: 'matmul', name: 'mm', inputs: ['a', 'b'], outputs: ['y'], attrs: { transB: true } },
        { a, b },
      );
      close(out.y!, [4, 2, 10, 5], [2, 2]);
    });

    it('biasAdd, relu, reluGrad, mul, add', async () => {
      const x = tensor([-1, 2, 3, -4], [2, 2]);
      const b = tensor([10, 20], [2]);
      close(
        (await run({ op: 'biasAdd', name: 'ba', inputs: ['x', 'b'], outputs: ['y'], attrs: {} }, { x, b }))
          .y!,
        [9, 22, 13, 16],
        [2, 2],
      );
      close(
        (await run({ op: 'relu', name: 'r', inputs: ['x'], outputs: ['y'], attrs: {} }, { x })).y!,
        [0, 2, 3, 0],
        [2, 2],
      );
      const dy = tensor([5, 6, 7, 8], [2, 2]);
      const y = tensor([0, 2, 3, 0], [2, 2]);
      close(
        (
          await run(
            { op: 'reluGrad', name: 'rg', inputs: ['dy', 'y'], outputs: ['dx'], attrs: {} },
            { dy, y },
          )
        ).dx!,
        [0, 6, 7, 0],
        [2, 2],
      );
      close(
        (await run({ op: 'mul', name: 'm', inputs: ['a', 'b'], outputs: ['y'], attrs: {} }, { a: x, b: dy }))
          .y!,
        [-5, 12, 21, -32],
        [2, 2],
      );
      close(
        (await run({ op: 'add', name: 'ad', inputs: ['a', 'b'], outputs: ['y'], attrs: {} }, { a: x, b: dy }))
          .y!,
        [4, 8, 10, 4],
        [2, 2],
      );
    });

    it('reduceSum over axis 0 and reshape with a batch dimension', async () => {
      const x = tensor([1, 2, 3, 4, 5, 6], [3, 2]);
      close(
        (
          await run(
            { op: 'reduceSum', name: 's', inputs: ['x'], outputs: ['y'], attrs: { axes: [0] } },
            { x },
          )
        ).y!,
        [9, 12],
        [2],
      );
      close(
        (
          await run(
            { op: 'reshape', name: 'rs', inputs: ['x'], outputs: ['y'], attrs: { shape: [-1, 6] } },
            { x },
          )
        ).y!,
        [1, 2, 3, 4, 5, 6],
        [1, 6],
      );
    });

    it('conv2d, conv2dGradInput, conv2dGradFilter (1x3x3x1 input, 2x2 filter, valid)', async () => {
      const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
      const w = tensor([1, 0, 0, -1], [2, 2, 1, 1]);
      const conv = { strides: [1, 1] as [number, number], padding: 'valid' as const };
      // y[i,j] = x[i,j] - x[i+1,j+1] = -4 everywhere
      close(
        (await run({ op: 'conv2d', name: 'c', inputs: ['x', 'w'], outputs: ['y'], attrs: conv }, { x, w }))
          .y!,
        [-4, -4, -4, -4],
        [1, 2, 2, 1],
      );
      const dy = tensor([1, 2, 3, 4], [1, 2, 2, 1]);
      // dx[a,b] = sum dy[i,j] w[a-i,b-j]
      const dx = (
        await run(
          {
            op: 'conv2dGradInput',
            name: 'gi',
            inputs: ['dy', 'w'],
            outputs: ['dx'],
            attrs: { ...conv, inputShape: [3, 3, 1] },
          },
          { dy, w },
        )
      ).dx!;
      close(dx, [1, 2, 0, 3, 4 - 1, -2, 0, -3, -4], [1, 3, 3, 1]);
      // dw[a,b] = sum dy[i,j] x[i+a,j+b]
      const dw = (
        await run(
          {
            op: 'conv2dGradFilter',
            name: 'gf',
            inputs: ['x', 'dy'],
            outputs: ['dw'],
            attrs: { ...conv, filterShape: [2, 2, 1, 1] },
          },
          { x, dy },
        )
      ).dw!;
      close(dw, [1 + 4 + 12 + 20, 2 + 6 + 15 + 24, 4 + 10 + 21 + 32, 5 + 12 + 24 + 36], [2, 2, 1, 1]);
    });

    it('maxPool and maxPoolGrad route to the first maximum on ties; same padding', async () => {
      const x = tensor([1, 3, 3, 2, 0, 0, 5, 5, 1], [1, 3, 3, 1]);
      const pool = {
        poolSize: [2, 2] as [number, number],
        strides: [2, 2] as [number, number],
        padding: 'same' as const,
      };
      close(
        (await run({ op: 'maxPool', name: 'p', inputs: ['x'], outputs: ['y'], attrs: pool }, { x })).y!,
        [3, 3, 5, 1],
        [1, 2, 2, 1],
      );
      const dy = tensor([10, 20, 30, 40], [1, 2, 2, 1]);
      const dx = (
        await run(
          { op: 'maxPoolGrad', name: 'pg', inputs: ['dy', 'x'], outputs: ['dx'], attrs: pool },
          { dy, x },
        )
      ).dx!;
      close(dx, [0, 10, 20, 0, 0, 0, 30, 0, 40], [1, 3, 3, 1]);
    });

    it('softmax, softmaxCrossEntropy and its gradient, errorCount, argmax', async () => {
      const logits = tensor([0, Math.log(3), 2, 2], [2, 2]);
      const labels = tensor([1, 0], [2], 'int32');
      close(
        (await run({ op: 'softmax', name: 'sm', inputs: ['x'], outputs: ['y'], attrs: {} }, { x: logits }))
          .y!,
        [0.25, 0.75, 0.5, 0.5],
        [2, 2],
      );
      const loss = (
        await run(
          { op: 'softmaxCrossEntropy', name: 'ce', inputs: ['l', 'y'], outputs: ['loss'], attrs: {} },
          { l: logits, y: labels },
        )
      ).loss!;
      close(loss, [(-Math.log(0.75) - Math.log(0.5)) / 2], []);
      const g = (
        await run(
          { op: 'softmaxCrossEntropyGrad', name: 'ceg', inputs: ['l', 'y'], outputs: ['d'], attrs: {} },
          { l: logits, y: labels },
        )
      ).d!;
      close(g, [0.125, -0.125, -0.25, 0.25], [2, 2]);
      const e = (
        await run(
          { op: 'errorCount', name: 'ec', inputs: ['l', 'y'], outputs: ['n'], attrs: {} },
          { l: tensor([0, 1, 1, 0, 5, 2], [3, 2]), y: tensor([1, 1, 0], [3], 'int32') },
        )
      ).n!;
      close(e, [1], []);
      const am = (
        await run(
          { op: 'argmax', name: 'am', inputs: ['x'], outputs: ['y'], attrs: {} },
          { x: tensor([0, 1, 7, 0, 2, 2], [3, 2]) },
        )
      ).y!;
      expect(am.dtype).toBe('int32');
      expect(Array.from(am.data)).toEqual([1, 0, 0]);
    });

    it('dropout uses the counterUniform mask of @bench/core', async () => {
      const x = tensor(
        Array.from({ length: 40 }, (_, i) => i + 1),
        [4, 10],
      );
      const attrs = { rate: 0.5, seed: 1234 };
      const out = await run(
        { op: 'dropout', name: 'd', inputs: ['x', 'step'], outputs: ['y', 'mask'], attrs },
        { x, step: tensor([7], [], 'int32') },
      );
      const mask = Array.from({ length: 40 }, (_, i) => (counterUniform(1234, 7, i) >= 0.5 ? 2 : 0));
      expect(mask.filter((m) => m === 0).length).toBeGreaterThan(5);
      close(out.mask!, mask, [4, 10], 0);
      close(
        out.y!,
        mask.map((m, i) => m * (i + 1)),
        [4, 10],
        0,
      );
    });

    it('sgdUpdate and adamUpdate (PyTorch form, step 2)', async () => {
      const p = tensor([1, -2], [2]);
      const g = tensor([0.5, -1], [2]);
      close(
        (
          await run(
            { op: 'sgdUpdate', name: 's', inputs: ['p', 'g'], outputs: ['q'], attrs: { lr: 0.1 } },
            { p, g },
          )
        ).q!,
        [0.95, -1.9],
        [2],
      );
      const m = tensor([0.1, 0.2], [2]);
      const v = tensor([0.01, 0.02], [2]);
      const attrs = { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
      const out = await run(
        {
          op: 'adamUpdate',
          name: 'a',
          inputs: ['p', 'g', 'm', 'v', 't'],
          outputs: ['p2', 'm2', 'v2'],
          attrs,
        },
        { p, g, m, v, t: tensor([2], [], 'int32') },
      );
      const mm = [0.9 * 0.1 + 0.1 * 0.5, 0.9 * 0.2 + 0.1 * -1];
      const vv = [0.999 * 0.01 + 0.001 * 0.25, 0.999 * 0.02 + 0.001 * 1];
      const pp = [1, -2].map(
        (x, i) => x - (0.01 * (mm[i]! / (1 - 0.9 ** 2))) / (Math.sqrt(vv[i]! / (1 - 0.999 ** 2)) + 1e-8),
      );
      close(out.m2!, mm, [2]);
      close(out.v2!, vv, [2]);
      close(out.p2!, pp, [2]);
    });

    it('rejects a graph whose shapes do not fit, naming the op', async () => {
      const a = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
      await expect(
        run({ op: 'matmul', name: 'bad', inputs: ['a', 'b'], outputs: ['y'], attrs: {} }, { a, b: a }),
      ).rejects.toThrow(/matmul.*inner dimensions/);
    });
  });
}

it('uses scalar() for unused imports', () => {
  expect(scalar(1).data[0]).toBe(1);
});
