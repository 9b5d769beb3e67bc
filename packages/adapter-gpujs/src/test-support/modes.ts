/**
 * Test helpers: which modes run here (probed once per test file) and op-level comparison
 * against core's reference backend.
 */
import { createReferenceBackend } from '@bench/core';
import type { Graph, HostTensor, Node } from '@bench/core';
import { skipUnavailableBackend } from '@bench/testkit';
import type { GpuJsMode } from '../modes';
import { MODES } from '../modes';
import { probeMode } from '../probe';

/** Modes tested in this package; gl is probed too so its skip reason is printed. */
export const TEST_MODES: GpuJsMode[] = ['webgpu', 'gl', 'wasm', 'cpu'];

/**
 * Probe results, keyed by mode, with a printed reason for every unavailable one; a mode whose
 * backend CI requires (`BENCH_REQUIRED_BACKENDS`) and that is unavailable fails the test file.
 */
export async function probeAll(): Promise<Record<GpuJsMode, { available: boolean; reason?: string }>> {
  const out = {} as Record<GpuJsMode, { available: boolean; reason?: string }>;
  for (const m of TEST_MODES) {
    out[m] = await probeMode(m);
    skipUnavailableBackend(MODES[m].backend, out[m]);
  }
  return out;
}

/** A one-node graph with float32 inputs (int32 where named in `ints`). */
export function oneNode(node: Node, feeds: Record<string, HostTensor>): Graph {
  return {
    inputs: node.inputs.map((name) => ({ name, shape: [...feeds[name]!.shape], dtype: feeds[name]!.dtype })),
    nodes: [node],
    outputs: [...node.outputs],
  };
}

/** Seeded uniform float32 tensor in [-1, 1). */
export function rand(shape: number[], seed: number): HostTensor<'float32'> {
  let s = seed >>> 0 || 1;
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = (s / 4294967296) * 2 - 1;
  }
  return { dtype: 'float32', shape, data };
}

/** The reference backend's outputs for a graph. */
export async function reference(
  graph: Graph,
  feeds: Record<string, HostTensor>,
): Promise<Record<string, HostTensor>> {
  return createReferenceBackend().run(graph, feeds);
}

/** Largest absolute difference between two tensors (Infinity on a shape mismatch). */
export function maxAbsDiff(a: HostTensor, b: HostTensor): number {
  if (a.shape.join(',') !== b.shape.join(',') || a.data.length !== b.data.length)
    return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i]! - b.data[i]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return m;
}
