import { describe, expect, it } from 'vitest';
import { UnsupportedOpError } from '../errors';
import type { Graph } from '../ir/graph';
import { tensor } from '../tensor';
import { executeGraph } from './execute-graph';
import { KernelRegistry } from './kernel-registry';
import { referenceKernels } from './register-all';

const dense: Graph = {
  inputs: [
    { name: 'x', shape: [-1, 3], dtype: 'float32' },
    { name: 'w', shape: [3, 2], dtype: 'float32' },
    { name: 'b', shape: [2], dtype: 'float32' },
  ],
  nodes: [
    { op: 'matmul', name: 'mm', inputs: ['x', 'w'], outputs: ['xw'], attrs: {} },
    { op: 'biasAdd', name: 'ba', inputs: ['xw', 'b'], outputs: ['z'], attrs: {} },
    { op: 'relu', name: 'act', inputs: ['z'], outputs: ['y'], attrs: {} },
  ],
  outputs: ['y', 'x'],
};

const feeds = {
  x: tensor([1, 2, 3, -1, -2, -3], [2, 3]),
  w: tensor([1, 0, 0, 1, 1, 1], [3, 2]),
  b: tensor([0.5, -0.5], [2]),
};

describe('executeGraph', () => {
  it('runs nodes in order and returns the requested outputs (inputs too)', () => {
    const out = executeGraph(dense, feeds);
    expect(out.y!.shape).toEqual([2, 2]);
    expect(Array.from(out.y!.data)).toEqual([4.5, 4.5, 0, 0]);
    expect(out.y!.data).toBeInstanceOf(Float32Array);
    expect(out.x).toBe(feeds.x);
    expect(Object.keys(out).sort()).toEqual(['x', 'y']);
  });

  it('runs in float64 on request, without modifying float32 feeds', () => {
    const before = Array.from(feeds.x.data);
    const out = executeGraph(dense, feeds, { precision: 'float64' });
    expect(out.y!.data).toBeInstanceOf(Float64Array);
    expect(Array.from(out.y!.data)).toEqual([4.5, 4.5, 0, 0]);
    expect(Array.from(feeds.x.data)).toEqual(before);
  });

  it('names the feed, the expected and the actual shape on a mismatch', () => {
    expect(() => executeGraph(dense, { ...feeds, w: tensor([1, 2, 3, 4], [2, 2]) })).toThrow(
      /feed "w" has shape \[2, 2\].*expects float32 \[3, 2\]/,
    );
    expect(() => executeGraph(dense, { x: feeds.x, w: feeds.w } as never)).toThrow(/missing feed "b"/);
    expect(() => executeGraph(dense, { ...feeds, q: feeds.b })).toThrow(/feed "q" is not an input/);
    expect(() => executeGraph(dense, { ...feeds, b: tensor([1, 2], [2], 'int32') })).toThrow(TypeError);
  });

  it('checks that every -1 dimension gets the same batch size', () => {
    const g: Graph = {
      inputs: [
        { name: 'a', shape: [-1, 2], dtype: 'float32' },
        { name: 'b', shape: [-1, 2], dtype: 'float32' },
      ],
      nodes: [{ op: 'add', name: 'sum', inputs: ['a', 'b'], outputs: ['c'], attrs: {} }],
      outputs: ['c'],
    };
    expect(() => executeGraph(g, { a: tensor([1, 2], [1, 2]), b: tensor([1, 2, 3, 4], [2, 2]) })).toThrow(
      /feed "b" has batch 2.*feed "a" has batch 1/,
    );
  });

  it('reports a missing kernel as UnsupportedOpError naming op and backend', () => {
    const kernels = new KernelRegistry(
      referenceKernels.filter((k) => k.op !== 'relu'),
      'partial',
    );
    expect(() => executeGraph(dense, feeds, { kernels })).toThrow(UnsupportedOpError);
    expect(() => executeGraph(dense, feeds, { kernels })).toThrow(
      /op "relu" is not supported by backend "partial"/,
    );
  });

  it('catches a kernel whose output breaks the shape rule', () => {
    const bad = referenceKernels.map((k) =>
      k.op === 'relu' ? { op: 'relu' as const, run: () => [tensor([1, 2], [2])] } : k,
    );
    expect(() => executeGraph(dense, feeds, { kernels: new KernelRegistry(bad, 'bad') })).toThrow(
      /kernel bug/,
    );
  });
});
