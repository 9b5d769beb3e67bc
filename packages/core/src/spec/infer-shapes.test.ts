import { describe, expect, it } from 'vitest';
import { SpecError } from '../errors';
import { cifarCnn } from './builders/cifar-cnn';
import { mlp } from './builders/mlp';
import { smallResnet } from './builders/small-resnet';
import { inferShapes } from './infer-shapes';
import type { Layer, ModelSpec } from './model-spec';
import { flopsPerSample, paramCount, summary } from './model-stats';
import { parseModelSpec } from './parse-model-spec';

const spec = (inputShape: number[], layers: Layer[]): ModelSpec => ({
  specVersion: 1,
  name: 't',
  input: { shape: inputShape },
  layers,
});

/** Runs `fn`, expects a SpecError, and returns its message. */
function specError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    expect(SpecError.isInstance(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected a SpecError, nothing was thrown');
}

describe('inferShapes', () => {
  it('names layers Keras style and infers output shapes', () => {
    const m = inferShapes(
      spec(
        [8, 8, 3],
        [
          { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same' },
          { type: 'relu' },
          { type: 'maxPool2d', poolSize: 2 },
          { type: 'conv2d', filters: 5, kernelSize: [3, 2] },
          { type: 'flatten' },
          { type: 'dense', units: 3, name: 'out' },
          { type: 'softmax' },
        ],
      ),
    );
    expect(m.layers.map((l) => l.name)).toEqual([
      'conv2d_1',
      'relu_1',
      'max_pool2d_1',
      'conv2d_2',
      'flatten_1',
      'out',
      'softmax_1',
    ]);
    expect(m.layers.map((l) => l.outputShape)).toEqual([
      [8, 8, 4],
      [8, 8, 4],
      [4, 4, 4],
      [2, 3, 5],
      [30],
      [3],
      [3],
    ]);
    expect(m.numClasses).toBe(3);
    expect(m.layers[3]!.params.map((p) => p.shape)).toEqual([[3, 2, 4, 5], [5]]);
  });

  it('rejects dense after conv without flatten, naming the layer and both shapes', () => {
    const msg = specError(() =>
      inferShapes(
        spec(
          [8, 8, 3],
          [{ type: 'conv2d', filters: 32, kernelSize: 1 }, { type: 'dense', units: 4 }, { type: 'softmax' }],
        ),
      ),
    );
    expect(msg).toContain('dense_1');
    expect(msg).toContain('[8, 8, 32]');
    expect(msg).toContain('expected rank 1');
    expect(msg).toContain('flatten');
  });

  it('rejects a conv window larger than its input', () => {
    const msg = specError(() =>
      inferShapes(
        spec(
          [3, 3, 1],
          [
            { type: 'conv2d', filters: 2, kernelSize: 5 },
            { type: 'flatten' },
            { type: 'dense', units: 2 },
            { type: 'softmax' },
          ],
        ),
      ),
    );
    expect(msg).toContain('conv2d_1');
    expect(msg).toContain('[3, 3, 1]');
    expect(msg).toContain('[5, 5]');
  });

  it('rejects a residual body that changes the shape', () => {
    const msg = specError(() =>
      inferShapes(
        spec(
          [4, 4, 2],
          [
            {
              type: 'residual',
              name: 'block',
              layers: [{ type: 'conv2d', filters: 3, kernelSize: 3, padding: 'same' }],
            },
            { type: 'flatten' },
            { type: 'dense', units: 2 },
            { type: 'softmax' },
          ],
        ),
      ),
    );
    expect(msg).toContain('"block"');
    expect(msg).toContain('[4, 4, 3]');
    expect(msg).toContain('[4, 4, 2]');
  });

  it('rejects a model without a final softmax', () => {
    const msg = specError(() =>
      inferShapes(spec([2], [{ type: 'dense', units: 4 }, { type: 'relu' }, { type: 'dense', units: 2 }])),
    );
    expect(msg).toContain('dense_2');
    expect(msg).toContain('[2]');
    expect(msg).toContain('softmax');
  });

  it('rejects layers after softmax, softmax over a non-flat input and duplicate names', () => {
    expect(
      specError(() =>
        inferShapes(spec([2], [{ type: 'dense', units: 2 }, { type: 'softmax' }, { type: 'relu' }])),
      ),
    ).toContain('relu_1');
    expect(specError(() => inferShapes(spec([4, 4, 1], [{ type: 'relu' }, { type: 'softmax' }])))).toContain(
      '[4, 4, 1]',
    );
    expect(
      specError(() =>
        inferShapes(
          spec(
            [2],
            [
              { type: 'dense', units: 2, name: 'a' },
              { type: 'dense', units: 2, name: 'a' },
              { type: 'softmax' },
            ],
          ),
        ),
      ),
    ).toContain('duplicate');
    const grouped = {
      ...spec([2], [{ type: 'dense', units: 2 }, { type: 'softmax' }]),
      groups: { head: ['dense_9'] },
    };
    expect(specError(() => inferShapes(grouped))).toMatch(/group "head".*"dense_9".*dense_1/);
  });

  it('rejects a dropout rate out of range (through parseModelSpec, naming layer and field)', () => {
    const msg = specError(() =>
      parseModelSpec(
        spec(
          [2],
          [
            { type: 'dense', units: 4 },
            { type: 'dropout', rate: 1.5 },
            { type: 'dense', units: 2 },
            { type: 'softmax' },
          ],
        ),
      ),
    );
    expect(msg).toContain('dropout_1');
    expect(msg).toContain('layers[1].rate');
    expect(msg).toContain('[0, 1)');
  });

  it('parseModelSpec names the field of a structural error and rejects unknown keys', () => {
    const bad = {
      specVersion: 1,
      name: 'x',
      input: { shape: [2] },
      layers: [{ type: 'dense', units: 'four' }, { type: 'softmax' }],
    };
    const msg = specError(() => parseModelSpec(bad));
    expect(msg).toContain('dense_1');
    expect(msg).toContain('layers[0].units');
    const typo = {
      specVersion: 1,
      name: 'x',
      input: { shape: [2] },
      layers: [{ type: 'dense', unit: 4 }, { type: 'softmax' }],
    };
    expect(specError(() => parseModelSpec(typo))).toContain('dense_1');
    const nested = {
      specVersion: 1,
      name: 'x',
      input: { shape: [2] },
      layers: [
        { type: 'residual', layers: [{ type: 'relu' }, { type: 'dense', units: -1 }] },
        { type: 'dense', units: 2 },
        { type: 'softmax' },
      ],
    };
    const nestedMsg = specError(() => parseModelSpec(nested));
    expect(nestedMsg).toContain('"dense_1"');
    expect(nestedMsg).toContain('layers[0].layers[1].units');
    const slash = {
      specVersion: 1,
      name: 'x',
      input: { shape: [2] },
      layers: [{ type: 'dense', units: 2, name: 'a/b' }, { type: 'softmax' }],
    };
    expect(specError(() => parseModelSpec(slash))).toContain('layers[0].name');
    expect(parseModelSpec(JSON.parse(JSON.stringify(mlp({ layers: 3 }))))).toEqual(mlp({ layers: 3 }));
  });
});

describe('builders and statistics', () => {
  it('mlp matches the E3 parameter counts', () => {
    expect(paramCount(mlp({ layers: 8 }))).toBe(44_710);
    expect(paramCount(mlp({ layers: 10 }))).toBe(703_142);
    const two = inferShapes(mlp({ layers: 2 }));
    expect(two.layers.filter((l) => l.type === 'dense').map((l) => l.outputShape[0])).toEqual([4, 2]);
    for (let n = 2; n <= 12; n++) expect(() => inferShapes(mlp({ layers: n }))).not.toThrow();
    expect(specError(() => mlp({ layers: 13 }))).toContain('13');
    expect(specError(() => mlp({ layers: 1 }))).toContain('1');
  });

  it('cifarCnn has 787,530 parameters and an MNIST variant', () => {
    expect(paramCount(cifarCnn())).toBe(787_530);
    const mnist = inferShapes(cifarCnn({ inputShape: [28, 28, 1] }));
    expect(mnist.layers.find((l) => l.type === 'flatten')!.outputShape).toEqual([1024]);
    expect(mnist.numClasses).toBe(10);
    const groups = cifarCnn().groups!;
    const names = new Set(inferShapes(cifarCnn()).layers.map((l) => l.name));
    for (const n of [...groups.body!, ...groups.head!]) expect(names.has(n)).toBe(true);
  });

  it('smallResnet validates, has residual blocks, and groups name real layers', () => {
    const s = smallResnet({ inputShape: [16, 16, 3], classes: 2, width: 4 });
    const m = inferShapes(s);
    expect(m.layers.filter((l) => l.type === 'residual').length).toBe(2);
    const names = new Set(m.layers.map((l) => l.name));
    for (const n of [...s.groups!.body!, ...s.groups!.head!]) expect(names.has(n)).toBe(true);
    expect(m.numClasses).toBe(2);
  });

  it('flopsPerSample on a hand-computed tiny model', () => {
    // conv 3x3, 2->4 channels, same, on 5x5: 2*5*5*3*3*2*4 = 3600; pool 2 valid -> 2x2x4 = 16;
    // dense 16->3: 2*16*3 = 96. Total 3696.
    const s = spec(
      [5, 5, 2],
      [
        { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same' },
        { type: 'relu' },
        { type: 'maxPool2d', poolSize: 2 },
        { type: 'flatten' },
        { type: 'dense', units: 3 },
        { type: 'softmax' },
      ],
    );
    expect(flopsPerSample(s)).toBe(3696);
    expect(flopsPerSample(mlp({ layers: 2 }))).toBe(2 * (2 * 4 + 4 * 2));
  });

  it('summary rows carry names, shapes and params; residual rows include their body', () => {
    const rows = summary(
      spec(
        [3],
        [
          { type: 'dense', units: 3 },
          { type: 'residual', layers: [{ type: 'dense', units: 3 }, { type: 'relu' }] },
          { type: 'dense', units: 2, useBias: false },
          { type: 'softmax' },
        ],
      ),
    );
    expect(rows).toEqual([
      { name: 'dense_1', type: 'dense', outputShape: [3], params: 12 },
      { name: 'residual_1', type: 'residual', outputShape: [3], params: 12 },
      { name: '  dense_2', type: 'dense', outputShape: [3], params: 12 },
      { name: '  relu_1', type: 'relu', outputShape: [3], params: 0 },
      { name: 'dense_3', type: 'dense', outputShape: [2], params: 6 },
      { name: 'softmax_1', type: 'softmax', outputShape: [2], params: 0 },
    ]);
  });
});
