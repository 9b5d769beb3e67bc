export { runNodes, checkKernels } from './graph-executor';
export type { ExecutorContext } from './graph-executor';
export { toHost, toTf } from './host-io';
