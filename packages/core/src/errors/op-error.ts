import { BenchError } from './bench-error';

/** An IR node got inputs or attributes it cannot accept (wrong shape, rank, dtype or value). */
export class OpError extends BenchError {
  constructor(
    readonly op: string,
    readonly node: string,
    message: string,
  ) {
    super('BenchError.Op', `op "${op}" (node "${node}"): ${message}`);
  }
}
