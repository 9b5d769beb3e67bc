/**
 * The split-shifts filter gradient (grad-filter-shifts.ts) against core's float64 reference:
 * row shifts by MatMul (small planes) and by Pads, square and non-square kernels, "same", "valid" and explicit asymmetric pads, a batch given at
 * run time, and x with NaN and Inf (which must take the exact patches branch: the shift MatMul's
 * zeros would turn an Inf into NaN). Each case also checks which path the lowering chose.
 */
import { executeGraph } from '@bench/core';
import type { Backend, Graph, HostTensor, Padding } from '@bench/core';
import { skipUnavailableBackend } from '@bench/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOnnxruntimeBackend } from '../backend/entries';
import { buildGraphModel } from '../backend/models';
import { probeCpu } from '../backend/probe';
import { rand } from './__fixtures__/tensors';

const probe = await probeCpu(1);
skipUnavailableBackend('onnxruntime-cpu', probe);

interface ShiftCase {
  title: string;
  /** x [N, H, W, C] and the filter [kh, kw, C, M]. */
  x: number[];
  filter: [number, number, number, number];
  padding: Padding;
  shifts: boolean;
  /** Flat indices of x set to NaN, +Inf, -Inf in turn. */
  nonFinite?: number[];
}

const CASES: ShiftCase[] = [
  {
    title: '3x3 same, 8 -> 16 channels',
    x: [3, 6, 6, 8],
    filter: [3, 3, 8, 16],
    padding: 'same',
    shifts: true,
  },
  {
    title: '3x3 same on a 9x8 plane (row shifts by Pads), 16 -> 16 channels',
    x: [2, 9, 8, 16],
    filter: [3, 3, 16, 16],
    padding: 'same',
    shifts: true,
  },
  {
    title: '2x3 explicit asymmetric pads, 12 -> 8 channels',
    x: [2, 5, 6, 12],
    filter: [2, 3, 12, 8],
    padding: [1, 0, 0, 2],
    shifts: true,
  },
  {
    title: '3x3 valid, 8 -> 8 channels',
    x: [2, 5, 7, 8],
    filter: [3, 3, 8, 8],
    padding: 'valid',
    shifts: true,
  },
  { title: '1x1, 16 -> 4 channels', x: [2, 3, 4, 16], filter: [1, 1, 16, 4], padding: 'valid', shifts: true },
  {
    title: 'NaN and Inf in x (border and interior) take the patches branch',
    x: [2, 6, 6, 8],
    filter: [3, 3, 8, 16],
    padding: 'same',
    shifts: true,
    // (n 0, row 0, column 0, channel 3), (n 1, row 2, column 5, channel 0), (n 1, row 3, column 3, channel 7)
    nonFinite: [3, 288 + 2 * 48 + 5 * 8, 288 + 3 * 48 + 3 * 8 + 7],
  },
  {
    title: 'an RGB input with many filters keeps the patches',
    x: [2, 8, 8, 3],
    filter: [3, 3, 3, 32],
    padding: 'same',
    shifts: false,
  },
];

function caseGraph(c: ShiftCase): { graph: Graph; feeds: Record<string, HostTensor> } {
  const [n, h, w, ch] = c.x as [number, number, number, number];
  const [kh, kw, , m] = c.filter;
  const same = c.padding === 'same';
  const pads = Array.isArray(c.padding) ? c.padding : [0, 0, 0, 0];
  const oh = same ? h : h + pads[0]! + pads[2]! - kh + 1;
  const ow = same ? w : w + pads[1]! + pads[3]! - kw + 1;
  const x = rand(c.x, 1);
  const special = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  (c.nonFinite ?? []).forEach((at, i) => {
    x.data[at] = special[i % 3]!;
  });
  const graph: Graph = {
    inputs: [
      { name: 'x', shape: [-1, h, w, ch], dtype: 'float32' },
      { name: 'dy', shape: [-1, oh, ow, m], dtype: 'float32' },
    ],
    nodes: [
      {
        op: 'conv2dGradFilter',
        name: 'gf',
        inputs: ['x', 'dy'],
        outputs: ['dw'],
        attrs: { strides: [1, 1], padding: c.padding, filterShape: c.filter },
      },
    ],
    outputs: ['dw'],
  };
  return { graph, feeds: { x, dy: rand([n, oh, ow, m], 2) } };
}

describe.skipIf(!probe.available)(
  `split-shifts filter gradient vs float64 reference${probe.available ? '' : ` (skipped: ${probe.reason})`}`,
  () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await createOnnxruntimeBackend('cpu');
    });

    it.each(CASES.map((c) => [c.title, c] as const))('%s', async (_t, c) => {
      const { graph, feeds } = caseGraph(c);
      const ops = (buildGraphModel(graph, 'onnxruntime-cpu').graph!.node ?? []).map((q) => q.opType);
      expect(ops.includes('If'), 'an If between split shifts and patches').toBe(c.shifts);
      expect(ops.includes('Slice'), 'patch slices outside the If').toBe(!c.shifts);
      const want = executeGraph(graph, feeds, { precision: 'float64' }).dw!;
      const got = (await backend.run(graph, feeds)).dw!;
      expect(got.shape).toEqual([...want.shape]);
      let maxErr = 0;
      let nonFinite = 0;
      for (let i = 0; i < want.data.length; i++) {
        const [g, r] = [Number(got.data[i]), Number(want.data[i])];
        if (!Number.isFinite(r)) {
          nonFinite++;
          expect(Object.is(g, r) || (Number.isNaN(g) && Number.isNaN(r)), `dw[${i}]: ${g} vs ${r}`).toBe(
            true,
          );
        } else maxErr = Math.max(maxErr, Math.abs(g - r));
      }
      expect(maxErr, 'max abs error').toBeLessThanOrEqual(1e-5);
      if (c.nonFinite) expect(nonFinite, 'non-finite entries of dw').toBeGreaterThan(0);
    });
  },
);
