import { BenchError } from '../errors';

/**
 * `compile` was given options it cannot honour (an unknown layer or group to freeze, a bad
 * optimizer setting, an unsupported loss). Names the option, the offending value and the fix.
 */
export class CompileError extends BenchError {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super('BenchError.Compile', `compile option "${option}": ${message}`);
  }
}
