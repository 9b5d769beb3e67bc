import cliProgress from 'cli-progress';

/** Progress of a long operation: `done` of `total` units (bytes, files); `total` is 0 when unknown. */
export interface ProgressEvent {
  done: number;
  total: number;
  /** What is being worked on now (a file path), when there is one. */
  item?: string;
}

/** Receives progress events; called often, so keep it cheap. */
export type ProgressCallback = (event: ProgressEvent) => void;

/**
 * A progress callback that draws a cli-progress bar on stderr, or undefined when stderr is not a
 * terminal (CI logs, child processes) so that no control characters reach log files. Call the
 * returned `stop` when the work ends, also on failure.
 */
export function terminalProgress(
  label: string,
  unit: 'bytes' | 'files',
): { onProgress?: ProgressCallback; stop(): void } {
  if (!process.stderr.isTTY) return { stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit === 'bytes' ? 'MB' : 'files'} | eta {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const scale = unit === 'bytes' ? 1 / 1e6 : 1;
  const round = (v: number) => (unit === 'bytes' ? Math.round(v * scale * 10) / 10 : v);
  return {
    onProgress(e) {
      if (!started) {
        bar.start(round(e.total), 0);
        started = true;
      }
      bar.setTotal(round(e.total));
      bar.update(round(e.done));
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
