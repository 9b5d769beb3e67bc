import type { Batch, BatchSource } from '../backend/backend';

/** What `timedBatches` counted while its consumer pulled batches. */
export interface BatchPullStats {
  /** Seconds the consumer waited inside `next()` for a batch (collation, reading). */
  waitSeconds: number;
  /** Rows of each batch handed out, in order. */
  sizes: number[];
}

/**
 * Wraps a batch source so that the time its consumer (a session) spends waiting for each batch
 * and the size of each batch are counted in `stats`, without holding any batch.
 */
export function timedBatches(source: BatchSource, stats: BatchPullStats): AsyncIterable<Batch> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<Batch> {
      const it: Iterator<Batch> | AsyncIterator<Batch> =
        Symbol.asyncIterator in source
          ? (source as AsyncIterable<Batch>)[Symbol.asyncIterator]()
          : (source as Iterable<Batch>)[Symbol.iterator]();
      return {
        async next() {
          const t0 = performance.now();
          const r = await it.next();
          stats.waitSeconds += (performance.now() - t0) / 1000;
          if (!r.done) stats.sizes.push(r.value.y.shape[0]!);
          return r;
        },
        async return() {
          await it.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}
