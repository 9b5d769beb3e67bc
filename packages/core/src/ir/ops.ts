/**
 * The training-step IR: every op declared once, with its inputs, outputs, attributes and shape
 * rule. Adapters implement exactly these ops (see docs/adding-a-backend.md); layers, losses,
 * gradients and optimizers are built from them by the compiler and never touch a backend.
 *
 * Conventions (canonical layout, shared by every backend at its edges):
 * - activations are NHWC (`[batch, height, width, channels]`) or `[batch, features]`;
 * - dense kernels are `[in, out]`, conv kernels `[kh, kw, inChannels, outChannels]`, biases `[out]`;
 * - labels are int32 class indices `[batch]`;
 * - a dimension of -1 in a declared shape is the batch size, known only when a batch arrives.
 */
import { OpError } from '../errors';
import { formatShape } from '../tensor';
import type { DType } from '../tensor';

/**
 * Window padding: TensorFlow's `'same'` / `'valid'` rules, or explicit pads as ONNX writes them,
 * `[top, left, bottom, right]` (ONNX `pads` = [h_begin, w_begin, h_end, w_end]), which may be
 * asymmetric.
 */
export type Padding = 'same' | 'valid' | ExplicitPads;

/** Explicit window pads `[top, left, bottom, right]` (ONNX order), each >= 0. */
export type ExplicitPads = [number, number, number, number];

/** Attributes shared by the 2-D average-pool op and its gradient. */
export interface AvgPoolAttrs {
  poolSize: [number, number];
  strides: [number, number];
  padding: Padding;
}

/** Attributes of each op. Every attribute is plain JSON. */
export interface OpAttrs {
  matmul: { transA?: boolean; transB?: boolean };
  biasAdd: Record<string, never>;
  reduceSum: { axes: number[] };
  relu: Record<string, never>;
  reluGrad: Record<string, never>;
  mul: Record<string, never>;
  add: Record<string, never>;
  conv2d: { strides: [number, number]; padding: Padding; groups?: number };
  conv2dGradInput: {
    strides: [number, number];
    padding: Padding;
    inputShape: [number, number, number];
    groups?: number;
  };
  conv2dGradFilter: {
    strides: [number, number];
    padding: Padding;
    filterShape: [number, number, number, number];
    groups?: number;
  };
  maxPool: { poolSize: [number, number]; strides: [number, number]; padding: Padding };
  maxPoolGrad: { poolSize: [number, number]; strides: [number, number]; padding: Padding };
  avgPool: AvgPoolAttrs;
  avgPoolGrad: AvgPoolAttrs & { inputShape: [number, number, number] };
  batchNorm: { epsilon: number; momentum: number };
  batchNormGrad: Record<string, never>;
  batchNormInference: { epsilon: number };
  batchNormInferenceGrad: { epsilon: number };
  clip: { min: number; max: number };
  clipGrad: { min: number; max: number };
  reshape: { shape: number[] };
  dropout: { rate: number; seed: number };
  softmax: Record<string, never>;
  softmaxCrossEntropy: Record<string, never>;
  softmaxCrossEntropyGrad: Record<string, never>;
  errorCount: Record<string, never>;
  argmax: Record<string, never>;
  sgdUpdate: { lr: number };
  adamUpdate: { lr: number; beta1: number; beta2: number; epsilon: number };
}

/** Name of an IR op. */
export type OpName = keyof OpAttrs;

/** Shape and dtype of one value, as the shape rules see it. */
export interface ValueType {
  shape: number[];
  dtype: DType;
}

/** The declaration of one op. */
export interface OpDef<K extends OpName = OpName> {
  name: K;
  /** One line: what the op computes. */
  doc: string;
  /** Input names, in order. */
  inputs: readonly string[];
  /** Output names, in order. */
  outputs: readonly string[];
  /** Output types from input types and attributes; throws OpError on a bad combination. */
  infer(inputs: ValueType[], attrs: OpAttrs[K], node: string): ValueType[];
}

const f32 = (shape: number[]): ValueType => ({ shape, dtype: 'float32' });

function fail(op: string, node: string, message: string): never {
  throw new OpError(op, node, message);
}

function expectRank(op: string, node: string, what: string, t: ValueType, rank: number): void {
  if (t.shape.length !== rank) {
    fail(op, node, `${what} must have rank ${rank}, got shape ${formatShape(t.shape)}`);
  }
}

function expectDType(op: string, node: string, what: string, t: ValueType, dtype: DType): void {
  if (t.dtype !== dtype) fail(op, node, `${what} must be ${dtype}, got ${t.dtype}`);
}

function dimsEqual(a: number, b: number): boolean {
  return a === b || a === -1 || b === -1;
}

function expectSameShape(
  op: string,
  node: string,
  a: ValueType,
  b: ValueType,
  names: [string, string],
): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => !dimsEqual(d, b.shape[i]!))) {
    fail(
      op,
      node,
      `${names[0]} ${formatShape(a.shape)} and ${names[1]} ${formatShape(b.shape)} must have the same shape`,
    );
  }
}

/**
 * Output size and the padding before/after along one spatial axis (0 = height, 1 = width):
 * TensorFlow's rules for `'same'`/`'valid'`, ONNX's `floor((in + pads - kernel) / stride) + 1`
 * for explicit pads.
 */
export function convOutputSize(
  inSize: number,
  kernel: number,
  stride: number,
  padding: Padding,
  axis: 0 | 1 = 0,
): { out: number; padBefore: number; padAfter: number } {
  if (Array.isArray(padding)) {
    const padBefore = padding[axis]!;
    const padAfter = padding[axis + 2]!;
    if (inSize === -1) return { out: -1, padBefore, padAfter };
    return { out: Math.floor((inSize + padBefore + padAfter - kernel) / stride) + 1, padBefore, padAfter };
  }
  if (inSize === -1) return { out: -1, padBefore: 0, padAfter: 0 };
  if (padding === 'valid') {
    return { out: Math.floor((inSize - kernel) / stride) + 1, padBefore: 0, padAfter: 0 };
  }
  const out = Math.ceil(inSize / stride);
  const total = Math.max((out - 1) * stride + kernel - inSize, 0);
  const padBefore = Math.floor(total / 2);
  return { out, padBefore, padAfter: total - padBefore };
}

/** Describes a padding for messages: `"same"` or `pads [1, 1, 0, 0]`. */
export function formatPadding(padding: Padding): string {
  return Array.isArray(padding) ? `pads ${formatShape(padding)}` : `"${padding}"`;
}

/** Checks explicit pads (four integers >= 0, each smaller than the window along its axis). */
function checkPadding(op: string, node: string, padding: Padding, kh: number, kw: number): void {
  if (!Array.isArray(padding)) {
    if (padding !== 'same' && padding !== 'valid') {
      fail(
        op,
        node,
        `padding must be "same", "valid" or [top, left, bottom, right], got ${JSON.stringify(padding)}`,
      );
    }
    return;
  }
  const ok =
    padding.length === 4 &&
    padding.every((p) => Number.isInteger(p) && p >= 0) &&
    padding[0] < kh &&
    padding[2] < kh &&
    padding[1] < kw &&
    padding[3] < kw;
  if (!ok) {
    fail(
      op,
      node,
      `explicit pads must be 4 integers [top, left, bottom, right] >= 0 and smaller than the ${kh}x${kw} window, got ${JSON.stringify(padding)}`,
    );
  }
}

function windowOutput(
  op: string,
  node: string,
  x: ValueType,
  kh: number,
  kw: number,
  strides: [number, number],
  padding: Padding,
): [number, number] {
  const [sh, sw] = strides;
  if (!(sh >= 1 && sw >= 1)) fail(op, node, `strides must be >= 1, got ${formatShape(strides)}`);
  checkPadding(op, node, padding, kh, kw);
  const oh = convOutputSize(x.shape[1]!, kh, sh, padding, 0).out;
  const ow = convOutputSize(x.shape[2]!, kw, sw, padding, 1).out;
  if (oh <= 0 || ow <= 0) {
    fail(
      op,
      node,
      `a ${kh}x${kw} window with padding ${formatPadding(padding)} does not fit input ${formatShape(x.shape)}`,
    );
  }
  return [oh, ow];
}

/**
 * Checks grouped-convolution channels: x has `c` channels, the kernel `[kh, kw, c / groups, m]`;
 * both `c` and `m` divide by `groups` (depthwise: groups = c).
 */
function checkGroups(
  op: string,
  node: string,
  groups: number | undefined,
  c: number,
  wIn: number,
  m: number,
): void {
  const g = groups ?? 1;
  if (!Number.isInteger(g) || g < 1) fail(op, node, `groups must be an integer >= 1, got ${groups}`);
  if (c === -1) return;
  if (c % g !== 0 || m % g !== 0 || !dimsEqual(wIn, c / g)) {
    fail(
      op,
      node,
      `with groups ${g}, x's ${c} channels and the kernel's ${m} filters must divide by ${g} and the kernel's input channels must be ${c / g}, got ${wIn}`,
    );
  }
}

/** The per-channel vector inputs of the batch-norm ops: rank 1, as long as x's last axis. */
function expectChannelVectors(op: string, node: string, x: ValueType, named: [string, ValueType][]): void {
  const c = x.shape[x.shape.length - 1]!;
  if (x.shape.length < 2)
    fail(op, node, `x must have rank >= 2 (channels last), got ${formatShape(x.shape)}`);
  for (const [name, t] of named) {
    if (t.shape.length !== 1 || !dimsEqual(t.shape[0]!, c)) {
      fail(
        op,
        node,
        `${name} ${formatShape(t.shape)} must be [${c}], the channel axis of x ${formatShape(x.shape)}`,
      );
    }
  }
}

function def<K extends OpName>(d: OpDef<K>): OpDef<K> {
  return d;
}

/** An op on two float32 tensors of one shape, giving a tensor of that shape. */
function elementwiseBinary<K extends 'reluGrad' | 'mul' | 'add'>(
  name: K,
  doc: string,
  inputs: [string, string],
  output: string,
): OpDef<K> {
  return {
    name,
    doc,
    inputs,
    outputs: [output],
    infer([a, b], _attrs, node) {
      expectSameShape(name, node, a!, b!, inputs);
      return [f32([...a!.shape])];
    },
  };
}

/** Every op of the IR, by name. */
export const OPS: { [K in OpName]: OpDef<K> } = {
  matmul: def({
    name: 'matmul',
    doc: 'y = op(a) @ op(b), op = transpose when transA/transB is set; a, b rank 2.',
    inputs: ['a', 'b'],
    outputs: ['y'],
    infer([a, b], attrs, node) {
      expectRank('matmul', node, 'a', a!, 2);
      expectRank('matmul', node, 'b', b!, 2);
      const [m, ka] = attrs.transA ? [a!.shape[1]!, a!.shape[0]!] : [a!.shape[0]!, a!.shape[1]!];
      const [kb, n] = attrs.transB ? [b!.shape[1]!, b!.shape[0]!] : [b!.shape[0]!, b!.shape[1]!];
      if (!dimsEqual(ka, kb)) {
        fail(
          'matmul',
          node,
          `inner dimensions differ: a ${formatShape(a!.shape)} and b ${formatShape(b!.shape)}`,
        );
      }
      return [f32([m, n])];
    },
  }),
  biasAdd: def({
    name: 'biasAdd',
    doc: 'y = x + b, b broadcast along the last axis of x.',
    inputs: ['x', 'b'],
    outputs: ['y'],
    infer([x, b], _a, node) {
      expectRank('biasAdd', node, 'b', b!, 1);
      if (!dimsEqual(x!.shape[x!.shape.length - 1]!, b!.shape[0]!)) {
        fail(
          'biasAdd',
          node,
          `bias ${formatShape(b!.shape)} does not match the last axis of x ${formatShape(x!.shape)}`,
        );
      }
      return [f32([...x!.shape])];
    },
  }),
  reduceSum: def({
    name: 'reduceSum',
    doc: 'y = sum of x over `axes` (dropped from the shape). Used for bias gradients.',
    inputs: ['x'],
    outputs: ['y'],
    infer([x], attrs, node) {
      const rank = x!.shape.length;
      for (const a of attrs.axes) {
        if (!Number.isInteger(a) || a < 0 || a >= rank) {
          fail('reduceSum', node, `axis ${a} is out of range for x ${formatShape(x!.shape)}`);
        }
      }
      return [f32(x!.shape.filter((_, i) => !attrs.axes.includes(i)))];
    },
  }),
  relu: def({
    name: 'relu',
    doc: 'y = max(x, 0).',
    inputs: ['x'],
    outputs: ['y'],
    infer: ([x]) => [f32([...x!.shape])],
  }),
  reluGrad: elementwiseBinary(
    'reluGrad',
    'dx = dy where y > 0, else 0 (y is the relu output).',
    ['dy', 'y'],
    'dx',
  ),
  mul: elementwiseBinary(
    'mul',
    'y = a * b elementwise, same shapes (dropout backward: dy * mask).',
    ['a', 'b'],
    'y',
  ),
  add: elementwiseBinary(
    'add',
    'y = a + b elementwise, same shapes (residual connections and their gradients).',
    ['a', 'b'],
    'y',
  ),
  conv2d: def({
    name: 'conv2d',
    doc: 'y = 2-D cross-correlation of x [N,H,W,C] with w [kh,kw,C/groups,M] (TensorFlow padding rules or explicit pads), no bias; groups (default 1) split channels and filters into independent groups (depthwise: groups = C).',
    inputs: ['x', 'w'],
    outputs: ['y'],
    infer([x, w], attrs, node) {
      expectRank('conv2d', node, 'x', x!, 4);
      expectRank('conv2d', node, 'w', w!, 4);
      if (!attrs.groups || attrs.groups === 1) {
        if (!dimsEqual(x!.shape[3]!, w!.shape[2]!)) {
          fail(
            'conv2d',
            node,
            `x ${formatShape(x!.shape)} has ${x!.shape[3]} channels but w ${formatShape(w!.shape)} expects ${w!.shape[2]}`,
          );
        }
      } else checkGroups('conv2d', node, attrs.groups, x!.shape[3]!, w!.shape[2]!, w!.shape[3]!);
      const [oh, ow] = windowOutput(
        'conv2d',
        node,
        x!,
        w!.shape[0]!,
        w!.shape[1]!,
        attrs.strides,
        attrs.padding,
      );
      return [f32([x!.shape[0]!, oh, ow, w!.shape[3]!])];
    },
  }),
  conv2dGradInput: def({
    name: 'conv2dGradInput',
    doc: 'dx [N,H,W,C] of conv2d from dy [N,OH,OW,M] and w [kh,kw,C/groups,M]; attrs.inputShape = [H,W,C].',
    inputs: ['dy', 'w'],
    outputs: ['dx'],
    infer([dy, w], attrs, node) {
      expectRank('conv2dGradInput', node, 'dy', dy!, 4);
      expectRank('conv2dGradInput', node, 'w', w!, 4);
      const [h, wd, c] = attrs.inputShape;
      const x = f32([dy!.shape[0]!, h, wd, c]);
      checkGroups('conv2dGradInput', node, attrs.groups, c, w!.shape[2]!, w!.shape[3]!);
      const [oh, ow] = windowOutput(
        'conv2dGradInput',
        node,
        x,
        w!.shape[0]!,
        w!.shape[1]!,
        attrs.strides,
        attrs.padding,
      );
      if (
        !dimsEqual(oh, dy!.shape[1]!) ||
        !dimsEqual(ow, dy!.shape[2]!) ||
        !dimsEqual(dy!.shape[3]!, w!.shape[3]!)
      ) {
        fail(
          'conv2dGradInput',
          node,
          `dy ${formatShape(dy!.shape)} does not match input ${formatShape(attrs.inputShape)} and w ${formatShape(w!.shape)}`,
        );
      }
      return [x];
    },
  }),
  conv2dGradFilter: def({
    name: 'conv2dGradFilter',
    doc: 'dw [kh,kw,C/groups,M] of conv2d from x [N,H,W,C] and dy [N,OH,OW,M]; attrs.filterShape = [kh,kw,C/groups,M].',
    inputs: ['x', 'dy'],
    outputs: ['dw'],
    infer([x, dy], attrs, node) {
      expectRank('conv2dGradFilter', node, 'x', x!, 4);
      expectRank('conv2dGradFilter', node, 'dy', dy!, 4);
      const [kh, kw, c, m] = attrs.filterShape;
      const [oh, ow] = windowOutput('conv2dGradFilter', node, x!, kh, kw, attrs.strides, attrs.padding);
      const groups = attrs.groups ?? 1;
      checkGroups('conv2dGradFilter', node, groups, x!.shape[3]!, c, m);
      if (
        !dimsEqual(oh, dy!.shape[1]!) ||
        !dimsEqual(ow, dy!.shape[2]!) ||
        !dimsEqual(dy!.shape[3]!, m) ||
        !dimsEqual(x!.shape[3]!, c * groups)
      ) {
        fail(
          'conv2dGradFilter',
          node,
          `dy ${formatShape(dy!.shape)} does not match x ${formatShape(x!.shape)} and filter ${formatShape(attrs.filterShape)}`,
        );
      }
      return [f32([kh, kw, c, m])];
    },
  }),
  maxPool: def({
    name: 'maxPool',
    doc: 'y = max over each window of x [N,H,W,C]; "same" padding pads with -infinity.',
    inputs: ['x'],
    outputs: ['y'],
    infer([x], attrs, node) {
      expectRank('maxPool', node, 'x', x!, 4);
      const [oh, ow] = windowOutput(
        'maxPool',
        node,
        x!,
        attrs.poolSize[0],
        attrs.poolSize[1],
        attrs.strides,
        attrs.padding,
      );
      return [f32([x!.shape[0]!, oh, ow, x!.shape[3]!])];
    },
  }),
  maxPoolGrad: def({
    name: 'maxPoolGrad',
    doc: 'dx: each dy element added to the position of its window maximum in x (first maximum in row-major window order on ties).',
    inputs: ['dy', 'x'],
    outputs: ['dx'],
    infer([dy, x], attrs, node) {
      expectRank('maxPoolGrad', node, 'x', x!, 4);
      const [oh, ow] = windowOutput(
        'maxPoolGrad',
        node,
        x!,
        attrs.poolSize[0],
        attrs.poolSize[1],
        attrs.strides,
        attrs.padding,
      );
      expectSameShape('maxPoolGrad', node, dy!, f32([x!.shape[0]!, oh, ow, x!.shape[3]!]), [
        'dy',
        'maxPool(x)',
      ]);
      return [f32([...x!.shape])];
    },
  }),
  avgPool: def({
    name: 'avgPool',
    doc: 'y = mean over each window of x [N,H,W,C]; padded positions are left out of the mean (TensorFlow "same", ONNX count_include_pad = 0).',
    inputs: ['x'],
    outputs: ['y'],
    infer([x], attrs, node) {
      expectRank('avgPool', node, 'x', x!, 4);
      const [kh, kw] = attrs.poolSize;
      const [oh, ow] = windowOutput('avgPool', node, x!, kh, kw, attrs.strides, attrs.padding);
      return [f32([x!.shape[0]!, oh, ow, x!.shape[3]!])];
    },
  }),
  avgPoolGrad: def({
    name: 'avgPoolGrad',
    doc: 'dx [N,H,W,C] of avgPool: each dy element spread evenly over the real (unpadded) positions of its window; attrs.inputShape = [H,W,C].',
    inputs: ['dy'],
    outputs: ['dx'],
    infer([dy], attrs, node) {
      expectRank('avgPoolGrad', node, 'dy', dy!, 4);
      const x = f32([dy!.shape[0]!, ...attrs.inputShape]);
      const [oh, ow] = windowOutput(
        'avgPoolGrad',
        node,
        x,
        attrs.poolSize[0],
        attrs.poolSize[1],
        attrs.strides,
        attrs.padding,
      );
      expectSameShape('avgPoolGrad', node, dy!, f32([x.shape[0]!, oh, ow, x.shape[3]!]), [
        'dy',
        'avgPool(x)',
      ]);
      return [x];
    },
  }),
  batchNorm: def({
    name: 'batchNorm',
    doc:
      'Training batch normalisation over every axis but the last (channels): mean, var = batch statistics (biased var); ' +
      'y = (x - mean) * invStd * scale + bias with invStd = 1 / sqrt(var + epsilon); ' +
      'running_new = (1 - momentum) * running + momentum * batch statistic (PyTorch convention: momentum 0.1; the running var takes the unbiased batch var).',
    inputs: ['x', 'scale', 'bias', 'runningMean', 'runningVar'],
    outputs: ['y', 'mean', 'invStd', 'runningMean_new', 'runningVar_new'],
    infer([x, scale, bias, rm, rv], attrs, node) {
      expectChannelVectors('batchNorm', node, x!, [
        ['scale', scale!],
        ['bias', bias!],
        ['runningMean', rm!],
        ['runningVar', rv!],
      ]);
      if (!(attrs.epsilon > 0)) fail('batchNorm', node, `epsilon must be > 0, got ${attrs.epsilon}`);
      if (!(attrs.momentum >= 0 && attrs.momentum <= 1))
        fail('batchNorm', node, `momentum must be in [0, 1], got ${attrs.momentum}`);
      const c = [x!.shape[x!.shape.length - 1]!];
      return [f32([...x!.shape]), f32(c), f32(c), f32(c), f32(c)];
    },
  }),
  batchNormGrad: def({
    name: 'batchNormGrad',
    doc:
      'Gradients of training batchNorm from dy, x, scale and the saved mean and invStd: ' +
      'dbias = sum dy, dscale = sum dy * xhat, dx = scale * invStd * (dy - mean(dy) - xhat * mean(dy * xhat)) (sums and means over every axis but the last).',
    inputs: ['dy', 'x', 'scale', 'mean', 'invStd'],
    outputs: ['dx', 'dscale', 'dbias'],
    infer([dy, x, scale, mean, invStd], _a, node) {
      expectSameShape('batchNormGrad', node, dy!, x!, ['dy', 'x']);
      expectChannelVectors('batchNormGrad', node, x!, [
        ['scale', scale!],
        ['mean', mean!],
        ['invStd', invStd!],
      ]);
      const c = [x!.shape[x!.shape.length - 1]!];
      return [f32([...x!.shape]), f32(c), f32(c)];
    },
  }),
  batchNormInference: def({
    name: 'batchNormInference',
    doc: 'Eval-mode batch normalisation from running statistics: y = (x - mean) / sqrt(var + epsilon) * scale + bias, per channel (last axis).',
    inputs: ['x', 'scale', 'bias', 'mean', 'var'],
    outputs: ['y'],
    infer([x, scale, bias, mean, v], attrs, node) {
      expectChannelVectors('batchNormInference', node, x!, [
        ['scale', scale!],
        ['bias', bias!],
        ['mean', mean!],
        ['var', v!],
      ]);
      if (!(attrs.epsilon > 0)) fail('batchNormInference', node, `epsilon must be > 0, got ${attrs.epsilon}`);
      return [f32([...x!.shape])];
    },
  }),
  batchNormInferenceGrad: def({
    name: 'batchNormInferenceGrad',
    doc: 'dx of batchNormInference (a frozen batch-norm layer): dx = dy * scale / sqrt(var + epsilon), per channel (last axis).',
    inputs: ['dy', 'scale', 'var'],
    outputs: ['dx'],
    infer([dy, scale, v], _a, node) {
      expectChannelVectors('batchNormInferenceGrad', node, dy!, [
        ['scale', scale!],
        ['var', v!],
      ]);
      return [f32([...dy!.shape])];
    },
  }),
  clip: def({
    name: 'clip',
    doc: 'y = min(max(x, min), max) elementwise (ReLU6: min 0, max 6).',
    inputs: ['x'],
    outputs: ['y'],
    infer([x], attrs, node) {
      if (!(attrs.min < attrs.max))
        fail('clip', node, `min must be < max, got min ${attrs.min}, max ${attrs.max}`);
      return [f32([...x!.shape])];
    },
  }),
  clipGrad: def({
    name: 'clipGrad',
    doc: 'dx = dy where min < x < max, else 0 (x is the clip input).',
    inputs: ['dy', 'x'],
    outputs: ['dx'],
    infer([dy, x], attrs, node) {
      if (!(attrs.min < attrs.max))
        fail('clipGrad', node, `min must be < max, got min ${attrs.min}, max ${attrs.max}`);
      expectSameShape('clipGrad', node, dy!, x!, ['dy', 'x']);
      return [f32([...x!.shape])];
    },
  }),
  reshape: def({
    name: 'reshape',
    doc: 'y = x with a new shape (row-major order kept); attrs.shape may start with -1 for the batch, resolved by inference when x is concrete.',
    inputs: ['x'],
    outputs: ['y'],
    infer([x], attrs, node) {
      const known = (s: number[]) => s.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
      const xBatch = x!.shape.includes(-1);
      const yBatch = attrs.shape.includes(-1);
      const cannot = () =>
        fail('reshape', node, `cannot reshape ${formatShape(x!.shape)} to ${formatShape(attrs.shape)}`);
      if (!xBatch && yBatch) {
        // a concrete input resolves the -1, so backends get every shape from inference
        const rest = known(attrs.shape);
        if (known(x!.shape) % rest !== 0) cannot();
        return [{ shape: attrs.shape.map((d) => (d === -1 ? known(x!.shape) / rest : d)), dtype: x!.dtype }];
      }
      if (xBatch !== yBatch || known(x!.shape) !== known(attrs.shape)) cannot();
      return [{ shape: [...attrs.shape], dtype: x!.dtype }];
    },
  }),
  dropout: def({
    name: 'dropout',
    doc: 'Training dropout: mask = (counterUniform(seed, step, i) >= rate) / (1 - rate); y = x * mask. `step` is an int32 scalar.',
    inputs: ['x', 'step'],
    outputs: ['y', 'mask'],
    infer([x, step], attrs, node) {
      if (!(attrs.rate >= 0 && attrs.rate < 1))
        fail('dropout', node, `rate must be in [0, 1), got ${attrs.rate}`);
      expectDType('dropout', node, 'step', step!, 'int32');
      return [f32([...x!.shape]), f32([...x!.shape])];
    },
  }),
  softmax: def({
    name: 'softmax',
    doc: 'y = softmax of x [N,K] along the last axis (max-subtracted).',
    inputs: ['x'],
    outputs: ['y'],
    infer([x], _a, node) {
      expectRank('softmax', node, 'x', x!, 2);
      return [f32([...x!.shape])];
    },
  }),
  softmaxCrossEntropy: def({
    name: 'softmaxCrossEntropy',
    doc: 'loss = mean over the batch of -log softmax(logits)[label]; a float32 scalar.',
    inputs: ['logits', 'labels'],
    outputs: ['loss'],
    infer([logits, labels], _a, node) {
      expectRank('softmaxCrossEntropy', node, 'logits', logits!, 2);
      expectRank('softmaxCrossEntropy', node, 'labels', labels!, 1);
      expectDType('softmaxCrossEntropy', node, 'labels', labels!, 'int32');
      return [f32([])];
    },
  }),
  softmaxCrossEntropyGrad: def({
    name: 'softmaxCrossEntropyGrad',
    doc: 'dlogits = (softmax(logits) - onehot(labels)) / batch: the gradient of the mean loss.',
    inputs: ['logits', 'labels'],
    outputs: ['dlogits'],
    infer([logits, labels], _a, node) {
      expectRank('softmaxCrossEntropyGrad', node, 'logits', logits!, 2);
      expectDType('softmaxCrossEntropyGrad', node, 'labels', labels!, 'int32');
      return [f32([...logits!.shape])];
    },
  }),
  errorCount: def({
    name: 'errorCount',
    doc: 'count = number of rows whose argmax (first maximum) differs from the label; a float32 scalar.',
    inputs: ['logits', 'labels'],
    outputs: ['count'],
    infer([logits, labels], _a, node) {
      expectRank('errorCount', node, 'logits', logits!, 2);
      expectDType('errorCount', node, 'labels', labels!, 'int32');
      return [f32([])];
    },
  }),
  argmax: def({
    name: 'argmax',
    doc: 'y = index of the first maximum of each row of x [N,K]; int32 [N].',
    inputs: ['x'],
    outputs: ['y'],
    infer([x], _a, node) {
      expectRank('argmax', node, 'x', x!, 2);
      return [{ shape: [x!.shape[0]!], dtype: 'int32' }];
    },
  }),
  sgdUpdate: def({
    name: 'sgdUpdate',
    doc: 'p_new = p - lr * g.',
    inputs: ['param', 'grad'],
    outputs: ['param_new'],
    infer([p, g], _a, node) {
      expectSameShape('sgdUpdate', node, p!, g!, ['param', 'grad']);
      return [f32([...p!.shape])];
    },
  }),
  adamUpdate: def({
    name: 'adamUpdate',
    doc:
      'Adam (PyTorch form), t = step (int32 scalar, 1-based): m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; ' +
      'p = p - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).',
    inputs: ['param', 'grad', 'm', 'v', 'step'],
    outputs: ['param_new', 'm_new', 'v_new'],
    infer([p, g, m, v, step], _a, node) {
      expectSameShape('adamUpdate', node, p!, g!, ['param', 'grad']);
      expectSameShape('adamUpdate', node, p!, m!, ['param', 'm']);
      expectSameShape('adamUpdate', node, p!, v!, ['param', 'v']);
      expectDType('adamUpdate', node, 'step', step!, 'int32');
      return [f32([...p!.shape]), f32([...p!.shape]), f32([...p!.shape])];
    },
  }),
};

/** The names of every IR op. */
export const OP_NAMES = Object.keys(OPS) as OpName[];
