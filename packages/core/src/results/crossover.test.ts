import { describe, expect, it } from 'vitest';
import { findCrossover } from './crossover';

describe('findCrossover', () => {
  it('interpolates the flip on a log parameter axis', () => {
    const cpu = [
      { params: 1000, seconds: 1 },
      { params: 100000, seconds: 10 },
    ];
    const gpu = [
      { params: 1000, seconds: 5 },
      { params: 100000, seconds: 6 },
    ];
    const c = findCrossover(cpu, gpu, ['cpu', 'gpu']);
    // diff goes from -4 to +4: halfway in log space = 10,000
    expect(c.params).toBe(10000);
    expect(c.fasterBelow).toBe('a');
    expect(c.description).toContain('cpu is faster below ~10,000');
  });

  it('says so when one side always wins', () => {
    const c = findCrossover(
      [
        { params: 10, seconds: 1 },
        { params: 20, seconds: 2 },
      ],
      [
        { params: 10, seconds: 3 },
        { params: 20, seconds: 4 },
      ],
      ['x', 'y'],
    );
    expect(c.params).toBeNull();
    expect(c.description).toContain('no crossover in range: x is faster');
  });

  it('ignores sizes only one side measured', () => {
    const c = findCrossover([{ params: 10, seconds: 1 }], [{ params: 20, seconds: 1 }]);
    expect(c.params).toBeNull();
    expect(c.description).toContain('no model size measured on both');
  });
});
