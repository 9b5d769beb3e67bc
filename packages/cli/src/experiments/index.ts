/** The experiments `bench run` knows, by name. */
import { e1, e2 } from './e1-bird-vs-forest';
import { e3 } from './e3-crossover';
import { e4 } from './e4-cifar10-cnn';
import type { Experiment } from './experiment';

export const EXPERIMENTS: Record<string, Experiment> = { e1, e2, e3, e4 };

export * from './experiment';
export * from './run-cell';
