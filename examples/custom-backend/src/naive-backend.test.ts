import { describeConformance } from '@bench/testkit';
import { createNaiveBackend } from './naive-backend';

// The whole conformance suite: every IR op against the reference, gradients, training parity.
describeConformance('naive-js', async () => createNaiveBackend());
