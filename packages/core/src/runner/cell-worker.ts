/**
 * The worker side of a sweep: `runCellWorker(handler)` is all a worker module calls.
 */
import { BenchError } from '../errors';
import type { ResultRecord } from '../results/schema';
import { DivergedError } from '../train/diverged-error';
import { startParentWatchdog } from './parent-watchdog';
import type { SweepCell } from './sweep-plan';
import type { CellDescription, ParentMessage, WorkerMessage } from './worker-protocol';

/** What a cell handler gets besides the cell. */
export interface CellWorkerIO {
  /** Sends a record to the runner (buffered there; written when the cell ends). */
  emit(record: ResultRecord): void;
  /** Marks the start of an epoch (1-based): aligns telemetry and drives progress bars. */
  epochStarted(epoch: number): void;
  /** Tells the runner the device, device kind, parameter and FLOP counts as soon as known. */
  describe(info: CellDescription): void;
}

/** A worker's cell handler: runs one cell, emitting its records; a throw fails the cell. */
export type CellHandler = (cell: SweepCell, io: CellWorkerIO) => Promise<void> | void;

/**
 * Runs `handler` on the cell the parent runner sends over IPC, forwards its records and epoch
 * boundaries, reports a thrown error (message, name, stack), then exits (0 on success, 1 on a
 * thrown error). The worker exits too when the parent goes away (a watchdog thread SIGKILLs it
 * even while its main thread is blocked), so a killed sweep leaves no orphaned cells running. Call it once, at the top level of the module passed to `runSweep`'s
 * `workerModule`.
 */
export function runCellWorker(handler: CellHandler): void {
  const send = process.send?.bind(process);
  if (!send) {
    throw new BenchError(
      'BenchError.NotAWorker',
      'runCellWorker: this process has no IPC channel (process.send is undefined); start the module through runSweep / `bench sweep`, not directly with node',
    );
  }
  const post = (message: WorkerMessage) =>
    new Promise<void>((resolve) => {
      if (!process.connected) return resolve();
      send(message, undefined, {}, () => resolve());
    });
  const pending: Promise<void>[] = [];
  process.on('disconnect', () => process.exit(2));
  // The disconnect handler cannot run while a synchronous epoch blocks the event loop; the
  // watchdog thread can (see parent-watchdog.ts).
  startParentWatchdog();
  process.once('message', async (raw: unknown) => {
    const message = raw as ParentMessage;
    if (message?.type !== 'cell') {
      await post({
        type: 'error',
        message: `runCellWorker: expected a {type:'cell'} message first, got ${JSON.stringify(raw)?.slice(0, 200)}`,
      });
      process.exit(1);
    }
    const io: CellWorkerIO = {
      emit: (record) => void pending.push(post({ type: 'record', record })),
      epochStarted: (epoch) => void pending.push(post({ type: 'epoch', epoch })),
      describe: (info) => void pending.push(post({ type: 'describe', info })),
    };
    try {
      await handler(message.cell, io);
      await Promise.all(pending);
      await post({ type: 'done' });
      process.exit(0);
    } catch (error) {
      await Promise.all(pending);
      const e = error instanceof Error ? error : new Error(String(error));
      // the class check happens here, where the error is still an object; the parent gets a flag
      await post({
        type: 'error',
        message: e.message,
        name: e.name,
        stack: e.stack,
        diverged: DivergedError.isInstance(error),
      });
      process.exit(1);
    }
  });
}
