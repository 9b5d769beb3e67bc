import { SpecError } from '../errors';
import { convOutputSize, formatPadding } from '../ir/ops';
import type { Padding } from '../ir/ops';
import { formatShape } from '../tensor';
import { checkModelSpecStructure } from './check-model-spec-structure';
import type { InferredLayer, InferredModel, InferredParam } from './inferred-model';
import { assignLayerNames } from './layer-names';
import type { Layer, ModelSpec } from './model-spec';

const pairOf = (v: number | [number, number]): [number, number] =>
  typeof v === 'number' ? [v, v] : [v[0], v[1]];

interface Ctx {
  names: Map<string, string>;
  seen: Map<string, string>;
  order: number;
}

function windowLayer(
  name: string,
  kind: 'conv2d' | 'maxPool2d' | 'avgPool2d',
  inShape: number[],
  size: [number, number],
  strides: [number, number],
  padding: Padding,
): [number, number] {
  if (inShape.length !== 3) {
    throw new SpecError(
      name,
      `${kind} needs an input of rank 3 [H, W, C], got ${formatShape(inShape)}, expected rank 3; ` +
        'put it before any flatten/dense layer or give the model an image input shape',
    );
  }
  if (
    Array.isArray(padding) &&
    (padding[0] >= size[0] || padding[2] >= size[0] || padding[1] >= size[1] || padding[3] >= size[1])
  ) {
    throw new SpecError(
      name,
      `${kind} pads ${formatShape(padding)} must each be smaller than the ${size[0]}x${size[1]} window; got pads [top, left, bottom, right] = ${formatShape(padding)}`,
    );
  }
  const oh = convOutputSize(inShape[0]!, size[0], strides[0], padding, 0).out;
  const ow = convOutputSize(inShape[1]!, size[1], strides[1], padding, 1).out;
  if (oh <= 0 || ow <= 0) {
    throw new SpecError(
      name,
      `${kind} window ${formatShape(size)} with padding ${formatPadding(padding)} is larger than its input: got input ` +
        `${formatShape(inShape)}, expected height >= ${size[0]} and width >= ${size[1]}; use a smaller window, ` +
        'padding "same", or fewer pooling layers before it',
    );
  }
  return [oh, ow];
}

function inferLayer(layer: Layer, path: string, inShape: number[], ctx: Ctx, top: boolean): InferredLayer {
  const name = ctx.names.get(path)!;
  const prior = ctx.seen.get(name);
  if (prior !== undefined) {
    throw new SpecError(
      name,
      `duplicate layer name (used at ${prior} and ${path}); give each layer a unique name`,
    );
  }
  ctx.seen.set(name, path);
  const base = { name, type: layer.type, path, order: ctx.order++, layer, inputShape: [...inShape] };
  const params: InferredParam[] = [];
  switch (layer.type) {
    case 'dense': {
      if (inShape.length !== 1) {
        throw new SpecError(
          name,
          `dense needs a flat input: got ${formatShape(inShape)}, expected rank 1 ([features]); add a flatten layer before it`,
        );
      }
      const fanIn = inShape[0]!;
      params.push({
        name: `${name}/kernel`,
        shape: [fanIn, layer.units],
        init: { kind: 'glorotUniform', fanIn, fanOut: layer.units },
      });
      if (layer.useBias !== false)
        params.push({ name: `${name}/bias`, shape: [layer.units], init: { kind: 'zeros' } });
      return { ...base, outputShape: [layer.units], params };
    }
    case 'conv2d': {
      const size = pairOf(layer.kernelSize);
      const strides = pairOf(layer.strides ?? 1);
      const padding = layer.padding ?? 'valid';
      const [oh, ow] = windowLayer(name, 'conv2d', inShape, size, strides, padding);
      const c = inShape[2]!;
      const groups = layer.groups ?? 1;
      if (c % groups !== 0 || layer.filters % groups !== 0) {
        throw new SpecError(
          name,
          `groups ${groups} must divide the input channels and the filters: got ${c} input channels and ${layer.filters} filters; ` +
            'use groups = input channels for a depthwise convolution',
        );
      }
      const rf = size[0] * size[1];
      params.push({
        name: `${name}/kernel`,
        shape: [size[0], size[1], c / groups, layer.filters],
        init: { kind: 'glorotUniform', fanIn: (rf * c) / groups, fanOut: (rf * layer.filters) / groups },
      });
      if (layer.useBias !== false)
        params.push({ name: `${name}/bias`, shape: [layer.filters], init: { kind: 'zeros' } });
      const window = { size, strides, padding, ...(groups > 1 ? { groups } : {}) };
      return { ...base, outputShape: [oh, ow, layer.filters], params, window };
    }
    case 'maxPool2d': {
      const size = pairOf(layer.poolSize);
      const strides = pairOf(layer.strides ?? layer.poolSize);
      const padding = layer.padding ?? 'valid';
      const [oh, ow] = windowLayer(name, 'maxPool2d', inShape, size, strides, padding);
      return { ...base, outputShape: [oh, ow, inShape[2]!], params, window: { size, strides, padding } };
    }
    case 'avgPool2d': {
      const size = pairOf(layer.poolSize);
      const strides = pairOf(layer.strides ?? layer.poolSize);
      const padding = layer.padding ?? 'valid';
      const [oh, ow] = windowLayer(name, 'avgPool2d', inShape, size, strides, padding);
      return { ...base, outputShape: [oh, ow, inShape[2]!], params, window: { size, strides, padding } };
    }
    case 'globalAvgPool2d':
      if (inShape.length !== 3) {
        throw new SpecError(
          name,
          `globalAvgPool2d needs an input of rank 3 [H, W, C], got ${formatShape(inShape)}; put it after the convolutions`,
        );
      }
      return { ...base, outputShape: [inShape[2]!], params };
    case 'batchNorm': {
      const c = inShape[inShape.length - 1]!;
      params.push(
        { name: `${name}/scale`, shape: [c], init: { kind: 'ones' } },
        { name: `${name}/bias`, shape: [c], init: { kind: 'zeros' } },
        { name: `${name}/running_mean`, shape: [c], init: { kind: 'zeros' }, buffer: true },
        { name: `${name}/running_var`, shape: [c], init: { kind: 'ones' }, buffer: true },
      );
      return { ...base, outputShape: [...inShape], params };
    }
    case 'clip':
      if (!(layer.min < layer.max)) {
        throw new SpecError(
          name,
          `clip min must be < max, got min ${layer.min}, max ${layer.max}; ReLU6 is min 0, max 6`,
        );
      }
      return { ...base, outputShape: [...inShape], params };
    case 'flatten':
      return { ...base, outputShape: [inShape.reduce((p, d) => p * d, 1)], params };
    case 'relu':
      return { ...base, outputShape: [...inShape], params };
    case 'dropout':
      if (!(layer.rate >= 0 && layer.rate < 1)) {
        throw new SpecError(name, `dropout rate must be in [0, 1), got ${layer.rate}; use e.g. 0.2`);
      }
      return { ...base, outputShape: [...inShape], params };
    case 'residual': {
      const path_ = (list: Layer[], key: 'layers' | 'shortcut'): [InferredLayer[], number[]] => {
        let shape = [...inShape];
        const inferred = list.map((child, i) => {
          if (child.type === 'softmax') {
            throw new SpecError(
              ctx.names.get(`${path}.${key}[${i}]`)!,
              'softmax may not sit inside a residual body or shortcut; put it last in the model',
            );
          }
          const l = inferLayer(child, `${path}.${key}[${i}]`, shape, ctx, false);
          shape = l.outputShape;
          return l;
        });
        return [inferred, shape];
      };
      const [children, shape] = path_(layer.layers, 'layers');
      if (!layer.shortcut) {
        if (formatShape(shape) !== formatShape(inShape)) {
          throw new SpecError(
            name,
            `a residual body must keep its input shape: got ${formatShape(shape)}, expected ${formatShape(inShape)}; ` +
              'use padding "same", stride 1 and as many filters as input channels inside the body, or give the residual a projection `shortcut`',
          );
        }
        return { ...base, outputShape: shape, params, children };
      }
      const [shortcut, shortcutShape] = path_(layer.shortcut, 'shortcut');
      if (formatShape(shape) !== formatShape(shortcutShape)) {
        throw new SpecError(
          name,
          `the residual body and shortcut must give the same shape: body ${formatShape(shape)}, shortcut ${formatShape(shortcutShape)}; ` +
            'match the shortcut conv strides and filters to the body',
        );
      }
      return { ...base, outputShape: shape, params, children, shortcut };
    }
    case 'softmax':
      if (!top) throw new SpecError(name, 'softmax may only be the last layer of the model');
      if (inShape.length !== 1 || inShape[0]! < 2) {
        throw new SpecError(
          name,
          `softmax needs logits of shape [classes] with classes >= 2: got ${formatShape(inShape)}, expected rank 1 with at least 2 classes; ` +
            'end the model with flatten (if needed) and a dense layer with one unit per class',
        );
      }
      return { ...base, outputShape: [...inShape], params };
  }
}

/**
 * Validates a ModelSpec and infers every layer's output shape (batch dimension left out).
 * Checks: the structure (zod, see `parseModelSpec`), input rank 1 or 3, dense only on flat
 * inputs, conv/pool windows that fit, residual bodies that keep the shape, unique names,
 * dropout rates in [0, 1), exactly one softmax, last, and groups that list
 * existing layers. Throws SpecError naming the layer and
 * both the shape it got and the one it expected.
 */
export function inferShapes(spec: ModelSpec): InferredModel {
  checkModelSpecStructure(spec);
  const inputShape = [...spec.input.shape];
  if (inputShape.length !== 1 && inputShape.length !== 3) {
    throw new SpecError(
      'input',
      `input shape must be [features] or [H, W, C]: got ${formatShape(inputShape)}, expected rank 1 or 3`,
    );
  }
  const ctx: Ctx = { names: assignLayerNames(spec.layers), seen: new Map(), order: 0 };
  let shape = inputShape;
  const layers: InferredLayer[] = [];
  spec.layers.forEach((layer, i) => {
    const prev = layers[layers.length - 1];
    if (prev?.type === 'softmax') {
      throw new SpecError(
        ctx.names.get(`layers[${i}]`)!,
        `no layer may follow the final softmax "${prev.name}"; move softmax last`,
      );
    }
    const inferred = inferLayer(layer, `layers[${i}]`, shape, ctx, true);
    layers.push(inferred);
    shape = inferred.outputShape;
  });
  const last = layers[layers.length - 1]!;
  if (last.type !== 'softmax') {
    throw new SpecError(
      last.name,
      `the model must end with a softmax layer: the last layer "${last.name}" outputs ${formatShape(shape)}, expected ` +
        `softmax over [classes]; append { type: 'softmax' }`,
    );
  }
  if (layers.length < 2)
    throw new SpecError(last.name, 'a model needs at least one layer before the softmax');
  for (const [group, members] of Object.entries(spec.groups ?? {})) {
    for (const member of members) {
      if (!ctx.seen.has(member)) {
        throw new SpecError(
          member,
          `group "${group}" lists layer "${member}", which is not in the model; layers: ${[...ctx.seen.keys()].join(', ')}`,
        );
      }
    }
  }
  return { inputShape, layers, numClasses: shape[0]! };
}

/** Every layer of an inferred model in forward order, residual bodies (then shortcuts) flattened in place. */
export function flattenLayers(layers: readonly InferredLayer[]): InferredLayer[] {
  return layers.flatMap((l) => [
    l,
    ...(l.children ? flattenLayers(l.children) : []),
    ...(l.shortcut ? flattenLayers(l.shortcut) : []),
  ]);
}
