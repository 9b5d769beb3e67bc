/**
 * The shared suites of @bench/testkit on every tfjs engine of this package: op conformance
 * (`describeConformance`) and training parity (`describeTrainingParity`). Each suite skips with
 * the probe's printed reason where its engine is absent. While a suite is not yet exported by
 * the testkit, a test says so by name (it is skipped, not passed).
 */
import * as testkit from '@bench/testkit';
import type { Backend, BackendEntry, ProbeResult } from '@bench/core';
import { describe, it } from 'vitest';
import { backends } from '../backends';
import { backendOf } from './engines';

type Describe = (name: string, getBackend: () => Promise<Backend>, options?: { probe?: () => Promise<ProbeResult> }) => void;
const kit = testkit as unknown as { describeConformance?: Describe; describeTrainingParity?: Describe };

const suites: [string, Describe | undefined][] = [
  ['describeConformance', kit.describeConformance],
  ['describeTrainingParity', kit.describeTrainingParity],
];

for (const [suite, run] of suites) {
  if (!run) {
    describe(`@bench/testkit ${suite}`, () => {
      it.skip(`SKIPPED: @bench/testkit does not export ${suite} yet`, () => {});
    });
    continue;
  }
  for (const entry of backends as BackendEntry[]) {
    run(entry.name, () => backendOf(entry), { probe: () => entry.probe() });
  }
}
