import { BenchError } from './bench-error';

const marker = 'bench.error.op';
const symbol = Symbol.for(marker);

/** An IR node got inputs or attributes it cannot accept (wrong shape, rank, dtype or value). */
export class OpError extends BenchError {
  private readonly [symbol] = true;

  constructor(
    readonly op: string,
    readonly node: string,
    message: string,
  ) {
    super('BenchError.Op', `op "${op}" (node "${node}"): ${message}`);
  }

  /** True for a OpError from any copy of the package (false for other BenchErrors). */
  static override isInstance(error: unknown): error is OpError {
    return BenchError.hasMarker(error, marker);
  }
}
