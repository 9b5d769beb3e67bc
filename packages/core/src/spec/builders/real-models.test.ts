import { describe, expect, it } from 'vitest';
import { inferShapes } from '../infer-shapes';
import { flopsPerSample, paramCount } from '../model-stats';
import { mobilenetV2 } from './mobilenet-v2';
import { resnet18 } from './resnet18';

describe('resnet18 and mobilenetV2 match torchvision', () => {
  it("resnet18 has torchvision's 11,689,512 parameters at 1,000 classes, 11,177,538 with a 2-class head", () => {
    expect(paramCount(resnet18())).toBe(11_689_512);
    expect(paramCount(resnet18({ classes: 2 }))).toBe(11_177_538);
    const m = inferShapes(resnet18({ inputShape: [192, 192, 3] }));
    const byName = new Map(m.layers.map((l) => [l.name, l]));
    expect(byName.get('maxpool')!.outputShape).toEqual([48, 48, 64]);
    expect(byName.get('layer4.1')!.outputShape).toEqual([6, 6, 512]);
    expect(byName.get('avgpool')!.outputShape).toEqual([512]);
  });

  it("resnet18 FLOPs per sample at 224x224 are torchvision's ~1.82 GMACs (x2)", () => {
    const flops = flopsPerSample(resnet18());
    expect(flops / 2 / 1e9).toBeGreaterThan(1.8);
    expect(flops / 2 / 1e9).toBeLessThan(1.83);
  });

  it("mobilenetV2 has torchvision's 3,504,872 parameters at 1,000 classes", () => {
    expect(paramCount(mobilenetV2())).toBe(3_504_872);
    const m = inferShapes(mobilenetV2());
    expect(m.layers.find((l) => l.name === 'pool')!.inputShape).toEqual([7, 7, 1280]);
    expect(m.layers.filter((l) => l.type === 'residual')).toHaveLength(10);
  });

  it('body and head groups split every top-level layer (the head is the classifier)', () => {
    for (const spec of [resnet18({ width: 4 }), mobilenetV2({ widthMult: 0.25 })]) {
      const top = spec.layers.filter((l) => l.type !== 'softmax').map((l) => l.name);
      expect([...spec.groups!.body!, ...spec.groups!.head!]).toEqual(top);
    }
    expect(resnet18().groups!.head).toEqual(['fc']);
  });
});
