/**
 * The vitest wrapper of the training-parity check, for an adapter's test file:
 * `describeTrainingParity('tfjs-cpu', () => entry.create(), { probe: entry.probe })`.
 */
import type { Backend } from '@bench/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackendForTests } from './resolve-backend';
import { checkTrainingParity } from './training-parity-check';
import type { DescribeTrainingParityOptions, ParityModel } from './training-parity-options';

/** Test-name label of each parity model. */
const PARITY_LABEL: Record<ParityModel, string> = {
  mlp: 'SGD',
  cnn: 'Adam + dropout',
  resnet: 'SGD + batch norm (running statistics)',
  mobilenet: 'SGD + depthwise + ReLU6 + batch norm',
};

/**
 * Declares a vitest suite `training parity: <name>` with one test per model (see
 * `TrainingParityOptions.model`) that trains `getBackend()`'s session and the reference session for a
 * few steps and expects `checkTrainingParity(...).ok`, printing every failure. When the backend
 * is unavailable (options.probe says so, or getBackend throws BackendUnavailableError), each
 * test is skipped with the reason printed; any other error fails the test.
 */
export function describeTrainingParity(
  name: string,
  getBackend: () => Backend | Promise<Backend>,
  options: DescribeTrainingParityOptions = {},
): void {
  const { models = ['mlp', 'cnn', 'resnet', 'mobilenet'], probe, ...check } = options;
  describe(`training parity: ${name}`, () => {
    let backend: Backend | undefined;
    let skipReason: string | undefined;
    beforeAll(async () => {
      ({ backend, skipReason } = await resolveBackendForTests(name, 'training parity', getBackend, probe));
    });
    for (const model of models) {
      it(`${model}: ${PARITY_LABEL[model]} losses and weights match the reference`, async (ctx) => {
        if (!backend) {
          ctx.skip(skipReason);
          return;
        }
        const result = await checkTrainingParity(backend, { ...check, model });
        console.info(
          `[testkit] ${name} ${model}: max loss rel error ${result.maxLossRelError.toExponential(2)}, ` +
            `max weight error ${result.maxWeightError.toExponential(2)} (${result.worstWeight})`,
        );
        expect(result.failures, result.failures.join('\n')).toEqual([]);
        expect(result.ok).toBe(true);
      });
    }
  });
}
