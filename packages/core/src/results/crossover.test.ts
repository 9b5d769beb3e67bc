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

  it('reports every flip when the order flips back', () => {
    const ref = [
      { params: 1000, seconds: 1 },
      { params: 10000, seconds: 8.01 },
      { params: 100000, seconds: 130 },
    ];
    const wasm = [
      { params: 1000, seconds: 2 },
      { params: 10000, seconds: 7.93 },
      { params: 100000, seconds: 183 },
    ];
    const c = findCrossover(ref, wasm, ['reference', 'tfjs-wasm']);
    expect(c.crossings.map((x) => x.fasterAbove)).toEqual(['b', 'a']);
    expect(c.params).toBe(c.crossings[0]!.params);
    expect(c.description).toMatch(
      /the order flips 2 times: reference is faster below ~[\d,]+ parameters, then tfjs-wasm from ~[\d,]+, then reference from ~[\d,]+/,
    );
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
