import type { RunRecord } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { sampleRecords } from '../__fixtures__/sample-records';
import { crossoverChart, crossoverData, speedupPoints } from './crossover-chart';

const e3Runs = () => sampleRecords().filter((r): r is RunRecord => r.kind === 'run' && r.experiment === 'e3');

describe('crossover chart', () => {
  it('has the speedup ratio of the pair at every size both measured, crossing 1 at the crossover', () => {
    const { points, crossovers } = crossoverData(e3Runs());
    expect(crossovers).toHaveLength(1);
    const ratios = speedupPoints(points, crossovers);
    expect(ratios.map((r) => r.params)).toEqual([1e3, 1e4, 1e5, 1e6]);
    expect(ratios[0].ratio).toBeCloseTo(0.5 / 8);
    expect(ratios[3].ratio).toBeCloseTo(32 / 27);
    const flip = crossovers[0].params as number;
    expect(flip).toBeGreaterThan(1e5);
    expect(flip).toBeLessThan(1e6);
  });

  it('draws both axes log, a ratio panel with the 1.0 line, and marks the crossover on both', () => {
    const chart = crossoverChart(e3Runs());
    const json = JSON.stringify(chart?.spec);
    const panels = (chart?.spec.hconcat as { layer: { encoding?: { x: object; y: object } }[] }[]) ?? [];
    expect(panels).toHaveLength(2);
    for (const p of panels) {
      expect(p.layer[0].encoding?.x).toMatchObject({ scale: { type: 'log' } });
      expect(p.layer[0].encoding?.y).toMatchObject({ scale: { type: 'log' } });
    }
    expect(json.match(/crossover ~\d{3},\d{3} params/g)).toHaveLength(2);
    expect(json).toContain('{"values":[{"ratio":1}]}');
  });
});
