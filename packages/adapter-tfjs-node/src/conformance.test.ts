/**
 * The shared conformance suite of @bench/testkit on tfjs-node: every IR op against the reference
 * executor, then training parity for the E3 MLP (SGD) and the E4 CNN (Adam, dropout). Where
 * @tensorflow/tfjs-node is absent the suites skip with the probe's reason, except where CI lists
 * tfjs-node in BENCH_REQUIRED_BACKENDS: there they fail.
 */
import type { Backend } from '@bench/core';
import { describeConformance } from '@bench/testkit';
import { afterAll } from 'vitest';
import { tfjsNode } from './tfjs-node-backend';

let backend: Promise<Backend> | undefined;

describeConformance(
  tfjsNode.name,
  () => {
    backend ??= tfjsNode.create();
    return backend;
  },
  { probe: () => tfjsNode.probe(), models: ['mlp', 'cnn'] },
);

afterAll(async () => {
  if (backend) await (await backend).dispose?.();
});
