export * from './schema';
export * from './jsonl';
export * from './host';
export * from './crossover';
export { appendLinesAtomically, checkResultsWritable } from './append-records';
export {
  acquireResultsLock,
  lockedByOther,
  lockPathOf,
  withResultsLock,
  type LockOwner,
  type ResultsLock,
} from './results-lock';
