/**
 * The kernel contract of this adapter: one config per IR op (one file each, listed in
 * register-all.ts). `build` runs once per node and concrete input shapes (batch size known) and
 * returns a `run` closure that launches the op's gpu.js kernels on device buffers.
 */
import type { Node, OpName, ValueType } from '@bench/core';
import type { DeviceBuffer, GpuJsEngine } from '../engine/engine';

/** An input as a kernel sees it: its device buffer and, for int32 scalars (`step`), the host value. */
export interface KernelInput {
  type: ValueType;
  buffer: DeviceBuffer;
  /** Host copy of small int32 inputs (the step counter), so kernels need no readback for them. */
  host?: Int32Array;
}

/** What `build` gets: the node, its concrete input and output types, the engine. */
export interface KernelBuildContext<K extends OpName = OpName> {
  engine: GpuJsEngine;
  node: Extract<Node, { op: K }>;
  inputs: ValueType[];
  outputs: ValueType[];
}

/** Launches the op on device buffers; returns one buffer per output (a reshape may return its input's buffer). */
export type KernelRun = (inputs: KernelInput[]) => Promise<DeviceBuffer[]>;

/** One IR op's gpu.js implementation. */
export interface KernelConfig<K extends OpName = OpName> {
  op: K;
  build(ctx: KernelBuildContext<K>): KernelRun;
}

/** Helper that keeps the op name and the node type tied together. */
export function defineKernel<K extends OpName>(config: KernelConfig<K>): KernelConfig<K> {
  return config;
}
