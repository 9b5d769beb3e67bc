const marker = 'bench.error';
const symbol = Symbol.for(marker);

/**
 * Base class of every error Bench throws on purpose. Each subclass has its own marker symbol and
 * its own `isInstance`, so checks work across duplicated copies of a package (a global symbol,
 * not the prototype chain) and `SpecError.isInstance` is false for every other BenchError.
 */
export class BenchError extends Error {
  private readonly [symbol] = true;
  /** Stable machine-readable name, e.g. `BenchError.UnsupportedOp`. For messages, not checks. */
  override readonly name: string;

  constructor(name: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }

  /** True for any error Bench threw on purpose, from any copy of any @bench package. */
  static isInstance(error: unknown): error is BenchError {
    return BenchError.hasMarker(error, marker);
  }

  /** True when `error` carries the global symbol `Symbol.for(marker)`: subclasses' `isInstance`. */
  protected static hasMarker(error: unknown, marker: string): boolean {
    const s = Symbol.for(marker);
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[s] === true;
  }
}
