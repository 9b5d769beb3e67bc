/**
 * Op-by-op checks of every lowering against core's reference executor in float64, on small
 * shapes, through `Backend.run` on onnxruntime-cpu (which also validates every generated model).
 */
import { OP_NAMES, Rng, executeGraph } from '@bench/core';
import type { Graph, HostTensor, Node } from '@bench/core';
import type { Backend } from '@bench/core';
import { skipUnavailableBackend } from '@bench/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOnnxruntimeBackend } from '../backend/entries';
import { probeCpu } from '../backend/probe';
import { rand } from './__fixtures__/tensors';

const probe = await probeCpu(1);
skipUnavailableBackend('onnxruntime-cpu', probe); // warns, or fails where CI requires it

function labels(n: number, k: number, seed: number): HostTensor<'int32'> {
  const rng = new Rng(seed);
  return { dtype: 'int32', shape: [n], data: Int32Array.from({ length: n }, () => rng.int(k)) };
}
const int = (v: number): HostTensor<'int32'> => ({ dtype: 'int32', shape: [], data: Int32Array.of(v) });

interface Case {
  title: string;
  graph: Graph;
  feeds: Record<string, HostTensor>;
  tol?: number;
  /** Outputs that must equal the float32 reference exactly (the dropout mask). */
  exact?: string[];
}

/** A one-node graph whose inputs are the feeds. */
function single(
  node: Omit<Node, 'name'> & { name?: string },
  feeds: Record<string, HostTensor>,
): { graph: Graph; feeds: Record<string, HostTensor> } {
  return {
    graph: {
      inputs: node.inputs.map((n) => ({ name: n, shape: [...feeds[n]!.shape], dtype: feeds[n]!.dtype })),
      nodes: [{ ...node, name: node.name ?? 'n' } as Node],
      outputs: [...node.outputs],
    },
    feeds,
  };
}

const x4 = rand([2, 5, 5, 3], 1);
const cases: Case[] = [];
const add = (
  title: string,
  c: { graph: Graph; feeds: Record<string, HostTensor> },
  tol?: number,
  exact?: string[],
) => cases.push({ title, ...c, tol, exact });

for (const [transA, transB] of [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const) {
  const a = rand(transA ? [4, 3] : [3, 4], 2);
  const b = rand(transB ? [5, 4] : [4, 5], 3);
  add(
    `matmul transA=${transA} transB=${transB}`,
    single({ op: 'matmul', inputs: ['a', 'b'], outputs: ['y'], attrs: { transA, transB } }, { a, b }),
  );
}
add(
  'biasAdd rank 2',
  single(
    { op: 'biasAdd', inputs: ['x', 'b'], outputs: ['y'], attrs: {} },
    { x: rand([3, 4], 4), b: rand([4], 5) },
  ),
);
add(
  'biasAdd rank 4',
  single({ op: 'biasAdd', inputs: ['x', 'b'], outputs: ['y'], attrs: {} }, { x: x4, b: rand([3], 5) }),
);
add(
  'reduceSum [0]',
  single({ op: 'reduceSum', inputs: ['x'], outputs: ['y'], attrs: { axes: [0] } }, { x: rand([3, 4], 6) }),
);
add(
  'reduceSum [0,1,2] rank 4',
  single({ op: 'reduceSum', inputs: ['x'], outputs: ['y'], attrs: { axes: [0, 1, 2] } }, { x: x4 }),
);
add(
  'reduceSum []',
  single({ op: 'reduceSum', inputs: ['x'], outputs: ['y'], attrs: { axes: [] } }, { x: rand([3, 4], 6) }),
);
add('relu', single({ op: 'relu', inputs: ['x'], outputs: ['y'], attrs: {} }, { x: x4 }));
add(
  'reluGrad',
  single(
    { op: 'reluGrad', inputs: ['dy', 'y'], outputs: ['dx'], attrs: {} },
    { dy: rand([3, 4], 7), y: rand([3, 4], 8) },
  ),
);
add(
  'mul',
  single(
    { op: 'mul', inputs: ['a', 'b'], outputs: ['y'], attrs: {} },
    { a: rand([3, 4], 9), b: rand([3, 4], 10) },
  ),
);
add(
  'add',
  single(
    { op: 'add', inputs: ['a', 'b'], outputs: ['y'], attrs: {} },
    { a: rand([3, 4], 9), b: rand([3, 4], 10) },
  ),
);
for (const padding of ['same', 'valid'] as const) {
  for (const s of [1, 2]) {
    const strides: [number, number] = [s, s];
    const w = rand([3, 3, 3, 4], 11);
    add(
      `conv2d ${padding} stride ${s}`,
      single({ op: 'conv2d', inputs: ['x', 'w'], outputs: ['y'], attrs: { strides, padding } }, { x: x4, w }),
    );
    const oh = padding === 'same' ? Math.ceil(5 / s) : Math.floor((5 - 3) / s) + 1;
    const dy = rand([2, oh, oh, 4], 12);
    add(
      `conv2dGradInput ${padding} stride ${s}`,
      single(
        {
          op: 'conv2dGradInput',
          inputs: ['dy', 'w'],
          outputs: ['dx'],
          attrs: { strides, padding, inputShape: [5, 5, 3] },
        },
        { dy, w },
      ),
    );
    add(
      `conv2dGradFilter ${padding} stride ${s}`,
      single(
        {
          op: 'conv2dGradFilter',
          inputs: ['x', 'dy'],
          outputs: ['dw'],
          attrs: { strides, padding, filterShape: [3, 3, 3, 4] },
        },
        { x: x4, dy },
      ),
    );
  }
}
for (const [pool, s, padding] of [
  [2, 2, 'valid'],
  [2, 2, 'same'],
  [3, 1, 'same'],
  [3, 2, 'valid'],
] as const) {
  const attrs = { poolSize: [pool, pool] as [number, number], strides: [s, s] as [number, number], padding };
  add(
    `maxPool ${pool}x${pool}/${s} ${padding}`,
    single({ op: 'maxPool', inputs: ['x'], outputs: ['y'], attrs }, { x: x4 }),
  );
  const oh = padding === 'same' ? Math.ceil(5 / s) : Math.floor((5 - pool) / s) + 1;
  add(
    `maxPoolGrad ${pool}x${pool}/${s} ${padding}`,
    single(
      { op: 'maxPoolGrad', inputs: ['dy', 'x'], outputs: ['dx'], attrs },
      { dy: rand([2, oh, oh, 3], 13), x: x4 },
    ),
  );
}
{
  // Windows that tile x, with ties (quantised values, many zeros): the first maximum must win.
  const base = rand([2, 6, 6, 3], 30);
  const tied: HostTensor<'float32'> = {
    ...base,
    data: base.data.map((v) => Math.max(0, Math.round(v * 2) / 2)),
  };
  const attrs = {
    poolSize: [2, 2] as [number, number],
    strides: [2, 2] as [number, number],
    padding: 'valid' as const,
  };
  add(
    'maxPool 2x2/2 tiling, ties',
    single({ op: 'maxPool', inputs: ['x'], outputs: ['y'], attrs }, { x: tied }),
  );
  add(
    'maxPoolGrad 2x2/2 tiling, ties (first maximum wins)',
    single(
      { op: 'maxPoolGrad', inputs: ['dy', 'x'], outputs: ['dx'], attrs },
      { dy: rand([2, 3, 3, 3], 31), x: tied },
    ),
  );
}
add(
  'reshape (flatten)',
  single({ op: 'reshape', inputs: ['x'], outputs: ['y'], attrs: { shape: [2, 75] } }, { x: x4 }),
);
add(
  'dropout rate 0.3',
  single(
    { op: 'dropout', inputs: ['x', 'step'], outputs: ['y', 'mask'], attrs: { rate: 0.3, seed: 1234567 } },
    { x: x4, step: int(7) },
  ),
  1e-6,
  ['mask'],
);
add(
  'dropout rate 0',
  single(
    { op: 'dropout', inputs: ['x', 'step'], outputs: ['y', 'mask'], attrs: { rate: 0, seed: 99 } },
    { x: rand([4, 6], 3), step: int(1) },
  ),
  0,
  ['mask'],
);
const logits = rand([6, 4], 14, -3, 3);
const lab = labels(6, 4, 15);
add('softmax', single({ op: 'softmax', inputs: ['x'], outputs: ['y'], attrs: {} }, { x: logits }));
add(
  'softmaxCrossEntropy',
  single(
    { op: 'softmaxCrossEntropy', inputs: ['z', 'l'], outputs: ['loss'], attrs: {} },
    { z: logits, l: lab },
  ),
);
add(
  'softmaxCrossEntropyGrad',
  single(
    { op: 'softmaxCrossEntropyGrad', inputs: ['z', 'l'], outputs: ['dz'], attrs: {} },
    { z: logits, l: lab },
  ),
);
add(
  'errorCount',
  single({ op: 'errorCount', inputs: ['z', 'l'], outputs: ['count'], attrs: {} }, { z: logits, l: lab }),
  0,
);
add('argmax', single({ op: 'argmax', inputs: ['x'], outputs: ['y'], attrs: {} }, { x: logits }), 0);
add(
  'sgdUpdate',
  single(
    { op: 'sgdUpdate', inputs: ['p', 'g'], outputs: ['q'], attrs: { lr: 0.1 } },
    { p: rand([3, 4], 16), g: rand([3, 4], 17) },
  ),
);
add(
  'adamUpdate',
  single(
    {
      op: 'adamUpdate',
      inputs: ['p', 'g', 'm', 'v', 't'],
      outputs: ['p1', 'm1', 'v1'],
      attrs: { lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    },
    {
      p: rand([3, 4], 16),
      g: rand([3, 4], 17),
      m: rand([3, 4], 18, -0.1, 0.1),
      v: rand([3, 4], 19, 0, 0.01),
      t: int(3),
    },
  ),
);
// Layout transitions: NHWC in, NCHW inside, NHWC out through conv/relu/bias/pool/flatten and back.
add('chain conv -> bias -> relu -> pool -> flatten', {
  graph: {
    inputs: [
      { name: 'x', shape: [-1, 5, 5, 3], dtype: 'float32' },
      { name: 'w', shape: [3, 3, 3, 4], dtype: 'float32' },
      { name: 'b', shape: [4], dtype: 'float32' },
    ],
    nodes: [
      {
        op: 'conv2d',
        name: 'c',
        inputs: ['x', 'w'],
        outputs: ['c'],
        attrs: { strides: [1, 1], padding: 'same' },
      },
      { op: 'biasAdd', name: 'cb', inputs: ['c', 'b'], outputs: ['cb'], attrs: {} },
      { op: 'relu', name: 'r', inputs: ['cb'], outputs: ['r'], attrs: {} },
      {
        op: 'maxPool',
        name: 'p',
        inputs: ['r'],
        outputs: ['p'],
        attrs: { poolSize: [2, 2], strides: [2, 2], padding: 'same' },
      },
      {
        op: 'maxPoolGrad',
        name: 'pg',
        inputs: ['p', 'r'],
        outputs: ['pg'],
        attrs: { poolSize: [2, 2], strides: [2, 2], padding: 'same' },
      },
      { op: 'reduceSum', name: 'db', inputs: ['pg'], outputs: ['db'], attrs: { axes: [0, 1, 2] } },
      { op: 'reshape', name: 'f', inputs: ['p'], outputs: ['f'], attrs: { shape: [-1, 36] } },
    ],
    outputs: ['f', 'pg', 'db', 'c'],
  },
  feeds: { x: x4, w: rand([3, 3, 3, 4], 20), b: rand([4], 21) },
});

// reluGrad after maxPoolGrad of the same ReLU output: folded onto the pooled gradient, and the
// bias-gradient sum read from it (ties at the ReLU's zeros, negative inputs, "same" pads).
add('chain relu -> maxPool -> maxPoolGrad -> reluGrad (folded)', {
  graph: {
    inputs: [
      { name: 'x', shape: [-1, 5, 5, 3], dtype: 'float32' },
      { name: 'dy', shape: [-1, 3, 3, 3], dtype: 'float32' },
    ],
    nodes: [
      { op: 'relu', name: 'r', inputs: ['x'], outputs: ['r'], attrs: {} },
      {
        op: 'maxPool',
        name: 'p',
        inputs: ['r'],
        outputs: ['p'],
        attrs: { poolSize: [2, 2], strides: [2, 2], padding: 'same' },
      },
      {
        op: 'maxPoolGrad',
        name: 'pg',
        inputs: ['dy', 'r'],
        outputs: ['pg'],
        attrs: { poolSize: [2, 2], strides: [2, 2], padding: 'same' },
      },
      { op: 'reluGrad', name: 'rg', inputs: ['pg', 'r'], outputs: ['rg'], attrs: {} },
      { op: 'reduceSum', name: 'db', inputs: ['rg'], outputs: ['db'], attrs: { axes: [0, 1, 2] } },
    ],
    outputs: ['p', 'rg', 'db'],
  },
  feeds: { x: rand([2, 5, 5, 3], 40, -1, 0.3), dy: rand([2, 3, 3, 3], 41) },
});

// Real-model ops on NCHW-stored values (after a Conv): depthwise conv with asymmetric pads and
// stride 2, training batch norm and its gradient, ReLU6 and its gradient, eval batch norm,
// average pooling (global and padded) and their gradients, grouped conv gradients.
const pads: [number, number, number, number] = [1, 0, 2, 1];
add('chain depthwise conv -> batchNorm -> clip -> avgPool and their gradients', {
  graph: {
    inputs: [
      { name: 'x', shape: [-1, 5, 5, 3], dtype: 'float32' },
      { name: 'w', shape: [3, 3, 1, 6], dtype: 'float32' },
      { name: 's', shape: [6], dtype: 'float32' },
      { name: 'b', shape: [6], dtype: 'float32' },
      { name: 'rm', shape: [6], dtype: 'float32' },
      { name: 'rv', shape: [6], dtype: 'float32' },
    ],
    nodes: [
      {
        op: 'conv2d',
        name: 'c',
        inputs: ['x', 'w'],
        outputs: ['c'],
        attrs: { strides: [2, 2], padding: pads, groups: 3 },
      },
      {
        op: 'batchNorm',
        name: 'bn',
        inputs: ['c', 's', 'b', 'rm', 'rv'],
        outputs: ['bn', 'mean', 'inv', 'rm2', 'rv2'],
        attrs: { epsilon: 1e-5, momentum: 0.1 },
      },
      { op: 'clip', name: 'r6', inputs: ['bn'], outputs: ['r6'], attrs: { min: 0, max: 0.5 } },
      {
        op: 'avgPool',
        name: 'gap',
        inputs: ['r6'],
        outputs: ['gap'],
        attrs: { poolSize: [3, 2], strides: [1, 1], padding: 'valid' },
      },
      {
        op: 'avgPoolGrad',
        name: 'gapg',
        inputs: ['gap'],
        outputs: ['gapg'],
        attrs: { poolSize: [3, 2], strides: [1, 1], padding: 'valid', inputShape: [3, 2, 6] },
      },
      { op: 'clipGrad', name: 'r6g', inputs: ['gapg', 'bn'], outputs: ['r6g'], attrs: { min: 0, max: 0.5 } },
      {
        op: 'batchNormGrad',
        name: 'bng',
        inputs: ['r6g', 'c', 's', 'mean', 'inv'],
        outputs: ['cg', 'ds', 'db'],
        attrs: {},
      },
      {
        op: 'batchNormInference',
        name: 'bni',
        inputs: ['c', 's', 'b', 'rm2', 'rv2'],
        outputs: ['bni'],
        attrs: { epsilon: 1e-5 },
      },
      {
        op: 'batchNormInferenceGrad',
        name: 'bnig',
        inputs: ['cg', 's', 'rv2'],
        outputs: ['bnig'],
        attrs: { epsilon: 1e-5 },
      },
      {
        op: 'avgPool',
        name: 'ap',
        inputs: ['bni'],
        outputs: ['ap'],
        attrs: { poolSize: [2, 2], strides: [2, 2], padding: [1, 1, 0, 0] },
      },
      {
        op: 'avgPoolGrad',
        name: 'apg',
        inputs: ['ap'],
        outputs: ['apg'],
        attrs: { poolSize: [2, 2], strides: [2, 2], padding: [1, 1, 0, 0], inputShape: [3, 2, 6] },
      },
      {
        op: 'conv2dGradInput',
        name: 'dx',
        inputs: ['bnig', 'w'],
        outputs: ['dx'],
        attrs: { strides: [2, 2], padding: pads, groups: 3, inputShape: [5, 5, 3] },
      },
      {
        op: 'conv2dGradFilter',
        name: 'dw',
        inputs: ['x', 'bnig'],
        outputs: ['dw'],
        attrs: { strides: [2, 2], padding: pads, groups: 3, filterShape: [3, 3, 1, 6] },
      },
    ],
    outputs: ['bn', 'rm2', 'rv2', 'r6g', 'cg', 'ds', 'db', 'apg', 'dx', 'dw'],
  },
  feeds: {
    x: x4,
    w: rand([3, 3, 1, 6], 30),
    s: rand([6], 31, 0.5, 1.5),
    b: rand([6], 32),
    rm: rand([6], 33),
    rv: rand([6], 34, 0.5, 2),
  },
});

describe.skipIf(!probe.available)(
  `lowering vs float64 reference on onnxruntime-cpu${probe.available ? '' : ` (skipped: ${probe.reason})`}`,
  () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await createOnnxruntimeBackend('cpu');
    });

    it('covers every IR op', () => {
      const covered = new Set(cases.flatMap((c) => c.graph.nodes.map((n) => n.op)));
      expect(OP_NAMES.filter((op) => !covered.has(op))).toEqual([]);
    });

    it.each(cases.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
      const want = executeGraph(c.graph, c.feeds, { precision: 'float64' });
      const want32 = executeGraph(c.graph, c.feeds, { precision: 'float32' });
      const got = await backend.run(c.graph, c.feeds);
      for (const name of c.graph.outputs) {
        // Exact outputs are compared with the float32 reference (same rounding of 1 / (1 - rate)).
        const w = c.exact?.includes(name) ? want32[name]! : want[name]!;
        const g = got[name]!;
        expect(g.dtype, name).toBe(w.dtype);
        expect(g.shape, name).toEqual([...w.shape]);
        let maxErr = 0;
        for (let i = 0; i < w.data.length; i++)
          maxErr = Math.max(maxErr, Math.abs(Number(g.data[i]) - Number(w.data[i])));
        expect(maxErr, `${name} max abs error`).toBeLessThanOrEqual(
          c.exact?.includes(name) ? 0 : (c.tol ?? 1e-5),
        );
      }
    });
  },
);
