/**
 * Startup check of onnxruntime's NCHWc kernels (lower/nchwc-impl.ts) on this machine: a small
 * conv2d + bias + ReLU and its input gradient, lowered the NCHWc way, against core's float64
 * reference. The lowering does not depend on the CPU's NCHWc block size, but a platform whose
 * MLAS lacks (or breaks) these kernels must fall back to the standard Conv rather than crash or
 * train on wrong numbers. Run once per process by the CPU backend.
 */
import { Rng, executeGraph } from '@bench/core';
import type { Graph, HostTensor } from '@bench/core';
import { usedDomains } from '../onnx/model';
import { encodeModel } from '../onnx/model';
import { NCHWC_DOMAIN } from '../onnx/proto';
import type { Ort } from '../ort/runtime';
import { buildGraphModel, outputName } from './models';

/** Largest abs difference accepted against the float64 reference. */
const TOLERANCE = 1e-4;

const GRAPH: Graph = {
  inputs: [
    { name: 'x', shape: [2, 5, 6, 8], dtype: 'float32' },
    { name: 'w', shape: [3, 3, 8, 12], dtype: 'float32' },
    { name: 'b', shape: [12], dtype: 'float32' },
    { name: 'dy', shape: [2, 5, 6, 12], dtype: 'float32' },
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
      op: 'conv2dGradInput',
      name: 'gi',
      inputs: ['dy', 'w'],
      outputs: ['dx'],
      attrs: { strides: [1, 1], padding: 'same', inputShape: [5, 6, 8] },
    },
  ],
  outputs: ['r', 'dx'],
};

let result: Promise<string | undefined> | undefined;

/** Undefined when the NCHWc kernels compute the check graph right here, else why not. */
export function checkNchwc(ort: Ort): Promise<string | undefined> {
  result ??= run(ort);
  return result;
}

async function run(ort: Ort): Promise<string | undefined> {
  try {
    const model = buildGraphModel(GRAPH, 'onnxruntime-cpu');
    if (!usedDomains(model.graph!).has(NCHWC_DOMAIN)) return undefined; // switched off (BENCH_ORT_CONV)
    const rng = new Rng(7);
    const feeds: Record<string, HostTensor> = {};
    for (const v of GRAPH.inputs) {
      const n = v.shape.reduce((a, b) => a * b, 1);
      feeds[v.name] = {
        dtype: 'float32',
        shape: v.shape,
        data: Float32Array.from({ length: n }, () => rng.uniform(-1, 1)),
      };
    }
    const want = executeGraph(GRAPH, feeds, { precision: 'float64' });
    const session = await ort.InferenceSession.create(encodeModel(model), { intraOpNumThreads: 1 });
    try {
      const got = await session.run(
        Object.fromEntries(
          Object.entries(feeds).map(([k, t]) => [
            k,
            new ort.Tensor('float32', t.data as Float32Array, [...t.shape]),
          ]),
        ),
      );
      for (const name of GRAPH.outputs) {
        const g = got[outputName(name)]!.data as Float32Array;
        const w = want[name]!.data;
        let err = g.length === w.length ? 0 : Number.POSITIVE_INFINITY;
        for (let i = 0; i < w.length && err <= TOLERANCE; i++)
          err = Math.max(err, Math.abs(g[i]! - Number(w[i])));
        if (!(err <= TOLERANCE))
          return `NCHWc kernels computed "${name}" off by ${err} (tolerance ${TOLERANCE})`;
      }
    } finally {
      await session.release();
    }
    return undefined;
  } catch (e) {
    return `NCHWc kernels failed: ${e instanceof Error ? e.message : String(e)}`;
  }
}
