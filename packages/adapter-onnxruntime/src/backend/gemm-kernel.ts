/**
 * onnxruntime's MatMul (MLAS SGEMM on the CPU provider) as the GEMM that core's
 * `calibrateCpuPeak` times: the fastest fp32 GEMM Bench can reach from Node, so the measured peak
 * is the machine's, not a slow kernel's.
 */
import { availableParallelism } from 'node:os';
import type { GemmKernel } from '@bench/core';
import { GraphBuilder, NameScope } from '../onnx/graph-builder';
import { buildModel, encodeModel } from '../onnx/model';
import { DataType } from '../onnx/proto';
import { loadOrt } from '../ort/runtime';
import type { OrtInferenceSession, OrtTensor } from '../ort/runtime';

/**
 * A GemmKernel running `C = A x B` (n x n fp32) in an onnxruntime CPU session with `threads`
 * intra-op threads (default: the machine's available parallelism, i.e. all of the CPU).
 */
export async function createOnnxruntimeGemmKernel(threads = availableParallelism()): Promise<GemmKernel> {
  const ort = await loadOrt();
  const g = new GraphBuilder(new NameScope(), 'gemm');
  const a = g.addInput({ name: 'a', type: DataType.FLOAT, dims: ['n', 'n'] });
  const b = g.addInput({ name: 'b', type: DataType.FLOAT, dims: ['n', 'n'] });
  g.addOutput({ name: g.op1('MatMul', [a, b], {}, 'c'), type: DataType.FLOAT, dims: ['n', 'n'] });
  const session: OrtInferenceSession = await ort.InferenceSession.create(encodeModel(buildModel(g)), {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
  });
  const feeds = new Map<number, Record<string, OrtTensor>>();
  const version = (ort as unknown as { env?: { versions?: { common?: string } } }).env?.versions?.common;
  return {
    label: `onnxruntime${version ? ` ${version}` : ''} MatMul (MLAS), ${threads} thread${threads === 1 ? '' : 's'}`,
    async run(n) {
      let f = feeds.get(n);
      if (!f) {
        const data = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 1000) / 1000);
        f = { a: new ort.Tensor('float32', data, [n, n]), b: new ort.Tensor('float32', data, [n, n]) };
        feeds.set(n, f);
      }
      await session.run(f);
    },
  };
}
