/**
 * GraphBuilder: an append-only ONNX GraphProto under construction. Every value name comes from
 * one NameScope shared by a model's main graph and all its subgraphs, so names are unique across
 * them (ONNX requires it for Loop bodies). Constants become Constant nodes, not initializers, so a
 * subgraph can own its constants.
 */
import { DataType, onnx } from './proto';
import type { DataTypeCode, OnnxNamespace } from './proto';

/** An attribute value: number (int unless `float()`), number[] (ints), string, or a subgraph. */
export type AttrValue = number | number[] | string | FloatAttr | FloatsAttr | GraphBuilder;

/** Marks a float attribute (plain numbers are ints). */
export interface FloatAttr {
  float: number;
}
/** Marks a float-list attribute. */
export interface FloatsAttr {
  floats: number[];
}

/** A declared graph input or output: name, element type and dims (a string dim is symbolic). */
export interface ValueDecl {
  name: string;
  type: DataTypeCode;
  dims?: (number | string)[];
}

/** Hands out names unique across a model and every subgraph in it. */
export class NameScope {
  private readonly used = new Set<string>();
  private readonly reserved = new Set<string>();

  /** Keeps `names` free for a later `claim` (graph outputs named before the lowering runs). */
  reserve(names: readonly string[]): void {
    for (const n of names) {
      if (this.used.has(n)) throw new Error(`NameScope: cannot reserve "${n}", it is already used`);
      this.reserved.add(n);
    }
  }

  /** Claims `name` exactly; throws if it was already claimed (a wiring bug in the lowering). */
  claim(name: string): string {
    if (this.used.has(name)) throw new Error(`NameScope: value name "${name}" is already used in this model`);
    this.used.add(name);
    this.reserved.delete(name);
    return name;
  }

  /** A fresh name starting with `prefix`. */
  fresh(prefix: string): string {
    const base = prefix.replace(/[^A-Za-z0-9_./:-]/g, '_');
    const free = (n: string) => !this.used.has(n) && !this.reserved.has(n);
    if (free(base)) return this.claim(base);
    for (let i = 1; ; i++) {
      const candidate = `${base}__${i}`;
      if (free(candidate)) return this.claim(candidate);
    }
  }
}

/** A float attribute. */
export function float(value: number): FloatAttr {
  return { float: value };
}

function valueInfo(decl: ValueDecl): OnnxNamespace.IValueInfoProto {
  const tensorType: OnnxNamespace.TypeProto.ITensor = { elemType: decl.type };
  if (decl.dims) {
    tensorType.shape = {
      dim: decl.dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })),
    };
  }
  return { name: decl.name, type: { tensorType } };
}

/** Builds one ONNX graph; see the file comment. */
export class GraphBuilder {
  readonly nodes: OnnxNamespace.INodeProto[] = [];
  readonly inputs: ValueDecl[] = [];
  readonly outputs: ValueDecl[] = [];
  readonly initializers: OnnxNamespace.ITensorProto[] = [];
  /**
   * Prefix of the node names appended now (after `node/`): the batch split marks each part's
   * nodes `part<h>/` so a session can run each part on its own stream (see batch-split.ts).
   */
  nodePrefix = '';

  constructor(
    readonly scope: NameScope,
    readonly name: string,
  ) {}

  /** Declares a graph input under exactly this name. */
  addInput(decl: ValueDecl): string {
    this.scope.claim(decl.name);
    this.inputs.push(decl);
    return decl.name;
  }

  /** Declares a graph output (the value must be produced by a node of this graph). */
  addOutput(decl: ValueDecl): void {
    this.outputs.push(decl);
  }

  /** Adds a float32 initializer under exactly this name (for exported inference models). */
  addInitializer(name: string, dims: readonly number[], data: Float32Array): string {
    this.scope.claim(name);
    this.initializers.push({
      name,
      dims: [...dims],
      dataType: DataType.FLOAT,
      rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)),
    });
    return name;
  }

  /**
   * Appends a node and returns its output names. `outputs` is a count (fresh names from `hint`)
   * or explicit names (already claimed by the caller, or '' for an unused optional output).
   */
  op(
    opType: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
    outputs: number | string[] = 1,
    hint = opType,
  ): string[] {
    const outs =
      typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.scope.fresh(hint)) : outputs;
    this.nodes.push({
      opType,
      name: this.scope.fresh(`node/${this.nodePrefix}${hint}`),
      input: [...inputs],
      output: outs,
      attribute: Object.entries(attrs).map(([name, v]) => encodeAttr(name, v)),
    });
    return outs;
  }

  /** A single-output node of a non-default domain (one of EXTRA_DOMAINS, imported by buildModel). */
  opIn(
    domain: string,
    opType: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
    hint = opType,
  ): string {
    const out = this.op1(opType, inputs, attrs, hint);
    this.nodes[this.nodes.length - 1]!.domain = domain;
    return out;
  }

  /** Appends a single-output node and returns its output name. */
  op1(
    opType: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
    hint = opType,
  ): string {
    return this.op(opType, inputs, attrs, 1, hint)[0]!;
  }

  /** A Constant node holding a tensor of the given type (dims [] = scalar). */
  constant(
    type: DataTypeCode,
    values: readonly (number | bigint)[],
    dims: readonly number[] = [values.length],
    hint = 'const',
  ): string {
    const t: OnnxNamespace.ITensorProto = { dims: [...dims], dataType: type };
    let bytes: ArrayBufferView;
    switch (type) {
      case DataType.FLOAT:
        bytes = Float32Array.from(values as number[]);
        break;
      case DataType.INT32:
        bytes = Int32Array.from(values as number[]);
        break;
      case DataType.UINT32:
        bytes = Uint32Array.from(values as number[]);
        break;
      case DataType.INT64:
        bytes = BigInt64Array.from(values.map((v) => BigInt(v)));
        break;
      case DataType.BOOL:
      case DataType.UINT8:
        bytes = Uint8Array.from(values as number[]);
        break;
      default:
        throw new Error(`GraphBuilder.constant: unsupported element type ${type}`);
    }
    t.rawData = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out = this.scope.fresh(hint);
    this.nodes.push({
      opType: 'Constant',
      name: this.scope.fresh(`node/${this.nodePrefix}${hint}`),
      input: [],
      output: [out],
      attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t }],
    });
    return out;
  }

  /** A float32 constant. */
  f32(values: number | readonly number[], dims?: readonly number[]): string {
    return typeof values === 'number'
      ? this.constant(DataType.FLOAT, [values], [], 'f32')
      : this.constant(DataType.FLOAT, values, dims, 'f32');
  }

  /** An int64 constant (shapes, axes, indices); a plain number gives a scalar. */
  i64(values: number | readonly number[], dims?: readonly number[]): string {
    return typeof values === 'number'
      ? this.constant(DataType.INT64, [values], [], 'i64')
      : this.constant(DataType.INT64, values, dims, 'i64');
  }

  /** Converts to a GraphProto. */
  toProto(): OnnxNamespace.IGraphProto {
    return {
      name: this.name,
      node: this.nodes,
      input: this.inputs.map(valueInfo),
      output: this.outputs.map(valueInfo),
      initializer: this.initializers,
    };
  }
}

function encodeAttr(name: string, v: AttrValue): OnnxNamespace.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'number') return { name, type: T.INT, i: v };
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v };
  if (v instanceof GraphBuilder) return { name, type: T.GRAPH, g: v.toProto() };
  if ('floats' in v) return { name, type: T.FLOATS, floats: v.floats };
  return { name, type: T.FLOAT, f: v.float };
}
