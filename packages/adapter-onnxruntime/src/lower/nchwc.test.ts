/**
 * The NCHWc convolution lowering (nchwc-impl.ts) against core's float64 reference on shapes that
 * stress the in-graph filter reorder: channel counts that are not a multiple of the block size
 * (8 or 16), a plain 3-channel input (opt-in), strides, asymmetric and explicit pads, non-square kernels,
 * bias + ReLU fused. Each case also checks which path the model took, so a silent fallback to the
 * standard Conv fails here, and the fallback shapes (channels not a multiple of 4, groups) stay right.
 */
import { executeGraph } from '@bench/core';
import type { Backend, Graph, HostTensor, Padding } from '@bench/core';
import { skipUnavailableBackend } from '@bench/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOnnxruntimeBackend } from '../backend/entries';
import { buildGraphModel } from '../backend/models';
import { probeCpu } from '../backend/probe';
import { usedDomains } from '../onnx/model';
import { NCHWC_DOMAIN } from '../onnx/proto';
import { rand } from './__fixtures__/tensors';

const probe = await probeCpu(1);
skipUnavailableBackend('onnxruntime-cpu', probe);

interface ConvCase {
  title: string;
  /** x [N, H, W, C] and w [kh, kw, C, M]. */
  x: number[];
  w: number[];
  strides?: [number, number];
  padding: Padding;
  groups?: number;
  /** Whether the forward conv (and, at stride 1, the input gradient) must take the NCHWc path. */
  nchwc: boolean;
  gradNchwc?: boolean;
  /** BENCH_ORT_NCHWC_PLAIN for this case (the plain-input path is opt-in). */
  plain?: '0' | '1';
}

const CASES: ConvCase[] = [
  {
    title: 'plain 3-channel input, 12 filters (BENCH_ORT_NCHWC_PLAIN=1)',
    x: [2, 7, 6, 3],
    w: [3, 3, 3, 12],
    padding: 'same',
    nchwc: true,
    plain: '1',
  },
  {
    title: 'plain 3-channel input takes FusedConv by default',
    x: [2, 5, 5, 3],
    w: [3, 3, 3, 8],
    padding: 'same',
    nchwc: false,
  },
  {
    title: '12 -> 20 channels (padded blocks), same',
    x: [2, 6, 7, 12],
    w: [3, 3, 12, 20],
    padding: 'same',
    nchwc: true,
    gradNchwc: true,
  },
  {
    title: '20 -> 8 channels, 2x3 kernel, explicit asymmetric pads',
    x: [3, 5, 6, 20],
    w: [2, 3, 20, 8],
    padding: [1, 0, 0, 2],
    nchwc: true,
    gradNchwc: true,
  },
  {
    title: '8 -> 36 channels, stride 2, same (asymmetric)',
    x: [2, 8, 7, 8],
    w: [3, 3, 8, 36],
    strides: [2, 2],
    padding: 'same',
    nchwc: true,
  },
  {
    title: '16 -> 4 channels, 1x1, valid',
    x: [2, 5, 5, 16],
    w: [1, 1, 16, 4],
    padding: 'valid',
    nchwc: true,
    gradNchwc: true,
  },
  {
    title: '4 -> 4 channels, 3x3 valid',
    x: [1, 6, 5, 4],
    w: [3, 3, 4, 4],
    padding: 'valid',
    nchwc: true,
    gradNchwc: true,
  },
  { title: 'fallback: 6 -> 8 channels', x: [2, 5, 5, 6], w: [3, 3, 6, 8], padding: 'same', nchwc: false },
  { title: 'fallback: 8 -> 10 channels', x: [2, 5, 5, 8], w: [3, 3, 8, 10], padding: 'same', nchwc: false },
  {
    title: 'fallback: grouped 8 -> 8 channels, 2 groups',
    x: [2, 5, 5, 8],
    w: [3, 3, 4, 8],
    padding: 'same',
    groups: 2,
    nchwc: false,
  },
];

/** conv2d + biasAdd + relu (fusable) and, at stride 1, conv2dGradInput of a dy. */
function caseGraph(c: ConvCase): { graph: Graph; feeds: Record<string, HostTensor> } {
  const strides = c.strides ?? [1, 1];
  const [n, h, wd, ch] = c.x;
  const m = c.w[3]!;
  const attrs = { strides, padding: c.padding, groups: c.groups ?? 1 };
  const forward: Graph = {
    inputs: [
      { name: 'x', shape: [-1, h!, wd!, ch!], dtype: 'float32' },
      { name: 'w', shape: c.w, dtype: 'float32' },
      { name: 'b', shape: [m], dtype: 'float32' },
    ],
    nodes: [
      { op: 'conv2d', name: 'c', inputs: ['x', 'w'], outputs: ['c'], attrs },
      { op: 'biasAdd', name: 'cb', inputs: ['c', 'b'], outputs: ['cb'], attrs: {} },
      { op: 'relu', name: 'r', inputs: ['cb'], outputs: ['r'], attrs: {} },
    ],
    outputs: ['r'],
  };
  const feeds: Record<string, HostTensor> = { x: rand(c.x, 1), w: rand(c.w, 2), b: rand([m], 3) };
  if (strides[0] !== 1 || strides[1] !== 1) return { graph: forward, feeds };
  const out = executeGraph(forward, feeds).r!;
  feeds.dy = rand([n!, ...out.shape.slice(1)], 4);
  const graph: Graph = {
    inputs: [...forward.inputs, { name: 'dy', shape: [-1, ...out.shape.slice(1)], dtype: 'float32' }],
    nodes: [
      ...forward.nodes,
      {
        op: 'conv2dGradInput',
        name: 'gi',
        inputs: ['dy', 'w'],
        outputs: ['dx'],
        attrs: { ...attrs, inputShape: [h!, wd!, ch!] },
      },
    ],
    outputs: ['r', 'dx'],
  };
  return { graph, feeds };
}

/** NCHWc Conv nodes in the lowered model, by whether they read a reordered dy (input gradient). */
function nchwcConvs(graph: Graph): { forward: number; gradInput: number } {
  const model = buildGraphModel(graph, 'onnxruntime-cpu');
  const convs = (model.graph!.node ?? []).filter((q) => q.domain === NCHWC_DOMAIN && q.opType === 'Conv');
  const gradInput = convs.filter((q) => q.output![0]!.startsWith('dx')).length;
  return { forward: convs.length - gradInput, gradInput };
}

describe.skipIf(!probe.available)(
  `NCHWc convolutions vs float64 reference${probe.available ? '' : ` (skipped: ${probe.reason})`}`,
  () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await createOnnxruntimeBackend('cpu');
    });

    it.each(CASES.map((c) => [c.title, c] as const))('%s', async (_t, c) => {
      const saved = process.env.BENCH_ORT_NCHWC_PLAIN;
      if (c.plain) process.env.BENCH_ORT_NCHWC_PLAIN = c.plain;
      try {
        await checkCase(c);
      } finally {
        if (saved === undefined) Reflect.deleteProperty(process.env, 'BENCH_ORT_NCHWC_PLAIN');
        else process.env.BENCH_ORT_NCHWC_PLAIN = saved;
      }
    });

    async function checkCase(c: ConvCase): Promise<void> {
      const { graph, feeds } = caseGraph(c);
      expect(nchwcConvs(graph)).toEqual({ forward: c.nchwc ? 1 : 0, gradInput: c.gradNchwc ? 1 : 0 });
      const want = executeGraph(graph, feeds, { precision: 'float64' });
      const got = await backend.run(graph, feeds);
      for (const name of graph.outputs) {
        expect(got[name]!.shape, name).toEqual([...want[name]!.shape]);
        let maxErr = 0;
        for (let i = 0; i < want[name]!.data.length; i++)
          maxErr = Math.max(maxErr, Math.abs(Number(got[name]!.data[i]) - Number(want[name]!.data[i])));
        expect(maxErr, `${name} max abs error`).toBeLessThanOrEqual(1e-5);
      }
    }

    it('keeps portable models (exportOnnx) and BENCH_ORT_CONV=conv on standard ops', () => {
      const { graph } = caseGraph(CASES.find((c) => c.title.startsWith('12 -> 20'))!);
      const saved = process.env.BENCH_ORT_CONV;
      process.env.BENCH_ORT_CONV = 'conv';
      try {
        expect(usedDomains(buildGraphModel(graph, 'onnxruntime-cpu').graph!).size).toBe(0);
      } finally {
        if (saved === undefined) Reflect.deleteProperty(process.env, 'BENCH_ORT_CONV');
        else process.env.BENCH_ORT_CONV = saved;
      }
      expect(usedDomains(buildGraphModel(graph, 'onnxruntime-cuda').graph!).size).toBe(0);
      expect([...usedDomains(buildGraphModel(graph, 'onnxruntime-cpu').graph!)]).toEqual([NCHWC_DOMAIN]);
    });
  },
);
