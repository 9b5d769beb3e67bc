/**
 * Options and result of the op-level conformance check (`checkOp`, `checkAllOps`,
 * `describeOpConformance`).
 */
import type { Backend, OpName, ProbeResult } from '@bench/core';

/** Accepted error: an element passes when |actual - expected| <= abs + rel * |expected|. */
export interface OpTolerance {
  abs: number;
  rel: number;
}

/** The default float32 tolerance: abs 1e-4 + rel 1e-4. */
export const DEFAULT_OP_TOLERANCE: Readonly<OpTolerance> = { abs: 1e-4, rel: 1e-4 };

/** Options of `checkOp`. */
export interface OpCheckOptions {
  /** Random cases per op (shapes, strides, paddings vary with the case index). Default 6. */
  cases?: number;
  /** Seed of the case generator. Default 1. */
  seed?: number;
  /**
   * Tolerance override. Default: abs = `backend.capabilities.tolerance` when the backend states
   * one, else 1e-4; rel = 1e-4.
   */
  tolerance?: Partial<OpTolerance>;
  /** The backend whose outputs are expected. Default: core's reference backend. */
  reference?: Backend;
  /**
   * Run the non-finite variants of the cases instead: NaN, +Inf and -Inf in the op's inputs
   * (see `NON_FINITE_INPUTS`); outputs must be NaN, +Inf and -Inf exactly where the reference's are.
   */
  nonFinite?: boolean;
}

/** What `checkOp` found for one op. */
export interface OpCheckResult {
  op: OpName;
  backend: string;
  /** True when every output of every case matched in dtype, shape and value. */
  ok: boolean;
  /** Largest |actual - expected| over every output element of every case. */
  maxAbsError: number;
  /** Largest |actual - expected| / |expected| over elements with |expected| > tolerance.abs. */
  maxRelError: number;
  tolerance: OpTolerance;
  /** Number of cases run. */
  cases: number;
  /** One line per failed check (wrong dtype/shape, out-of-tolerance value, thrown error). */
  failures: string[];
}

/** Options of `describeOpConformance`. */
export interface DescribeOpConformanceOptions extends Omit<OpCheckOptions, 'reference'> {
  /**
   * Ops not to test, each with the reason (printed in the test name), e.g.
   * `{ dropout: 'masks are computed on the host by the session, not by backend.run' }`.
   */
  skipOps?: Partial<Record<OpName, string>>;
  /**
   * Ops whose NaN/Inf test to skip, each with the reason (printed in the test name). Every op not
   * listed (and not in `skipOps`) also gets a test with NaN, +Inf and -Inf inputs.
   */
  skipNonFiniteOps?: Partial<Record<OpName, string>>;
  /**
   * Whether the backend can run here (its registry entry's `probe`). When it says unavailable,
   * every test is skipped and the reason printed. Without it, a BackendUnavailableError thrown by
   * `getBackend` skips the same way; any other error fails the tests.
   */
  probe?: () => Promise<ProbeResult>;
}
