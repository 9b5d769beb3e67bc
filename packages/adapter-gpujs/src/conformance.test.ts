/**
 * The shared conformance suite (@bench/testkit) on every gpu.js backend: each IR op against the
 * reference backend, and training parity for the E3 MLP (SGD) and the E4 CNN at 16x16 (Adam,
 * dropout). A backend whose probe fails (gpujs-gl without headless-gl or an X display;
 * gpujs-webgpu without a Vulkan adapter) is skipped with the probe's reason printed, unless
 * BENCH_REQUIRED_BACKENDS lists it (CI lists gpujs-gl): then its tests fail.
 */
import type { Backend } from '@bench/core';
import { describeConformance } from '@bench/testkit';
import { afterAll } from 'vitest';
import { backends } from './backends';

const created: Promise<Backend>[] = [];

for (const entry of backends) {
  let backend: Promise<Backend> | undefined;
  describeConformance(
    entry.name,
    () => {
      if (!backend) {
        backend = entry.create();
        created.push(backend);
      }
      return backend;
    },
    // testkit's default tolerances (abs 1e-4 + rel 1e-4 per op) are the ones MODES states
    { probe: () => entry.probe(), models: ['mlp', 'cnn', 'resnet', 'mobilenet'] },
  );
}

afterAll(async () => {
  for (const b of created) await (await b).dispose?.();
});
