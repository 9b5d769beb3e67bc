/**
 * importOnnx: an ONNX image classifier (NCHW, as PyTorch exports it, or NHWC as this package's
 * exporter writes it) made of supported ops becomes a ModelSpec plus weights in Bench's canonical
 * layout (NHWC activations, HWIO conv kernels, [in, out] dense kernels). onnx-proto types stay
 * inside this folder.
 */
import { readFile } from 'node:fs/promises';
import { BenchError, convOutputSize, inferShapes, parseModelSpec } from '@bench/core';
import type { HostTensor, Layer, ModelSpec, NamedTensors } from '@bench/core';
import { UnsupportedOnnxOpError } from '../errors/unsupported-onnx-op-error';
import { onnx } from '../onnx/proto';
import type { OnnxNamespace } from '../onnx/proto';
import { foldConstants, transposeConstant } from './onnx-constants';
import type { OnnxConstant } from './onnx-constants';

/** The ONNX ops `importOnnx` turns into layers (Softmax only as the final node). */
export const IMPORTABLE_ONNX_OPS: readonly string[] = [
  'Conv',
  'BatchNormalization',
  'Relu',
  'Clip',
  'MaxPool',
  'AveragePool',
  'GlobalAveragePool',
  'Add',
  'Flatten',
  'Reshape',
  'Gemm',
  'MatMul',
  'Transpose',
  'Identity',
  'Dropout',
  'Softmax',
];

/** Options of `importOnnx`. */
export interface ImportOnnxOptions {
  /**
   * Replace the classifier head by a freshly initialised dense layer with this many classes (its
   * weights are left out of `weights`, so `initWeights` draws them). Default: keep the file's.
   */
  classes?: number;
  /** The ModelSpec's name. Default: the file name without `.onnx`, or `onnx-model`. */
  name?: string;
}

/** What `importOnnx` returns. */
export interface ImportedOnnxModel {
  /** The network; `groups.body` lists every layer before the head, `groups.head` the classifier. */
  spec: ModelSpec;
  /** Weights and running statistics in canonical layout, keyed by param name (`<layer>/kernel`, ...). */
  weights: NamedTensors;
  /** The file's own number of classes. */
  sourceClasses: number;
}

/** How an activation is stored in the ONNX graph. */
type Layout = 'nchw' | 'nhwc' | 'flat';

interface Act {
  layout: Layout;
  /** Canonical shape without batch: [H, W, C] or [F]. */
  shape: number[];
  /** Produced by GlobalAveragePool: [N, C, 1, 1] in ONNX, [C] in the spec. */
  pooled?: boolean;
}

type Piece =
  | { kind: 'layer'; input: string; layer: Layer; weights: Record<string, HostTensor<'float32'>> }
  | { kind: 'pass'; input: string }
  | { kind: 'bias'; input: string; node: string; bias: Float32Array }
  | { kind: 'add'; a: string; b: string; name: string; node: string };

const f32 = (shape: number[], data: Float32Array): HostTensor<'float32'> => ({
  dtype: 'float32',
  shape,
  data,
});

function ints(node: OnnxNamespace.INodeProto, name: string): number[] | undefined {
  const a = node.attribute?.find((x) => x.name === name);
  return a ? (a.ints ?? []).map((v) => Number(v)) : undefined;
}
function int(node: OnnxNamespace.INodeProto, name: string, dflt: number): number {
  const a = node.attribute?.find((x) => x.name === name);
  return a ? Number(a.i ?? 0) : dflt;
}
function float(node: OnnxNamespace.INodeProto, name: string, dflt: number): number {
  const a = node.attribute?.find((x) => x.name === name);
  return a ? Number(a.f ?? 0) : dflt;
}
function str(node: OnnxNamespace.INodeProto, name: string, dflt: string): string {
  const a = node.attribute?.find((x) => x.name === name);
  return a?.s ? new TextDecoder().decode(a.s) : dflt;
}

/** A layer name from an exporter's node name: `/layer1/layer1.0/conv1/Conv` -> `layer1.0.conv1`. */
function layerNameOf(node: OnnxNamespace.INodeProto, used: Set<string>, fallback: string): string {
  const segs = (node.name ?? '').split('/').filter((s) => s.length > 0);
  if (segs.length > 1) segs.pop(); // the op segment (`Conv`, `Relu_1`)
  if (segs.length > 1 && segs[0] === 'node') segs.shift(); // this package's exporter: `node/<layer>/<op>`
  const kept: string[] = [];
  for (const s of segs) {
    if (kept.length > 0 && s.startsWith(`${kept[kept.length - 1]}.`)) kept.pop();
    kept.push(s);
  }
  let base = kept.join('.').replace(/[^A-Za-z0-9_.-]/g, '_') || fallback;
  if (!/^[A-Za-z0-9_.-]+$/.test(base)) base = fallback;
  let name = base;
  for (let i = 1; used.has(name); i++) name = `${base}_${i}`;
  used.add(name);
  return name;
}

/**
 * Reads an ONNX image classifier (a file path or the model bytes) and returns a ModelSpec plus
 * its weights in canonical layout. Supported: Conv (any groups, explicit or SAME/VALID pads,
 * dilation 1), BatchNormalization (kept nodes; running statistics become buffers), Relu, Clip,
 * MaxPool, AveragePool (count_include_pad 0 or no padding), GlobalAveragePool, residual Add,
 * Flatten/Reshape to [N, features], Gemm or MatMul (+ Add bias), Identity/Dropout, Transposes
 * between NCHW and NHWC, and a final Softmax. Both forms torchvision exports import: batch norm
 * kept as BatchNormalization nodes (TrainingMode.PRESERVE) or folded into Conv biases. Layer names
 * come from the exporter's node names (torchvision's module paths: `layer1.0.conv1`); the last
 * dense layer is `groups.head`, everything before it `groups.body`. Throws UnsupportedOnnxOpError
 * naming the node, its op type and the supported ops; BenchError for a file that is not a
 * single-input image classifier.
 */
export async function importOnnx(
  source: string | Uint8Array,
  options: ImportOnnxOptions = {},
): Promise<ImportedOnnxModel> {
  const bytes = typeof source === 'string' ? await readFile(source) : source;
  const fileName = typeof source === 'string' ? source : 'the model bytes';
  let model: OnnxNamespace.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new BenchError(
      'BenchError.OnnxImport',
      `importOnnx: ${fileName} is not an ONNX model (${(error as Error).message}); pass a .onnx file`,
    );
  }
  const graph = model.graph;
  if (!graph) throw new BenchError('BenchError.OnnxImport', `importOnnx: ${fileName} has no graph`);
  const { constants, folded } = foldConstants(graph);
  const inputs = (graph.input ?? []).filter((i) => !constants.has(i.name!));
  if (inputs.length !== 1) {
    throw new BenchError(
      'BenchError.OnnxImport',
      `importOnnx: ${fileName} has ${inputs.length} non-constant inputs (${inputs.map((i) => i.name).join(', ')}); an image classifier has exactly one`,
    );
  }
  const input = inputs[0]!;
  const dims = (input.type?.tensorType?.shape?.dim ?? []).map((d) =>
    d.dimValue != null ? Number(d.dimValue) : -1,
  );
  if (dims.length !== 4 || dims.slice(1).some((d) => d <= 0)) {
    throw new BenchError(
      'BenchError.OnnxImport',
      `importOnnx: input "${input.name}" of ${fileName} has shape [${dims.join(', ')}]; expected a 4-D image batch with fixed C, H, W`,
    );
  }
  const nodes = (graph.node ?? []).filter((n) => !folded.has(n));
  const consumers = (v: string) => nodes.filter((n) => (n.input ?? []).includes(v));
  const nhwcInput =
    consumers(input.name!).length > 0 &&
    consumers(input.name!).every((n) => n.opType === 'Transpose' && ints(n, 'perm')?.join() === '0,3,1,2');
  const inputShape = nhwcInput ? [dims[1]!, dims[2]!, dims[3]!] : [dims[2]!, dims[3]!, dims[1]!];

  const acts = new Map<string, Act>([
    [input.name!, { layout: nhwcInput ? 'nhwc' : 'nchw', shape: inputShape }],
  ]);
  const pieces = new Map<string, Piece>();
  const order = new Map<string, number>([[input.name!, -1]]);
  const used = new Set<string>();
  const fail = (node: OnnxNamespace.INodeProto, detail: string): never => {
    throw new UnsupportedOnnxOpError(
      node.name || node.output?.[0] || '?',
      node.opType ?? '?',
      IMPORTABLE_ONNX_OPS,
      detail,
    );
  };
  const constOf = (node: OnnxNamespace.INodeProto, i: number, what: string): OnnxConstant => {
    const c = constants.get(node.input?.[i] ?? '');
    if (!c) fail(node, `its ${what} (input ${i}, "${node.input?.[i]}") must be a constant initializer`);
    return c!;
  };
  const actOf = (node: OnnxNamespace.INodeProto, v: string): Act => {
    const a = acts.get(v);
    if (!a)
      fail(node, `input "${v}" is neither the image input, a constant nor the output of an imported node`);
    return a!;
  };
  const needNchw = (node: OnnxNamespace.INodeProto, a: Act) => {
    if (a.layout !== 'nchw' || a.pooled)
      fail(node, `expects an NCHW image tensor, got ${a.pooled ? 'a pooled' : a.layout} value`);
  };
  const windowOf = (node: OnnxNamespace.INodeProto, a: Act, kh: number, kw: number) => {
    const strides = (ints(node, 'strides') ?? [1, 1]) as [number, number];
    const dil = ints(node, 'dilations');
    if (dil?.some((d) => d !== 1)) fail(node, `dilations ${JSON.stringify(dil)} are not supported (only 1)`);
    if (int(node, 'ceil_mode', 0) !== 0) fail(node, 'ceil_mode = 1 is not supported');
    const auto = str(node, 'auto_pad', 'NOTSET');
    let padding: 'same' | 'valid' | [number, number, number, number];
    if (auto === 'VALID') padding = 'valid';
    else if (auto === 'SAME_UPPER') padding = 'same';
    else if (auto !== 'NOTSET')
      fail(node, `auto_pad ${auto} is not supported (NOTSET, VALID, SAME_UPPER are)`);
    else {
      const p = ints(node, 'pads') ?? [0, 0, 0, 0];
      padding = p.every((v) => v === 0) ? 'valid' : (p as [number, number, number, number]);
    }
    const oh = convOutputSize(a.shape[0]!, kh, strides[0], padding!, 0).out;
    const ow = convOutputSize(a.shape[1]!, kw, strides[1], padding!, 1).out;
    return { strides, padding: padding!, oh, ow };
  };
  const add = (node: OnnxNamespace.INodeProto, piece: Piece, act: Act) => {
    const out = node.output![0]!;
    pieces.set(out, piece);
    acts.set(out, act);
    order.set(out, order.size);
  };

  let softmax: { node: OnnxNamespace.INodeProto; input: string; output: string } | undefined;
  for (const node of nodes) {
    const op = node.opType ?? '';
    const x = node.input?.[0] ?? '';
    const fallback = `${op.toLowerCase()}_${order.size}`;
    switch (op) {
      case 'Conv': {
        const a = actOf(node, x);
        needNchw(node, a);
        const w = constOf(node, 1, 'weight');
        const [m, cg, kh, kw] = w.dims as [number, number, number, number];
        const groups = int(node, 'group', 1);
        if (cg * groups !== a.shape[2])
          fail(
            node,
            `weight [${w.dims.join(', ')}] with group ${groups} does not match ${a.shape[2]} input channels`,
          );
        const { strides, padding, oh, ow } = windowOf(node, a, kh, kw);
        const name = layerNameOf(node, used, fallback);
        const weights: Record<string, HostTensor<'float32'>> = {
          kernel: f32([kh, kw, cg, m], transposeConstant(w, [2, 3, 1, 0]).data),
        };
        const b = node.input?.[2] ? constOf(node, 2, 'bias') : undefined;
        if (b) weights.bias = f32([m], b.data);
        const layer: Layer = {
          type: 'conv2d',
          name,
          filters: m,
          kernelSize: [kh, kw],
          strides,
          padding,
          useBias: !!b,
          ...(groups > 1 ? { groups } : {}),
        };
        add(node, { kind: 'layer', input: x, layer, weights }, { layout: 'nchw', shape: [oh, ow, m] });
        break;
      }
      case 'BatchNormalization': {
        const a = actOf(node, x);
        if (a.layout === 'nhwc') fail(node, 'expects channels on axis 1 (NCHW or [N, C])');
        const c = a.layout === 'flat' ? a.shape[0]! : a.shape[2]!;
        const [scale, bias, mean, variance] = [1, 2, 3, 4].map((i) =>
          constOf(node, i, ['scale', 'bias', 'mean', 'var'][i - 1]!),
        );
        const name = layerNameOf(node, used, fallback);
        const momentum = 1 - float(node, 'momentum', 0.9);
        const layer: Layer = {
          type: 'batchNorm',
          name,
          epsilon: float(node, 'epsilon', 1e-5),
          momentum: Math.round(momentum * 1e6) / 1e6,
        };
        const weights = {
          scale: f32([c], scale!.data),
          bias: f32([c], bias!.data),
          running_mean: f32([c], mean!.data),
          running_var: f32([c], variance!.data),
        };
        add(node, { kind: 'layer', input: x, layer, weights }, a);
        break;
      }
      case 'Relu':
        add(
          node,
          {
            kind: 'layer',
            input: x,
            layer: { type: 'relu', name: layerNameOf(node, used, fallback) },
            weights: {},
          },
          actOf(node, x),
        );
        break;
      case 'Clip': {
        const a = actOf(node, x);
        const min = node.input?.[1]
          ? constOf(node, 1, 'min').data[0]!
          : float(node, 'min', Number.NEGATIVE_INFINITY);
        const max = node.input?.[2]
          ? constOf(node, 2, 'max').data[0]!
          : float(node, 'max', Number.POSITIVE_INFINITY);
        const name = layerNameOf(node, used, fallback);
        let layer: Layer;
        if (Number.isFinite(min) && Number.isFinite(max)) layer = { type: 'clip', name, min, max };
        else if (min === 0 && max === Number.POSITIVE_INFINITY) layer = { type: 'relu', name };
        else return fail(node, `min ${min} and max ${max} must both be finite (or min 0 without max)`);
        add(node, { kind: 'layer', input: x, layer, weights: {} }, a);
        break;
      }
      case 'MaxPool':
      case 'AveragePool': {
        const a = actOf(node, x);
        needNchw(node, a);
        if ((node.output?.length ?? 1) > 1 && node.output![1])
          fail(node, 'the Indices output is not supported');
        const [kh, kw] = ints(node, 'kernel_shape') as [number, number];
        const { strides, padding, oh, ow } = windowOf(node, a, kh, kw);
        if (op === 'AveragePool' && Array.isArray(padding) && int(node, 'count_include_pad', 0) !== 0) {
          fail(
            node,
            'count_include_pad = 1 with padding is not supported (the IR leaves padding out of the mean)',
          );
        }
        const name = layerNameOf(node, used, fallback);
        const type = op === 'MaxPool' ? 'maxPool2d' : 'avgPool2d';
        const layer = { type, name, poolSize: [kh, kw], strides, padding } as Layer;
        add(
          node,
          { kind: 'layer', input: x, layer, weights: {} },
          { layout: 'nchw', shape: [oh, ow, a.shape[2]!] },
        );
        break;
      }
      case 'GlobalAveragePool': {
        const a = actOf(node, x);
        needNchw(node, a);
        const layer: Layer = { type: 'globalAvgPool2d', name: layerNameOf(node, used, fallback) };
        add(
          node,
          { kind: 'layer', input: x, layer, weights: {} },
          { layout: 'flat', shape: [a.shape[2]!], pooled: true },
        );
        break;
      }
      case 'Transpose': {
        const a = actOf(node, x);
        const perm = ints(node, 'perm')?.join();
        const to =
          a.layout === 'nhwc' && perm === '0,3,1,2'
            ? 'nchw'
            : a.layout === 'nchw' && perm === '0,2,3,1'
              ? 'nhwc'
              : undefined;
        if (!to || a.pooled)
          fail(
            node,
            `only NCHW <-> NHWC transposes of image tensors are supported, got perm [${perm}] on a ${a.layout} value`,
          );
        add(node, { kind: 'pass', input: x }, { ...a, layout: to! });
        break;
      }
      case 'Flatten':
      case 'Reshape': {
        const a = actOf(node, x);
        if (op === 'Flatten' && int(node, 'axis', 1) !== 1) fail(node, 'only axis = 1 is supported');
        if (op === 'Reshape') {
          const target = [...constOf(node, 1, 'shape').data];
          const features = a.shape.reduce((p, d) => p * d, 1);
          const flat = target.length === 2 && (target[1] === features || target[1] === -1);
          const same =
            a.layout === 'flat' && target.length === 2 && (target[1] === a.shape[0] || target[1] === -1);
          if (!flat && !same)
            fail(node, `only a reshape to [N, features] is supported, got [${target.join(', ')}]`);
        }
        if (a.layout === 'flat') {
          add(node, { kind: 'pass', input: x }, { layout: 'flat', shape: a.shape });
          break;
        }
        if (a.layout === 'nchw' && a.shape[0]! * a.shape[1]! !== 1) {
          fail(
            node,
            `flattening an NCHW tensor with a ${a.shape[0]}x${a.shape[1]} map gives channel-major order; only 1x1 maps (or NHWC values) can be flattened`,
          );
        }
        const layer: Layer = { type: 'flatten', name: layerNameOf(node, used, fallback) };
        add(
          node,
          { kind: 'layer', input: x, layer, weights: {} },
          { layout: 'flat', shape: [a.shape.reduce((p, d) => p * d, 1)] },
        );
        break;
      }
      case 'Gemm':
      case 'MatMul': {
        const a = actOf(node, x);
        if (a.layout !== 'flat')
          fail(node, `expects a [N, features] input, got a ${a.layout} image tensor; flatten first`);
        const w = constOf(node, 1, 'weight');
        if (
          op === 'Gemm' &&
          (float(node, 'alpha', 1) !== 1 || float(node, 'beta', 1) !== 1 || int(node, 'transA', 0) !== 0)
        ) {
          fail(node, 'only alpha = 1, beta = 1, transA = 0 is supported');
        }
        const kernel = op === 'Gemm' && int(node, 'transB', 0) === 1 ? transposeConstant(w, [1, 0]) : w;
        const [inF, units] = kernel.dims as [number, number];
        if (inF !== a.shape[0])
          fail(node, `weight [${w.dims.join(', ')}] does not take ${a.shape[0]} features`);
        const weights: Record<string, HostTensor<'float32'>> = { kernel: f32([inF, units], kernel.data) };
        const b = op === 'Gemm' && node.input?.[2] ? constOf(node, 2, 'bias') : undefined;
        if (b) weights.bias = f32([units], b.data);
        const layer: Layer = { type: 'dense', name: layerNameOf(node, used, fallback), units, useBias: !!b };
        add(node, { kind: 'layer', input: x, layer, weights }, { layout: 'flat', shape: [units] });
        break;
      }
      case 'Add': {
        const [p, q] = node.input as [string, string];
        const cp = constants.get(p);
        const cq = constants.get(q);
        if (cp || cq) {
          const v = cp ? q : p;
          add(
            node,
            { kind: 'bias', input: v, node: node.name ?? '', bias: (cp ?? cq)!.data },
            actOf(node, v),
          );
          break;
        }
        const a = actOf(node, p);
        const b = actOf(node, q);
        if (a.layout !== b.layout || a.shape.join() !== b.shape.join())
          fail(node, `adds a ${a.layout} [${a.shape}] and a ${b.layout} [${b.shape}] value`);
        add(
          node,
          { kind: 'add', a: p, b: q, name: layerNameOf(node, used, fallback), node: node.name ?? '' },
          a,
        );
        break;
      }
      case 'Identity':
      case 'Dropout':
        add(node, { kind: 'pass', input: x }, actOf(node, x));
        break;
      case 'Softmax':
        if (softmax) fail(node, 'a second Softmax; Softmax is supported only as the final node');
        softmax = { node, input: x, output: node.output![0]! };
        add(node, { kind: 'pass', input: x }, actOf(node, x));
        break;
      default:
        fail(node, 'not in the supported set');
    }
  }

  // The classifier's logits: the graph output, before a final Softmax (and Identity copies).
  let outputValue = graph.output?.[0]?.name ?? '';
  while (outputValue !== softmax?.output && pieces.get(outputValue)?.kind === 'pass') {
    outputValue = (pieces.get(outputValue) as { input: string }).input;
  }
  if (softmax) {
    if (outputValue !== softmax.output) fail(softmax.node, 'Softmax is supported only as the final node');
    outputValue = softmax.input;
  }
  const weightsOf = new Map<Layer, Record<string, HostTensor<'float32'>>>();
  for (const p of pieces.values()) if (p.kind === 'layer') weightsOf.set(p.layer, p.weights);
  const layers = chainLayers(input.name!, outputValue, pieces, order, weightsOf, fail);
  return assemble(layers, inputShape, weightsOf, options, fileName);
}

/** Ancestors of a value (itself included) through the pieces. */
function ancestors(v: string, pieces: Map<string, Piece>): Set<string> {
  const seen = new Set<string>();
  const stack = [v];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    if (seen.has(cur)) continue;
    seen.add(cur);
    const p = pieces.get(cur);
    if (!p) continue;
    if (p.kind === 'add') stack.push(p.a, p.b);
    else stack.push(p.input);
  }
  return seen;
}

/** The layers that map value `from` to value `to`, residual blocks recovered at each two-input Add. */
function chainLayers(
  from: string,
  to: string,
  pieces: Map<string, Piece>,
  order: Map<string, number>,
  weightsOf: Map<Layer, Record<string, HostTensor<'float32'>>>,
  fail: (node: OnnxNamespace.INodeProto, detail: string) => never,
): Layer[] {
  const out: Layer[] = [];
  let cur = to;
  const tail: (Layer | { bias: Float32Array; node: string })[] = [];
  while (cur !== from) {
    const p = pieces.get(cur);
    if (!p)
      throw new BenchError(
        'BenchError.OnnxImport',
        `importOnnx: value "${cur}" does not lead back to the input; the graph is not a single-path classifier`,
      );
    if (p.kind === 'layer') {
      tail.push(p.layer);
      cur = p.input;
    } else if (p.kind === 'pass') cur = p.input;
    else if (p.kind === 'bias') {
      tail.push({ bias: p.bias, node: p.node });
      cur = p.input;
    } else {
      const inB = ancestors(p.b, pieces);
      let fork = '';
      let best = Number.NEGATIVE_INFINITY;
      for (const v of ancestors(p.a, pieces)) {
        if (inB.has(v) && (order.get(v) ?? -2) > best) {
          best = order.get(v) ?? -2;
          fork = v;
        }
      }
      const la = chainLayers(fork, p.a, pieces, order, weightsOf, fail);
      const lb = chainLayers(fork, p.b, pieces, order, weightsOf, fail);
      const [body, shortcut] = la.length >= lb.length ? [la, lb] : [lb, la];
      if (body.length === 0) fail({ name: p.node, opType: 'Add' }, 'adds a value to itself');
      tail.push({
        type: 'residual',
        name: p.name,
        layers: body,
        ...(shortcut.length > 0 ? { shortcut } : {}),
      });
      cur = fork;
    }
  }
  // Forward order; a bias Add attaches to the bias-free dense/conv layer right before it.
  for (const item of tail.reverse()) {
    if ('bias' in item) {
      const last = out[out.length - 1];
      if (!last || (last.type !== 'dense' && last.type !== 'conv2d') || last.useBias) {
        return fail(
          { name: item.node, opType: 'Add' },
          'adds a constant that is not the bias of a bias-free Conv/Gemm/MatMul right before it',
        );
      }
      const units = last.type === 'dense' ? last.units : last.filters;
      if (item.bias.length !== units)
        fail({ name: item.node, opType: 'Add' }, `a bias of ${item.bias.length} values for ${units} outputs`);
      last.useBias = true;
      weightsOf.get(last)!.bias = f32([units], item.bias);
    } else out.push(item);
  }
  return out;
}

/** Every layer of a list, residual bodies and shortcuts included. */
function allLayers(layers: readonly Layer[]): Layer[] {
  return layers.flatMap((l) =>
    l.type === 'residual' ? [l, ...allLayers(l.layers), ...allLayers(l.shortcut ?? [])] : [l],
  );
}

/** The spec (validated), its weights by param name, the head and groups. */
function assemble(
  layers: Layer[],
  inputShape: number[],
  weightsOf: Map<Layer, Record<string, HostTensor<'float32'>>>,
  options: ImportOnnxOptions,
  fileName: string,
): ImportedOnnxModel {
  // This package's exporter writes global pooling as a full-window AveragePool + Reshape.
  for (let i = 0; i + 1 < layers.length; i++) {
    const l = layers[i]!;
    const next = layers[i + 1]!;
    if (l.type === 'avgPool2d' && next.type === 'flatten' && l.padding === 'valid') {
      const shapes = inferShapesOf(layers.slice(0, i), inputShape);
      const [h, w] = shapes;
      const [kh, kw] = l.poolSize as [number, number];
      if (kh === h && kw === w) layers.splice(i, 2, { type: 'globalAvgPool2d', name: l.name });
    }
  }
  let headIndex = -1;
  for (let i = layers.length - 1; i >= 0; i--)
    if (layers[i]!.type === 'dense') {
      headIndex = i;
      break;
    }
  if (headIndex < 0 || layers.slice(headIndex + 1).some((l) => l.type !== 'relu' && l.type !== 'clip')) {
    throw new BenchError(
      'BenchError.OnnxImport',
      `importOnnx: ${fileName} does not end with a dense classifier (Gemm or MatMul); it is not an image classifier`,
    );
  }
  const head = layers[headIndex] as Extract<Layer, { type: 'dense' }>;
  const sourceClasses = head.units;
  const replaceHead = options.classes !== undefined && options.classes !== sourceClasses;
  if (replaceHead) {
    if (!Number.isInteger(options.classes) || options.classes! < 2)
      throw new RangeError(`importOnnx: option "classes" must be an integer >= 2, got ${options.classes}`);
    head.units = options.classes!;
    head.useBias = true;
  }
  const weights: NamedTensors = {};
  for (const l of allLayers(layers)) {
    if (replaceHead && l === head) continue;
    for (const [key, t] of Object.entries(weightsOf.get(l) ?? {})) weights[`${l.name}/${key}`] = t;
  }
  const base =
    typeof options.name === 'string'
      ? options.name
      : fileName
          .split('/')
          .pop()!
          .replace(/\.onnx$/, '') || 'onnx-model';
  const spec = parseModelSpec({
    specVersion: 1,
    name: base.replace(/[^A-Za-z0-9_.-]/g, '_') || 'onnx-model',
    input: { shape: inputShape },
    layers: [...layers, { type: 'softmax', name: 'probs' }],
    groups: {
      body: layers.slice(0, headIndex).map((l) => l.name!),
      head: layers.slice(headIndex).map((l) => l.name!),
    },
  });
  return { spec, weights, sourceClasses };
}

/** [H, W, C] (or [F]) after `layers` from `inputShape`, by core's shape inference. */
function inferShapesOf(layers: Layer[], inputShape: number[]): number[] {
  if (layers.length === 0) return inputShape;
  const probe = inferShapes({
    specVersion: 1,
    name: 'probe',
    input: { shape: inputShape },
    layers: [
      ...layers,
      { type: 'flatten', name: '__f' },
      { type: 'dense', name: '__d', units: 2 },
      { type: 'softmax', name: '__s' },
    ],
  });
  return probe.layers[layers.length - 1]!.outputShape;
}
