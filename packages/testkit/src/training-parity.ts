// Training parity: a backend's Session against the reference Session (imported by index.ts).
export * from './training-parity-options';
export { checkTrainingParity, parityBatches, parityModel } from './training-parity-check';
export { describeTrainingParity } from './training-parity-describe';
