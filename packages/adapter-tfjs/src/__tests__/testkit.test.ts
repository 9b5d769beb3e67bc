/**
 * The shared conformance suite of @bench/testkit on every tfjs engine of this package: every IR
 * op against the reference executor, then training parity (MLP with SGD, CNN with Adam and
 * dropout). No op is skipped. Each engine's suites skip with the probe's printed reason where
 * the engine is absent (tfjs-webgpu without a Vulkan adapter).
 */
import { describeConformance } from '@bench/testkit';
import { backends } from '../backends';
import { backendOf } from './engines';

for (const entry of backends) {
  describeConformance(entry.name, () => backendOf(entry), { probe: () => entry.probe() });
}
