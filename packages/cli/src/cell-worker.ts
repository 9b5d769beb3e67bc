/**
 * The sweep worker: a child process that runs one cell of any experiment with the same cell
 * runner `bench run` uses in process, and sends its records to the parent runner over IPC.
 */
import { runCellWorker } from '@bench/core';
import { EXPERIMENTS, runCell } from './experiments';
import { loadRegistry } from './registry';

runCellWorker(async (c, io) => {
  const experiment = EXPERIMENTS[c.experiment];
  if (!experiment)
    throw new Error(`unknown experiment "${c.experiment}"; valid: ${Object.keys(EXPERIMENTS).join(', ')}`);
  const { registry } = await loadRegistry();
  let described = false;
  // runCell catches the run's own failures and emits a run record with their status; the runner
  // only writes its own failure record when the worker dies without one (crash, OOM kill, timeout).
  await runCell(experiment, c, {
    registry,
    emit: (r) => {
      // The first record tells the runner the device and model size (telemetry: GPU-idle check, MFU).
      if (!described && (r.kind === 'epoch' || r.kind === 'run')) {
        described = true;
        const entry = registry.has(c.backend) ? registry.entry(c.backend) : undefined;
        io.describe({
          device: r.device,
          deviceKind: entry?.deviceKind,
          params: r.params,
          flopsPerSample: r.kind === 'run' ? r.flopsPerSample : undefined,
        });
      }
      io.emit(r);
    },
    log: (line) => process.stderr.write(`${line}\n`),
    onEpochStart: (e) => io.epochStarted(e),
  });
});
