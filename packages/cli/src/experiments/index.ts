/** The experiments `bench run` knows, by name. */
import { e3 } from './e3-crossover';
import type { Experiment } from './experiment';

export const EXPERIMENTS: Record<string, Experiment> = { e3 };

export * from './experiment';
export * from './run-cell';
