import { BenchError } from '@bench/core';

const marker = 'bench.error.usage';
const symbol = Symbol.for(marker);

/** Bad command-line input: the CLI exits with code 2 and prints the message. */
export class UsageError extends BenchError {
  private readonly [symbol] = true;

  constructor(message: string) {
    super('BenchError.Usage', message);
  }

  /** True for a UsageError from any copy of the package (false for other BenchErrors). */
  static override isInstance(error: unknown): error is UsageError {
    return BenchError.hasMarker(error, marker);
  }
}

/** Parses a comma-separated list of positive integers, naming the option on error. */
export function parseIntList(option: string, value: string): number[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const nums = items.map(Number);
  const bad = items.filter((_, i) => !Number.isSafeInteger(nums[i]) || nums[i]! <= 0);
  if (items.length === 0 || bad.length > 0) {
    throw new UsageError(
      `${option} expects a comma-separated list of positive integers, got "${value}"${bad.length ? ` (bad: ${bad.join(', ')})` : ''}`,
    );
  }
  return nums;
}

/** Parses one positive integer option. */
export function parsePositiveInt(option: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new UsageError(`${option} expects a positive integer, got "${value}"`);
  return n;
}
