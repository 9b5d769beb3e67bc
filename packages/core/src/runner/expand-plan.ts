/**
 * Plan validation and expansion into cells.
 */
import { BenchError } from '../errors';
import { MAX_SWEEP_CELLS, type SweepCell, SweepPlan, type SweepPlanInput } from './sweep-plan';

/** Validates a plan object; throws a BenchError listing every problem with its field path. */
export function parseSweepPlan(input: unknown): SweepPlan {
  const parsed = SweepPlan.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(plan)'}: ${i.message}`)
      .join('; ');
    throw new BenchError(
      'BenchError.InvalidPlan',
      `invalid sweep plan: ${problems}. A plan needs experiment, backends[], batchSizes[], epochs (and optionally layers[] or models[], repeats, timeoutSeconds, memoryLimitMb, options)`,
    );
  }
  return parsed.data;
}

/** The stable id of a cell from its coordinates (characters outside [A-Za-z0-9._-] become `_`). */
export function cellIdOf(
  c: Pick<SweepCell, 'experiment' | 'backend' | 'batchSize' | 'layers' | 'model' | 'repeat'>,
): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  const parts = [clean(c.experiment), clean(c.backend), `bs${c.batchSize}`];
  if (c.layers !== undefined) parts.push(`l${c.layers}`);
  if (c.model !== undefined) parts.push(`m-${clean(c.model)}`);
  parts.push(`r${c.repeat}`);
  return parts.join('/');
}

/**
 * Expands a plan (validated here) into cells: repeats outermost, so that an interrupted sweep
 * has a complete first pass before any second repeat; then backends, model sizes, batch sizes.
 */
export function expandPlan(plan: SweepPlanInput | SweepPlan): SweepCell[] {
  const p = parseSweepPlan(plan);
  const sizes: { layers?: number; model?: string }[] = p.layers
    ? p.layers.map((layers) => ({ layers }))
    : p.models
      ? p.models.map((model) => ({ model }))
      : [{}];
  const count = p.repeats * p.backends.length * sizes.length * p.batchSizes.length;
  if (count > MAX_SWEEP_CELLS) {
    throw new BenchError(
      'BenchError.InvalidPlan',
      `invalid sweep plan: it expands to ${count} cells (${p.repeats} repeats x ${p.backends.length} backends x ${sizes.length} model sizes x ${p.batchSizes.length} batch sizes), more than the ${MAX_SWEEP_CELLS} a plan may have; split it into several plans or trim its lists`,
    );
  }
  const cells: SweepCell[] = [];
  for (let repeat = 0; repeat < p.repeats; repeat++) {
    for (const backend of p.backends) {
      for (const size of sizes) {
        for (const batchSize of p.batchSizes) {
          const coords = { experiment: p.experiment, backend, batchSize, ...size, repeat };
          const id = cellIdOf(coords);
          cells.push({
            id,
            cellId: id,
            ...coords,
            epochs: p.epochs,
            ...(p.seed !== undefined ? { seed: p.seed } : {}),
            options: { ...(p.options ?? {}) },
          });
        }
      }
    }
  }
  const seen = new Set<string>();
  for (const c of cells) {
    if (seen.has(c.id)) {
      throw new BenchError(
        'BenchError.InvalidPlan',
        `invalid sweep plan: cell "${c.id}" appears twice; remove the duplicate backend, batch size, layer count or model from the plan`,
      );
    }
    seen.add(c.id);
  }
  return cells;
}
