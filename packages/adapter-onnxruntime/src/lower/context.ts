/**
 * LowerContext: the state of lowering one IR graph (or a Loop body) into a GraphBuilder. It maps
 * each IR value to its ONNX name and physical layout, inserts Transposes when a consumer needs a
 * different layout (once per value and layout), and carries the inferred canonical types.
 */
import { OpError, UnsupportedOpError } from '@bench/core';
import type { Node, ValueType } from '@bench/core';
import type { GraphBuilder } from '../onnx/graph-builder';
import { between, identity, runSwap, samePerm } from './perm';

/** An IR value as lowered: its ONNX name and layout permutation. */
export interface Lowered {
  name: string;
  perm: readonly number[];
}

/** See the file comment. */
export class LowerContext {
  private readonly values = new Map<string, Lowered>();
  private readonly converted = new Map<string, string>();
  /** Per-lowering memo for ops that share work (e.g. MaxPool indices reused by maxPoolGrad). */
  readonly memo = new Map<string, unknown>();
  /**
   * When this context lowers part of a batch (batch-split.ts): int64 scalar, the rows of the full
   * batch before this part (dropout masks index the full batch).
   */
  rowOffset: string | undefined;

  constructor(
    readonly g: GraphBuilder,
    /** Inferred canonical types of every IR value (from core's inferGraph). */
    readonly types: ReadonlyMap<string, ValueType>,
    /** Backend name, for error messages. */
    readonly backend: string,
    /** All nodes of the graph being lowered (lowerings may look at consumers). */
    readonly nodes: readonly Node[],
    /** The graph's requested outputs (values a lowering must not fuse away). */
    readonly outputs: readonly string[] = [],
    /**
     * Standard ops only, for files other tools read (exportOnnx): max-pooling is a plain MaxPool,
     * without the nodes that make NaN win a window (NaN handling is then the reader runtime's).
     */
    readonly portable = false,
  ) {}

  /** Binds an IR value to an ONNX value with the given layout (identity by default). */
  bind(irName: string, onnxName: string, perm?: readonly number[]): void {
    const rank = this.type(irName).shape.length;
    this.values.set(irName, { name: onnxName, perm: perm ?? identity(rank) });
  }

  /** True when the IR value has been bound. */
  has(irName: string): boolean {
    return this.values.has(irName);
  }

  /** The value as it is stored (any layout). */
  raw(irName: string): Lowered {
    const v = this.values.get(irName);
    if (!v)
      throw new OpError(
        'lowering',
        irName,
        `value "${irName}" is used before it is defined (backend ${this.backend})`,
      );
    return v;
  }

  /** The ONNX name of the value in layout `perm` (canonical when omitted), transposing once if needed. */
  get(irName: string, perm?: readonly number[]): string {
    const v = this.raw(irName);
    const want = perm ?? identity(v.perm.length);
    if (samePerm(v.perm, want)) return v.name;
    const key = `${irName}|${want.join(',')}`;
    let name = this.converted.get(key);
    if (!name) {
      // Not the identity: samePerm above returned for that.
      const p = between(v.perm, want);
      const canonical = this.type(irName).shape;
      const swap = runSwap(
        v.perm.map((a) => canonical[a]!),
        p,
      );
      const g = this.g;
      if (swap) {
        const flat = g.op1('Reshape', [v.name, g.i64(swap)], {}, `${irName}.2d`);
        const t = g.op1('Transpose', [flat], { perm: [1, 0] }, `${irName}.T`);
        name = g.op1('Reshape', [t, g.i64(want.map((a) => canonical[a]!))], {}, `${irName}.T`);
      } else name = g.op1('Transpose', [v.name], { perm: p }, `${irName}.T`);
      this.converted.set(key, name);
    }
    return name;
  }

  /**
   * The one node reading IR value `v`, when exactly one does and `v` is not a graph output: the
   * condition for folding that node into the one producing `v`.
   */
  onlyConsumer(v: string): Node | undefined {
    const consumers = this.nodes.filter((q) => q.inputs.includes(v));
    return consumers.length === 1 && !this.outputs.includes(v) ? consumers[0] : undefined;
  }

  /** Canonical type of an IR value. */
  type(irName: string): ValueType {
    const t = this.types.get(irName);
    if (!t) throw new OpError('lowering', irName, `no inferred type for value "${irName}"`);
    return t;
  }

  /** Throws the typed "not supported" error for an attribute value this backend cannot lower. */
  unsupported(node: Node, detail: string): never {
    throw new UnsupportedOpError(node.op, this.backend, `node "${node.name}": ${detail}`);
  }
}
