import { describe, expect, it } from 'vitest';
import { step } from './__fixtures__/step';
import { summarizeSteps } from './steps';

describe('summarizeSteps', () => {
  it('uses only the timed steps (after the warm-up) when any completed', () => {
    const s = summarizeSteps([step(0, 100), step(1, 10), step(2, 30)], 8, 320);
    expect(s.basis).toBe('timed steps');
    expect(s.stepsUsed).toBe(2);
    expect(s.secondsPerStep).toBe(20);
    expect(s.samplesPerSecond).toBe(0.4);
    expect(s.secondsPerEpoch).toBe(800);
  });
  it('falls back to the first step, labelled an upper bound that includes warm-up', () => {
    const s = summarizeSteps([step(0, 400)], 8, 320);
    expect(s.basis).toMatch(/^first step only \(upper bound/);
    expect(s.stepsUsed).toBe(1);
    expect(s.secondsPerStep).toBe(400);
    expect(s.secondsPerEpoch).toBe(16_000);
  });
  it('invents nothing when no step completed: only the lower bound the first step ran', () => {
    const s = summarizeSteps([], 8, 320, 900);
    expect(s.basis).toMatch(/^no step completed \(lower bound/);
    expect(s.secondsPerStep).toBe(900);
    expect(s.samplesPerSecond).toBeNull();
    expect(s.secondsPerEpoch).toBeNull();
    expect(summarizeSteps([], 8, 320).secondsPerStep).toBeNull();
  });
});
