import { BenchError } from '@bench/core';

/**
 * A `bench slurm` step failed: a bad option value, a Slurm command that is missing or refused the
 * job, or a job folder that is not what it should be. The message names the parameter or command,
 * the offending value and the fix.
 */
export class SlurmError extends BenchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BenchError.Slurm', message, options);
  }
}
