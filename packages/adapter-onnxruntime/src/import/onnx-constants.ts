/**
 * Constant tensors of an ONNX graph for the importer: initializers, Constant nodes, and the
 * constant expressions exporters put in front of weights (Transpose, Reshape, Identity,
 * Unsqueeze, Squeeze, Cast, Flatten of constants), folded to plain float32 (or int64 as numbers)
 * row-major arrays.
 */
import type { OnnxNamespace } from '../onnx/proto';
import { onnx } from '../onnx/proto';

/** A folded constant: dims and values (float32; int64/int32 converted to numbers). */
export interface OnnxConstant {
  dims: number[];
  data: Float32Array;
}

const T = onnx.TensorProto.DataType;

/** Decodes a TensorProto (raw or typed fields) to a float32 constant. */
export function decodeTensor(t: OnnxNamespace.ITensorProto, what: string): OnnxConstant {
  const dims = (t.dims ?? []).map((d) => Number(d));
  const n = dims.reduce((a, b) => a * b, 1);
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : undefined;
  const view = (
    ctor:
      | Float32ArrayConstructor
      | Float64ArrayConstructor
      | BigInt64ArrayConstructor
      | Int32ArrayConstructor,
    size: number,
  ) => {
    // A fresh, aligned copy: protobufjs hands out Buffer views into a shared pool at any offset.
    const copy = new Uint8Array(raw!.length);
    copy.set(raw!);
    return new ctor(copy.buffer, 0, copy.byteLength / size);
  };
  let data: Float32Array;
  switch (t.dataType) {
    case T.FLOAT:
      data = raw
        ? Float32Array.from(view(Float32Array, 4) as Float32Array)
        : Float32Array.from(t.floatData ?? []);
      break;
    case T.DOUBLE:
      data = Float32Array.from(raw ? (view(Float64Array, 8) as Float64Array) : (t.doubleData ?? []));
      break;
    case T.INT64:
      data = raw
        ? Float32Array.from(view(BigInt64Array, 8) as BigInt64Array, (v) => Number(v))
        : Float32Array.from(t.int64Data ?? [], (v) => Number(v));
      break;
    case T.INT32:
      data = Float32Array.from(raw ? (view(Int32Array, 4) as Int32Array) : (t.int32Data ?? []));
      break;
    default:
      throw new RangeError(
        `importOnnx: tensor "${what}" has element type ${t.dataType}; only float, double, int32 and int64 constants are read`,
      );
  }
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    throw new RangeError(
      `importOnnx: tensor "${what}" is stored as external data; re-export the model with its weights inside the .onnx file`,
    );
  }
  if (data.length !== n)
    throw new RangeError(
      `importOnnx: tensor "${what}" holds ${data.length} values for dims [${dims.join(', ')}]`,
    );
  return { dims, data };
}

/** Transposes a row-major constant by `perm`. */
export function transposeConstant(c: OnnxConstant, perm: readonly number[]): OnnxConstant {
  const rank = c.dims.length;
  const outDims = perm.map((p) => c.dims[p]!);
  const inStrides = c.dims.map((_, i) => c.dims.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(c.data.length);
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let k = 0; k < rank; k++) src += idx[k]! * inStrides[perm[k]!]!;
    out[o] = c.data[src]!;
    for (let k = rank - 1; k >= 0; k--) {
      if (++idx[k]! < outDims[k]!) break;
      idx[k] = 0;
    }
  }
  return { dims: outDims, data: out };
}

function attrInts(node: OnnxNamespace.INodeProto, name: string): number[] | undefined {
  const a = node.attribute?.find((x) => x.name === name);
  return a ? (a.ints ?? []).map((v) => Number(v)) : undefined;
}

function attrInt(node: OnnxNamespace.INodeProto, name: string): number | undefined {
  const a = node.attribute?.find((x) => x.name === name);
  return a ? Number(a.i ?? 0) : undefined;
}

/** Reshape's target dims with 0 (copy) and -1 (infer) resolved. */
function reshapeDims(from: number[], spec: number[]): number[] {
  const dims = spec.map((d, i) => (d === 0 ? from[i]! : d));
  const total = from.reduce((a, b) => a * b, 1);
  const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  return dims.map((d) => (d === -1 ? total / known : d));
}

/**
 * Every constant of the graph by value name, folding constant expressions in node order. Returns
 * the constants and the names of the nodes that were folded away (the importer skips them).
 */
export function foldConstants(graph: OnnxNamespace.IGraphProto): {
  constants: Map<string, OnnxConstant>;
  folded: Set<OnnxNamespace.INodeProto>;
} {
  const constants = new Map<string, OnnxConstant>();
  const folded = new Set<OnnxNamespace.INodeProto>();
  for (const t of graph.initializer ?? []) constants.set(t.name!, decodeTensor(t, t.name!));
  for (const node of graph.node ?? []) {
    const out = node.output?.[0];
    if (!out) continue;
    if (node.opType === 'Constant') {
      const v = node.attribute?.find((a) => a.name === 'value');
      if (v?.t) {
        constants.set(out, decodeTensor(v.t, out));
        folded.add(node);
      }
      continue;
    }
    const ins = (node.input ?? []).filter((i) => i !== '');
    if (ins.length === 0 || !ins.every((i) => constants.has(i))) continue;
    const c = constants.get(ins[0]!)!;
    let value: OnnxConstant | undefined;
    switch (node.opType) {
      case 'Identity':
      case 'Cast':
        value = c;
        break;
      case 'Transpose':
        value = transposeConstant(c, attrInts(node, 'perm') ?? c.dims.map((_, i) => c.dims.length - 1 - i));
        break;
      case 'Reshape':
        value = { dims: reshapeDims(c.dims, [...constants.get(ins[1]!)!.data]), data: c.data };
        break;
      case 'Flatten': {
        const axis = attrInt(node, 'axis') ?? 1;
        const a = c.dims.slice(0, axis).reduce((x, y) => x * y, 1);
        value = { dims: [a, c.data.length / a], data: c.data };
        break;
      }
      case 'Unsqueeze':
      case 'Squeeze': {
        const axes = ins[1] ? [...constants.get(ins[1])!.data] : (attrInts(node, 'axes') ?? []);
        let dims = [...c.dims];
        if (node.opType === 'Squeeze')
          dims = dims.filter(
            (d, i) => !(axes.length === 0 ? d === 1 : axes.includes(i) || axes.includes(i - dims.length)),
          );
        else
          for (const a of [...axes].sort((x, y) => x - y)) dims.splice(a < 0 ? dims.length + a + 1 : a, 0, 1);
        value = { dims, data: c.data };
        break;
      }
      default:
        value = undefined;
    }
    if (value) {
      constants.set(out, value);
      folded.add(node);
    }
  }
  return { constants, folded };
}
