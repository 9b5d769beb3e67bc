/**
 * @bench/core: model specs, the training-step IR and its compiler, the reference backend, data
 * sets and loaders, the trainer, result records, the sweep runner and telemetry.
 */
export * from './tensor';
export * from './errors';
export * from './util';
export * from './ir';
export * from './backend';
export * from './session';
export * from './spec';
export * from './compiler';
export * from './reference';
export * from './data';
export * from './train';
export * from './results';
export * from './runner';
export * from './telemetry';
export * from './checkpoint';
