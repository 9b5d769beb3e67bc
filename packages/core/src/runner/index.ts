// Public exports of runner/. Owned by the runner work; keep it a list of re-exports.
export { SweepPlan, MAX_SWEEP_CELLS, type SweepPlanInput, type SweepCell } from './sweep-plan';
export { parseSweepPlan, expandPlan, cellIdOf } from './expand-plan';
export type { CellDescription, ParentMessage, WorkerMessage } from './worker-protocol';
export { runCellWorker, type CellHandler, type CellWorkerIO } from './cell-worker';
export type { SweepEvent, CellRunOptions, CellResult } from './sweep-events';
export { OOM_PATTERN, isOomText } from './classify-failure';
export { runCellInChild } from './run-cell-in-child';
export {
  runSweep,
  completedCellIds,
  repairForResume,
  type RunSweepOptions,
  type SweepSummary,
  type ResumeRepair,
} from './run-sweep';
export { summarizeRepeats, median, type RepeatSummary } from './summarize-repeats';
export { fastestToAccuracy, type FastestToAccuracy, type TimeToAccuracy } from './fastest-to-accuracy';
export {
  findBatchSize,
  type FindBatchSizeOptions,
  type BatchSizeSearch,
  type BatchAttempt,
} from './find-batch-size';
export {
  summarizeRun,
  findDivergence,
  isFiniteEpoch,
  runStatusOf,
  steadyEpochs,
  steadyTrainSeconds,
  type RunSummaryInput,
  type RunIdentityFields,
} from './summarize-run';
