/**
 * The sweep worker: a child process that runs one cell of any experiment and sends its records
 * to the parent runner over IPC.
 */
import { runCellWorker } from '@bench/core';
import { EXPERIMENTS, runCell } from './experiments';
import type { Cell } from './experiments';
import { loadRegistry } from './registry';

runCellWorker(async (cell, io) => {
  const c = cell as unknown as Cell;
  const experiment = EXPERIMENTS[c.experiment];
  if (!experiment) throw new Error(`unknown experiment "${c.experiment}"; valid: ${Object.keys(EXPERIMENTS).join(', ')}`);
  const { registry } = await loadRegistry();
  // runCell catches the run's own failures and emits a run record with their status; the runner
  // only writes its own failure record when the worker dies without one (crash, OOM kill, timeout).
  await runCell(experiment, c, {
    registry,
    emit: (r) => io.emit(r),
    log: (line) => process.stderr.write(`${line}\n`),
    onEpochStart: (e) => io.epochStarted(e),
  });
});
