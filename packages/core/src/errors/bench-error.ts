const marker = Symbol.for('bench.error');

/**
 * Base class of every error Bench throws on purpose. `isInstance` works across duplicated copies
 * of the package (it checks a global symbol, not the prototype chain).
 */
export class BenchError extends Error {
  readonly [marker] = true;
  /** Stable machine-readable name, e.g. `BenchError.UnsupportedOp`. */
  override readonly name: string;

  constructor(name: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }

  static isInstance(error: unknown): error is BenchError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
