import type { Batch, BatchSource } from './backend';

/**
 * Reads a whole BatchSource into an array. Only for callers that must see every batch at once
 * (a stored validation set); sessions pull batches one by one instead.
 */
export async function collectBatches(source: BatchSource): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const b of source) out.push(b);
  return out;
}
