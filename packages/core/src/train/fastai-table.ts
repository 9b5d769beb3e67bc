/**
 * The fastai-style epoch table, printed a row at a time as epochs finish:
 * `epoch  train_loss  valid_loss  error_rate  time`.
 */

/** Seconds as fastai shows them: mm:ss. */
export function formatTime(seconds: number): string {
  const s = Math.round(seconds);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

const COLUMNS = ['epoch', 'train_loss', 'valid_loss', 'error_rate', 'time'] as const;
const WIDTH = 12;

/** The header line. `phase` adds a leading column for fine-tuning phases. */
export function fastaiHeader(withPhase = false): string {
  return (
    (withPhase ? 'phase'.padEnd(10) : '') +
    COLUMNS.map((c) => c.padEnd(WIDTH))
      .join('')
      .trimEnd()
  );
}

/** One row. Missing values print as blanks, like fastai. */
export function fastaiRow(row: {
  epoch: number;
  trainLoss: number;
  validLoss: number | null;
  errorRate: number | null;
  seconds: number;
  phase?: string;
}): string {
  const num = (v: number | null) =>
    v === null || v === undefined ? '' : Number.isFinite(v) ? v.toFixed(6) : String(v);
  const cells = [
    String(row.epoch),
    num(row.trainLoss),
    num(row.validLoss),
    num(row.errorRate),
    formatTime(row.seconds),
  ];
  return (
    (row.phase !== undefined ? row.phase.padEnd(10) : '') +
    cells
      .map((c) => c.padEnd(WIDTH))
      .join('')
      .trimEnd()
  );
}
