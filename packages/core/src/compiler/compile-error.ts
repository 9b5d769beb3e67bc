import { BenchError } from '../errors';

const marker = 'bench.error.compile';
const symbol = Symbol.for(marker);

/**
 * `compile` was given options it cannot honour (an unknown layer or group to freeze, a bad
 * optimizer setting, an unsupported loss). Names the option, the offending value and the fix.
 */
export class CompileError extends BenchError {
  private readonly [symbol] = true;

  constructor(
    readonly option: string,
    message: string,
  ) {
    super('BenchError.Compile', `compile option "${option}": ${message}`);
  }

  /** True for a CompileError from any copy of the package (false for other BenchErrors). */
  static override isInstance(error: unknown): error is CompileError {
    return BenchError.hasMarker(error, marker);
  }
}
