/**
 * @bench/testkit: the conformance suite every Bench adapter runs. `describeConformance` declares
 * the op-level suite, the training-parity suite and the session-contract suite; `checkOp` / `checkTrainingParity` are the
 * same checks as plain async functions.
 */
import type { Backend } from '@bench/core';
import { describeOpConformance } from './op-conformance-describe';
import type { DescribeOpConformanceOptions } from './op-conformance-types';
import { describeSessionContract } from './session-contract';
import { describeTrainingParity } from './training-parity';
import type { DescribeTrainingParityOptions } from './training-parity';

export * from './op-conformance-types';
export { checkAllOps, checkOp, resolveOpTolerance } from './op-conformance';
export { describeOpConformance } from './op-conformance-describe';
export { NON_FINITE_INPUTS, OP_CASES, nonFiniteCases, singleOpCase } from './cases';
export type { CaseGenerator, OpCase } from './cases';
export * from './training-parity';
export { describeSessionContract } from './session-contract';
export type { DescribeSessionContractOptions } from './session-contract';
export {
  requiredBackends,
  requiredButUnavailableMessage,
  requiredTools,
  skipUnavailableBackend,
  skipUnavailableTool,
} from './required';

/**
 * Options of `describeConformance`: the op-level options (`skipOps`, `cases`, `tolerance`) and the
 * training-parity options (`models`, `steps`, `batch`, `lossRelTol`, `weightAbsTol`,
 * `reference`); `probe` and `seed` apply to both.
 */
export type DescribeConformanceOptions = DescribeOpConformanceOptions & DescribeTrainingParityOptions;

/**
 * The whole conformance suite for one backend: `describeOpConformance` (every IR op against the
 * reference, minus `skipOps`, with regular and NaN/Inf inputs) and `describeTrainingParity`
 * (training steps against the reference session) and `describeSessionContract` (the Session
 * contract core promises). `probe` (the backend's registry probe) is shared: an unavailable backend
 * skips all three with the reason printed, or fails them when CI lists it in
 * `BENCH_REQUIRED_BACKENDS`.
 */
export function describeConformance(
  name: string,
  getBackend: () => Backend | Promise<Backend>,
  options: DescribeConformanceOptions = {},
): void {
  const { skipOps, skipNonFiniteOps, probe, cases, tolerance, ...parity } = options;
  describeOpConformance(name, getBackend, {
    skipOps,
    skipNonFiniteOps,
    probe,
    cases,
    tolerance,
    seed: parity.seed,
  });
  describeTrainingParity(name, getBackend, { ...parity, probe });
  describeSessionContract(name, getBackend, { probe });
}
