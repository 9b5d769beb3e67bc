/**
 * E2's question: which batch size reached a target accuracy fastest in wall time?
 */
import type { EpochRecord } from '../results/schema';
import { median } from './summarize-repeats';

/** Per batch size: the wall seconds to first reach the target accuracy (median over runs). */
export interface TimeToAccuracy {
  batchSize: number;
  /** Median over runs that reached it; null when no run did. */
  seconds: number | null;
  /** The epoch at which the fastest run reached it. */
  epoch: number | null;
  runs: number;
  runsReached: number;
}

/** The answer: every batch size, and the fastest (null when none reached the target). */
export interface FastestToAccuracy {
  targetAccuracy: number;
  perBatchSize: TimeToAccuracy[];
  fastest: TimeToAccuracy | null;
}

/**
 * From epoch records: for each run, the cumulative wall time (training `seconds` plus
 * `evalSeconds`, warm-up epochs included since a user waits for them too) until the first epoch
 * whose validation accuracy (1 - errorRate) is at least `targetAccuracy`; then per batch size the
 * median over its runs, and the batch size with the smallest. Optionally limited to a backend.
 */
export function fastestToAccuracy(
  records: readonly { kind: string }[],
  targetAccuracy: number,
  backend?: string,
): FastestToAccuracy {
  const runs = new Map<string, EpochRecord[]>();
  for (const r of records) {
    if (r.kind !== 'epoch') continue;
    const e = r as EpochRecord;
    if (backend && e.backend !== backend) continue;
    runs.set(e.runId, [...(runs.get(e.runId) ?? []), e]);
  }
  const byBatch = new Map<number, { seconds: number | null; epoch: number | null }[]>();
  for (const epochs of runs.values()) {
    epochs.sort((a, b) => a.epoch - b.epoch);
    let t = 0;
    let hit: { seconds: number; epoch: number } | null = null;
    for (const e of epochs) {
      t += e.seconds + (e.evalSeconds ?? 0);
      if (e.errorRate !== null && 1 - e.errorRate >= targetAccuracy) {
        hit = { seconds: t, epoch: e.epoch };
        break;
      }
    }
    const bs = epochs[0].batchSize;
    byBatch.set(bs, [...(byBatch.get(bs) ?? []), hit ?? { seconds: null, epoch: null }]);
  }
  const perBatchSize = [...byBatch.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([batchSize, hits]) => {
      const reached = hits.filter((h): h is { seconds: number; epoch: number } => h.seconds !== null);
      const best = reached.sort((a, b) => a.seconds - b.seconds)[0];
      return {
        batchSize,
        seconds: median(reached.map((h) => h.seconds)),
        epoch: best?.epoch ?? null,
        runs: hits.length,
        runsReached: reached.length,
      };
    });
  const fastest =
    perBatchSize
      .filter((p) => p.seconds !== null)
      .sort((a, b) => (a.seconds as number) - (b.seconds as number))[0] ?? null;
  return { targetAccuracy, perBatchSize, fastest };
}
