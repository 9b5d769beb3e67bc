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
 * Creates the bars: one for the sweep (cells done of total, ETA, the cell running, failures so
 * far) and one for the epochs of the current cell. With `enabled` false every call is a no-op.
 */
export function createSweepProgress(total: number, enabled: boolean): SweepProgress {
  if (!enabled) return { enabled, onEvent: () => {}, stop: () => {} };
  const multi = new cliProgress.MultiBar(
    {
      clearOnComplete: false,
      hideCursor: true,
      format: '{name} [{bar}] {value}/{total} | {info}',
      etaBuffer: 8,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const sweep = multi.create(total, 0, { name: 'cells ', info: 'starting' });
  let epochs: cliProgress.SingleBar | undefined;
  let failed = 0;
  let done = 0;
  const eta = () => {
    const s =
      sweep.getTotal() > done ? (sweep as unknown as { eta?: { getTime(): number } }).eta?.getTime() : 0;
    return s !== undefined && Number.isFinite(s) && s > 0 ? `ETA ${Math.round(s)} s` : '';
  };
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
          sweep.update(done, { info: `${e.cell.id} ${eta()}${failed ? ` | ${failed} failed` : ''}` });
          break;
        case 'epoch':
          epochs?.update(Math.max(0, e.epoch - 1), { info: `${e.cell.id} epoch ${e.epoch}` });
          break;
        case 'cell-end':
          done++;
          if (e.status !== 'ok') failed++;
          epochs?.update(e.status === 'ok' ? e.cell.epochs : (epochs?.getProgress() ?? 0) * e.cell.epochs, {
            info: `${e.cell.id} ${e.status}`,
          });
          sweep.update(done, {
            info: `${e.cell.id} ${e.status} ${eta()}${failed ? ` | ${failed} failed` : ''}`,
          });
          break;
      }
    },
    stop() {
      multi.stop();
    },
  };
}
