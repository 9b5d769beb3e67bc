export { createProgram, main } from './main';
export { loadRegistry, KNOWN_ADAPTERS } from './registry';
export { EXPERIMENTS, runCell } from './experiments';
export type { Cell, Experiment, ExperimentContext } from './experiments';
