/**
 * E2's answer in words: per backend, which batch size reached the target validation accuracy
 * first in wall time, or, when none did, that none did, with the best accuracy reached shown as
 * the best reached (never as "fastest to" a target that nobody met).
 */
import { type EpochRecord, type FastestToAccuracy, type ResultRecord, fastestToAccuracy } from '@bench/core';
import { groupBy } from './records';

/** The target `bench run e2` and the report use unless told otherwise. */
export const DEFAULT_TARGET_ACCURACY = 0.9;

/** The best validation accuracy one batch size reached, and when. */
export interface BestReached {
  batchSize: number;
  accuracy: number;
  /** Wall seconds until it was first reached (median over runs that reached it). */
  seconds: number | null;
  epoch: number | null;
}

/** One backend's answer. */
export interface TimeToAccuracySummary {
  experiment: string;
  backend: string;
  targetAccuracy: number;
  /** Time to the target per batch size, and the fastest (null when none reached it). */
  target: FastestToAccuracy;
  /** When no batch size reached the target: the best accuracy each reached (best first). */
  bestReached: BestReached[];
}

/**
 * Per experiment and backend that ran two or more batch sizes: time to `targetAccuracy` per batch
 * size and, when no batch size reached it, the best accuracy each batch size reached instead.
 */
export function timeToAccuracy(
  records: readonly ResultRecord[],
  targetAccuracy = DEFAULT_TARGET_ACCURACY,
): TimeToAccuracySummary[] {
  const epochs = records.filter((r): r is EpochRecord => r.kind === 'epoch' && r.errorRate !== null);
  const out: TimeToAccuracySummary[] = [];
  for (const mine of groupBy(epochs, (e) => `${e.experiment}\u0000${e.backend}`).values()) {
    const { experiment, backend } = mine[0];
    const sizes = [...new Set(mine.map((e) => e.batchSize))].sort((a, b) => a - b);
    if (sizes.length < 2) continue;
    const target = fastestToAccuracy(mine, targetAccuracy, backend);
    const bestReached: BestReached[] = [];
    if (!target.fastest) {
      for (const batchSize of sizes) {
        const timed = mine.filter((e) => e.batchSize === batchSize);
        if (timed.length === 0) continue;
        const accuracy = Math.max(...timed.map((e) => 1 - (e.errorRate as number)));
        const at = fastestToAccuracy(
          mine.filter((e) => e.batchSize === batchSize),
          accuracy,
          backend,
        ).perBatchSize[0];
        bestReached.push({ batchSize, accuracy, seconds: at?.seconds ?? null, epoch: at?.epoch ?? null });
      }
      bestReached.sort((a, b) => b.accuracy - a.accuracy || (a.seconds ?? 0) - (b.seconds ?? 0));
    }
    out.push({ experiment, backend, targetAccuracy, target, bestReached });
  }
  return out;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const secs = (s: number | null) => (s === null ? '?' : `${s.toFixed(2)} s`);

/** One line per backend, for the terminal and the report. */
export function describeTimeToAccuracy(summary: TimeToAccuracySummary): string {
  const { backend, targetAccuracy: t, target, bestReached } = summary;
  const f = target.fastest;
  if (f) {
    const per = target.perBatchSize
      .map((p) => `bs${p.batchSize}: ${p.seconds === null ? 'not reached' : secs(p.seconds)}`)
      .join(', ');
    return `${backend}: batch size ${f.batchSize} reached the target ${pct(t)} validation accuracy first, after ${secs(f.seconds)} of wall time (epoch ${f.epoch}); ${per}.`;
  }
  const best = bestReached[0];
  const per = bestReached.map((b) => `bs${b.batchSize}: ${pct(b.accuracy)}`).join(', ');
  return best
    ? `${backend}: no batch size reached the target ${pct(t)} validation accuracy. Best accuracy reached (not the target): ${pct(best.accuracy)}, by batch size ${best.batchSize} after ${secs(best.seconds)} (epoch ${best.epoch}); best per batch size: ${per}.`
    : `${backend}: no batch size reached the target ${pct(t)} validation accuracy.`;
}
