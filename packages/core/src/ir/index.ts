export * from './ops';
export * from './graph';
