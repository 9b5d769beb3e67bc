export * from './dataset';
export * from './data-loader';
export * from './random-splitter';
export * from './disc';
export * from './timed-batches';
export * from './empty-dataset-error';
