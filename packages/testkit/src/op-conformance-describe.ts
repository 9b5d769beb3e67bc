/**
 * The vitest wrapper of the op-level conformance check, for an adapter's test file:
 * `describeOpConformance('tfjs-cpu', () => entry.create(), { probe: entry.probe, skipOps: {...} })`.
 */
import { OP_NAMES } from '@bench/core';
import type { Backend } from '@bench/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkOp } from './op-conformance';
import type { DescribeOpConformanceOptions } from './op-conformance-types';
import { resolveBackendForTests } from './resolve-backend';

/**
 * Declares a vitest suite `op conformance: <name>` with one test per IR op that runs
 * `checkOp(backend, op, options)` and expects no failures (printing them all). Ops in
 * `options.skipOps` are declared as skipped tests whose names carry the reason. When the backend
 * is unavailable (options.probe says so, or getBackend throws BackendUnavailableError), every test
 * is skipped with the reason printed; any other error fails the tests.
 */
export function describeOpConformance(
  name: string,
  getBackend: () => Backend | Promise<Backend>,
  options: DescribeOpConformanceOptions = {},
): void {
  const { skipOps = {}, skipNonFiniteOps = {}, probe, ...check } = options;
  describe(`op conformance: ${name}`, () => {
    let backend: Backend | undefined;
    let skipReason: string | undefined;
    beforeAll(async () => {
      ({ backend, skipReason } = await resolveBackendForTests(name, 'op conformance', getBackend, probe));
    });
    for (const op of OP_NAMES) {
      const reason = skipOps[op];
      if (reason !== undefined) {
        it.skip(`${op}: skipped: ${reason}`, () => {});
        continue;
      }
      it(`${op} matches the reference`, async (ctx) => {
        if (!backend) {
          ctx.skip(skipReason);
          return;
        }
        const result = await checkOp(backend, op, check);
        console.info(
          `[testkit] ${name} ${op}: ${result.cases} cases, max abs error ${result.maxAbsError.toExponential(2)}, ` +
            `max rel error ${result.maxRelError.toExponential(2)} (tolerance abs ${result.tolerance.abs} + rel ${result.tolerance.rel})`,
        );
        expect(result.failures, result.failures.join('\n')).toEqual([]);
        expect(result.ok).toBe(true);
      });
      const nonFiniteReason = skipNonFiniteOps[op];
      if (nonFiniteReason !== undefined) {
        it.skip(`${op} with NaN/Inf inputs: skipped: ${nonFiniteReason}`, () => {});
        continue;
      }
      it(`${op} propagates NaN and Inf like the reference`, async (ctx) => {
        if (!backend) {
          ctx.skip(skipReason);
          return;
        }
        const result = await checkOp(backend, op, { ...check, nonFinite: true });
        expect(result.failures, result.failures.join('\n')).toEqual([]);
      });
    }
  });
}
