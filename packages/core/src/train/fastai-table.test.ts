import { describe, expect, it } from 'vitest';
import { fastaiHeader, fastaiRow, formatTime } from './fastai-table';

describe('fastai table', () => {
  it('formats time as mm:ss and rows with six decimals', () => {
    expect(formatTime(55.4)).toBe('00:55');
    expect(formatTime(125)).toBe('02:05');
    expect(fastaiHeader()).toMatch(/^epoch\s+train_loss\s+valid_loss\s+error_rate\s+time$/);
    expect(fastaiRow({ epoch: 1, trainLoss: 0.5, validLoss: 0.25, errorRate: 0.0125, seconds: 5 })).toMatch(
      /^1\s+0\.500000\s+0\.250000\s+0\.012500\s+00:05$/,
    );
    expect(
      fastaiRow({ epoch: 2, trainLoss: 0.5, validLoss: null, errorRate: null, seconds: 5, phase: 'frozen' }),
    ).toMatch(/^frozen\s+2\s+0\.500000\s+00:05$/);
  });
});
