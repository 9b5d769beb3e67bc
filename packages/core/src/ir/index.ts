export * from './ops';
export * from './graph';
export * from './kernel-table';
