/**
 * The IPC messages between the sweep runner (parent) and a cell worker (child). Messages travel
 * with Node's `advanced` serialization (structured clone), so NaN losses arrive as NaN.
 */
import type { ResultRecord } from '../results/schema';
import type { SweepCell } from './sweep-plan';

/** What a worker may tell the runner about its run before any record exists. */
export interface CellDescription {
  /** Device name (e.g. from the backend's probe). */
  device?: string;
  /** Whether the backend claims a GPU; enables the GPU-idle warning. */
  deviceKind?: 'cpu' | 'gpu';
  /** Trainable parameter count. */
  params?: number;
  /** Forward FLOPs per sample (MFU uses 3x this). */
  flopsPerSample?: number;
}

/** Parent -> worker. */
export type ParentMessage = { type: 'cell'; cell: SweepCell };

/** Worker -> parent. */
export type WorkerMessage =
  | { type: 'record'; record: ResultRecord }
  | { type: 'epoch'; epoch: number }
  | { type: 'describe'; info: CellDescription }
  | { type: 'done' }
  | { type: 'error'; message: string; name?: string; stack?: string; diverged?: boolean };
