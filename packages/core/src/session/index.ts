export { createTrainingSession, resolveInitialWeights } from './training-session';
export type { TrainingSessionArgs, WeightInitializer } from './training-session';
export type { BatchEvaluation, HandlerMemory, SessionHandler } from './session-handler';
export { checkBatch, checkInput } from './validate-batch';
export { checkNamedTensors } from './validate-weights';
