import { describe, expect, it } from 'vitest';
import { formatRate } from './format-rate';

describe('formatRate', () => {
  it('keeps three significant digits below 100, so slow backends do not print 0', () => {
    expect(formatRate(0.4)).toBe('0.400');
    expect(formatRate(0.01234)).toBe('0.0123');
    expect(formatRate(9.876)).toBe('9.88');
    expect(formatRate(33.96)).toBe('34.0');
  });
  it('rounds from 100 up, with thousands separators', () => {
    expect(formatRate(99.96)).toBe('100');
    expect(formatRate(1234.5)).toBe('1,235');
    expect(formatRate(0)).toBe('0');
  });
  it('prints a dash for a missing or non-finite value', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(undefined)).toBe('—');
    expect(formatRate(Number.NaN)).toBe('—');
  });
});
