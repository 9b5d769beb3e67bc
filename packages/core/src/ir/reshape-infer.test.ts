import { describe, expect, it } from 'vitest';
import { OpError } from '../errors';
import { inferGraph } from './graph';
import type { Graph } from './graph';

const graph: Graph = {
  inputs: [{ name: 'x', shape: [-1, 2, 3], dtype: 'float32' }],
  nodes: [{ op: 'reshape', name: 'flat', inputs: ['x'], outputs: ['y'], attrs: { shape: [-1, 6] } }],
  outputs: ['y'],
};

describe('reshape shape inference', () => {
  it('keeps -1 for a symbolic batch and resolves it when the input shape is known', () => {
    expect(inferGraph(graph).get('y')!.shape).toEqual([-1, 6]);
    expect(inferGraph(graph, { x: { shape: [4, 2, 3], dtype: 'float32' } }).get('y')!.shape).toEqual([4, 6]);
  });

  it('rejects a concrete input whose size the known dims do not divide', () => {
    const bad = { ...graph, nodes: [{ ...graph.nodes[0]!, attrs: { shape: [-1, 4] } }] } as Graph;
    expect(() => inferGraph(bad, { x: { shape: [1, 2, 3], dtype: 'float32' } })).toThrow(OpError);
  });
});
