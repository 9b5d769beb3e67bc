import { describe, expect, it } from 'vitest';
import { sampleRecords } from './__fixtures__/sample-records';
import { describeTimeToAccuracy, timeToAccuracy } from './time-to-accuracy';

describe('timeToAccuracy', () => {
  it('names the batch size that reached the target first', () => {
    const [gpu] = timeToAccuracy(sampleRecords(), 0.9);
    expect(gpu.backend).toBe('gpu-be');
    expect(gpu.target.fastest?.batchSize).toBe(256);
    expect(gpu.bestReached).toEqual([]);
    expect(describeTimeToAccuracy(gpu)).toMatch(
      /^gpu-be: batch size 256 reached the target 90\.0% validation accuracy first, after 1\.25 s/,
    );
  });

  it('when no batch size reached the target, says so and shows the best reached only as such', () => {
    // E2's epochs reach at most 90% validation accuracy: 95% is out of reach.
    const [gpu] = timeToAccuracy(sampleRecords(), 0.95);
    expect(gpu.target.fastest).toBeNull();
    expect(gpu.bestReached.map((b) => b.batchSize)).toEqual([256, 64, 16]); // same accuracy: fastest first
    expect(gpu.bestReached[0]).toMatchObject({ accuracy: 0.9, epoch: 3, seconds: 1.25 });
    const line = describeTimeToAccuracy(gpu);
    expect(line).toMatch(/^gpu-be: no batch size reached the target 95\.0% validation accuracy\./);
    expect(line).toMatch(/Best accuracy reached \(not the target\): 90\.0%, by batch size 256 after 1\.25 s/);
    expect(line).not.toMatch(/fastest/);
  });
});
