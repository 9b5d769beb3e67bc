export * from './dataset';
export * from './data-loader';
export * from './random-splitter';
export * from './disc';
