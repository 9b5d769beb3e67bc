import { BenchError } from '@bench/core';

const marker = 'bench.error.slurm';
const symbol = Symbol.for(marker);

/**
 * A `bench slurm` step failed: a bad option value, a Slurm command that is missing or refused the
 * job, or a job folder that is not what it should be. The message names the parameter or command,
 * the offending value and the fix.
 */
export class SlurmError extends BenchError {
  private readonly [symbol] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super('BenchError.Slurm', message, options);
  }

  /** True for a SlurmError from any copy of the package (false for other BenchErrors). */
  static override isInstance(error: unknown): error is SlurmError {
    return BenchError.hasMarker(error, marker);
  }
}
