/**
 * Warm-up measured in one place: compiling a program on a backend and preparing the engine for
 * the batch size the run will use, timed together, so that the first training step carries no
 * compilation and every run reports its warm-up apart from its epochs.
 */
import type { Backend, CompileOptions, Session } from '../backend/backend';
import type { Program } from '../ir/graph';

/** A compiled, prepared session and the seconds it took. */
export interface CompiledSession {
  session: Session;
  /** `backend.compile` + `session.prepare(batchSize)` wall seconds. */
  compileSeconds: number;
}

/**
 * Compiles `program` on `backend` and prepares the session for batches of `batchSize` rows (and
 * of `lastBatchSize` too when an epoch ends with a smaller batch), timing both. A session whose
 * preparation fails is disposed before the error propagates.
 */
export async function compileSession(
  backend: Backend,
  program: Program,
  options: CompileOptions & { batchSize: number; lastBatchSize?: number },
): Promise<CompiledSession> {
  const { batchSize, lastBatchSize, ...compileOptions } = options;
  const t0 = performance.now();
  const session = await backend.compile(program, compileOptions);
  try {
    await session.prepare(batchSize);
    if (lastBatchSize !== undefined && lastBatchSize > 0 && lastBatchSize !== batchSize)
      await session.prepare(lastBatchSize);
  } catch (error) {
    await session.dispose().catch(() => {});
    throw error;
  }
  return { session, compileSeconds: (performance.now() - t0) / 1000 };
}
