/**
 * The op-level conformance check: single-op graphs with seeded random inputs, run through
 * `backend.run` and through the reference backend, compared element by element. Pure async
 * functions, usable outside vitest (e.g. from `bench doctor` or a script).
 */
import { OP_NAMES, Rng, cloneTensor, createReferenceBackend, formatShape } from '@bench/core';
import type { Backend, HostTensor, OpName } from '@bench/core';
import { type CaseGenerator, OP_CASES, nonFiniteCases } from './cases';
import { DEFAULT_OP_TOLERANCE } from './op-conformance-types';
import type { OpCheckOptions, OpCheckResult, OpTolerance } from './op-conformance-types';

let sharedReference: Backend | undefined;

function referenceBackend(options: OpCheckOptions): Backend {
  if (options.reference) return options.reference;
  sharedReference ??= createReferenceBackend();
  return sharedReference;
}

/** The tolerance `checkOp` uses for a backend with the given options. */
export function resolveOpTolerance(backend: Backend, options: OpCheckOptions = {}): OpTolerance {
  return {
    abs: options.tolerance?.abs ?? backend.capabilities.tolerance ?? DEFAULT_OP_TOLERANCE.abs,
    rel: options.tolerance?.rel ?? DEFAULT_OP_TOLERANCE.rel,
  };
}

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Runs `cases` random single-op graphs of `op` on `backend` and on the reference backend and
 * compares every output: same dtype, same shape, and |actual - expected| <= abs + rel * |expected|
 * for every element; a non-finite expected value (NaN, +Inf, -Inf) must be matched exactly. Never throws for a backend failure: a thrown error, a
 * missing output or an op absent from `capabilities.ops` becomes a line in `failures`.
 */
export async function checkOp(
  backend: Backend,
  op: OpName,
  options: OpCheckOptions = {},
): Promise<OpCheckResult> {
  const tolerance = resolveOpTolerance(backend, options);
  const count = options.cases ?? 6;
  const result: OpCheckResult = {
    op,
    backend: backend.name,
    ok: false,
    maxAbsError: 0,
    maxRelError: 0,
    tolerance,
    cases: 0,
    failures: [],
  };
  const regular: CaseGenerator | undefined = OP_CASES[op];
  if (!regular) {
    result.failures.push(`op "${op}" is not an IR op; valid ops: ${OP_NAMES.join(', ')}`);
    return result;
  }
  if (!backend.capabilities.ops.includes(op)) {
    result.failures.push(
      `backend "${backend.name}" does not list "${op}" in capabilities.ops; implement it or pass skipOps: { ${op}: '<reason>' }`,
    );
    return result;
  }
  const generate = options.nonFinite ? nonFiniteCases(op, regular) : regular;
  const reference = referenceBackend(options);
  const rng = new Rng(options.seed ?? 1);
  for (let index = 0; index < count; index++) {
    const c = generate(rng, index);
    result.cases++;
    const expected = await reference.run(c.graph, c.feeds);
    const feeds: Record<string, HostTensor> = {};
    for (const [name, t] of Object.entries(c.feeds)) feeds[name] = cloneTensor(t);
    let actual: Record<string, HostTensor>;
    try {
      actual = await backend.run(c.graph, feeds);
    } catch (error) {
      result.failures.push(`${c.name}: backend.run threw ${message(error)}`);
      continue;
    }
    for (const name of c.graph.outputs) {
      compareOutput(result, `${c.name}: output "${name}"`, actual[name], expected[name]!);
    }
  }
  result.ok = result.failures.length === 0;
  return result;
}

function compareOutput(
  result: OpCheckResult,
  where: string,
  actual: HostTensor | undefined,
  expected: HostTensor,
): void {
  if (!actual) {
    result.failures.push(`${where} is missing from backend.run's result`);
    return;
  }
  if (actual.dtype !== expected.dtype) {
    result.failures.push(`${where} has dtype ${actual.dtype}, expected ${expected.dtype}`);
    return;
  }
  const sameShape =
    actual.shape.length === expected.shape.length && actual.shape.every((d, i) => d === expected.shape[i]);
  if (!sameShape || actual.data.length !== expected.data.length) {
    result.failures.push(
      `${where} has shape ${formatShape(actual.shape)} (${actual.data.length} elements), expected ${formatShape(expected.shape)}`,
    );
    return;
  }
  const { abs, rel } = result.tolerance;
  let bad = 0;
  let first = -1;
  for (let i = 0; i < expected.data.length; i++) {
    const e = expected.data[i]!;
    const a = actual.data[i]!;
    if (a === e || (Number.isNaN(a) && Number.isNaN(e))) continue; // equal, or both NaN / same infinity
    const err = Math.abs(a - e);
    if (err > result.maxAbsError) result.maxAbsError = err;
    if (Math.abs(e) > abs && err / Math.abs(e) > result.maxRelError) result.maxRelError = err / Math.abs(e);
    if (!(err <= abs + rel * Math.abs(e))) {
      if (Number.isNaN(err)) result.maxAbsError = Number.NaN;
      bad++;
      if (first < 0) first = i;
    }
  }
  if (bad > 0) {
    const a = actual.data[first]!;
    const e = expected.data[first]!;
    result.failures.push(
      `${where}: ${bad} of ${expected.data.length} elements out of tolerance (abs ${abs} + rel ${rel}); first at index ${first}: got ${a}, expected ${e} (error ${Math.abs(a - e).toExponential(2)})`,
    );
  }
}

/** `checkOp` for every IR op (or `ops`), in IR order. */
export async function checkAllOps(
  backend: Backend,
  options: OpCheckOptions & { ops?: readonly OpName[] } = {},
): Promise<OpCheckResult[]> {
  const results: OpCheckResult[] = [];
  for (const op of options.ops ?? OP_NAMES) results.push(await checkOp(backend, op, options));
  return results;
}
