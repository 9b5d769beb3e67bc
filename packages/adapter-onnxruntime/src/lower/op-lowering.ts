/**
 * The lowering of one IR op to standard ONNX ops (one per file in this folder, listed in
 * register-all.ts), the way tfjs backends declare one kernel per file.
 */
import type { Node, OpName } from '@bench/core';
import type { LowerContext } from './context';

/** The IR node type of op K. */
export type NodeOf<K extends OpName> = Extract<Node, { op: K }>;

/** Lowers nodes of op K: reads inputs from the context, emits ONNX nodes, binds the outputs. */
export interface OpLowering<K extends OpName = OpName> {
  op: K;
  lower(ctx: LowerContext, node: NodeOf<K>): void;
}

/** Declares a lowering (keeps K inferred). */
export function defineLowering<K extends OpName>(l: OpLowering<K>): OpLowering<K> {
  return l;
}
