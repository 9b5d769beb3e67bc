/**
 * Makes a cell worker die with its parent, whatever the worker's main thread is doing. A
 * `disconnect` handler cannot run while synchronous training blocks the event loop (a tfjs-cpu
 * epoch can block it for minutes), so the check runs on its own worker thread: every
 * `intervalMs` it asks whether the parent is still there (the parent pid still alive and still
 * our parent; a dead parent re-parents us to init or a subreaper) and, when not, SIGKILLs the
 * whole worker process. A worker thread keeps running while the main thread is blocked, and it
 * works the same for every backend (no native module, no process-group assumptions).
 */
import { Worker } from 'node:worker_threads';

// Runs on the watchdog thread; plain CommonJS because `eval` workers are scripts.
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const { parentPid, intervalMs } = workerData;
function parentGone() {
  if (process.platform !== 'win32' && process.ppid !== parentPid) return true;
  try { process.kill(parentPid, 0); return false; }
  catch (e) { return e && e.code === 'ESRCH'; }
}
setInterval(() => { if (parentGone()) process.kill(process.pid, 'SIGKILL'); }, intervalMs);
`;

/** A started watchdog; `stop()` ends its thread (e.g. when the cell is done). */
export interface ParentWatchdog {
  stop(): Promise<void>;
}

/**
 * Starts the watchdog thread for the current process's parent (`process.ppid` now). The thread
 * is unref'd, so it never keeps a finished worker alive.
 */
export function startParentWatchdog(intervalMs = 200): ParentWatchdog {
  const worker = new Worker(WATCHDOG_SOURCE, {
    eval: true,
    workerData: { parentPid: process.ppid, intervalMs },
    // A small thread: it only polls.
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
  });
  // A thread that cannot start leaves the disconnect handler as the only guard; never fail the cell.
  worker.on('error', () => {});
  worker.unref();
  return {
    stop: async () => {
      await worker.terminate();
    },
  };
}
