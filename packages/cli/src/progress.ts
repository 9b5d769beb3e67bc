/**
 * Progress bars for sweeps (cells done, ETA) and epochs (of the cell running), with cli-progress.
 * Quiet (no output at all) when stdout is not a TTY or with --json, so piped output and JSON
 * stay clean.
 */
import type { SweepEvent } from '@bench/core';
import cliProgress from 'cli-progress';

/** Receives sweep events and draws them; `stop` clears the bars. */
export interface SweepProgress {
  readonly enabled: boolean;
  onEvent(event: SweepEvent): void;
  stop(): void;
}

/** Whether bars should be drawn: an interactive stdout and no --json. */
export function progressEnabled(
  json: boolean | undefined,
  stream: { isTTY?: boolean } = process.stdout,
): boolean {
  return !json && stream.isTTY === true;
}

/**
 * Creates the bars (on stderr by default, so stdout keeps only results): one for the sweep (cells done of total, ETA, the cell running, failures so
 * far) and one for the epochs of the current cell. With `enabled` false every call is a no-op.
 */
export function createSweepProgress(
  total: number,
  enabled: boolean,
  stream: NodeJS.WriteStream = process.stderr,
): SweepProgress {
  if (!enabled) return { enabled, onEvent: () => {}, stop: () => {} };
  const multi = new cliProgress.MultiBar(
    {
      stream,
      clearOnComplete: false,
      hideCursor: true,
      format: '{name} [{bar}] {value}/{total} | ETA {eta_formatted} | {info}',
      etaBuffer: 8,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const sweep = multi.create(total, 0, { name: 'cells ', info: 'starting' });
  let epochs: cliProgress.SingleBar | undefined;
  let failed = 0;
  let done = 0;
  const failures = () => (failed ? ` | ${failed} not ok` : '');
  return {
    enabled,
    onEvent(e) {
      switch (e.type) {
        case 'cell-skipped':
          done++;
          sweep.increment(1, { info: `skipped ${e.cell.id} (done before)` });
          break;
        case 'cell-start':
          epochs?.stop();
          if (epochs) multi.remove(epochs);
          epochs = multi.create(e.cell.epochs, 0, { name: 'epochs', info: e.cell.id });
          sweep.update(done, { info: `${e.cell.id}${failures()}` });
          break;
        case 'epoch':
          epochs?.update(Math.max(0, e.epoch - 1), { info: `${e.cell.id} epoch ${e.epoch}` });
          break;
        case 'cell-end':
          done++;
          if (e.status !== 'ok') failed++;
          if (e.status === 'ok') epochs?.update(e.cell.epochs, { info: `${e.cell.id} ok` });
          else epochs?.update({ info: `${e.cell.id} ${e.status}` });
          sweep.update(done, { info: `${e.cell.id} ${e.status}${failures()}` });
          break;
      }
    },
    stop() {
      multi.stop();
    },
  };
}
