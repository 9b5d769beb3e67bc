/**
 * Sweep plans: what to run (experiment x backends x batch sizes x model sizes x repeats) as a
 * validated JSON object, and the cells it expands to. Cell ids are stable (derived from the
 * cell's coordinates only), so a resumed sweep recognises the cells it already ran.
 */
import { z } from 'zod';
import { MLP_LAYERS } from '../spec/builders/mlp';

/** Most cells one plan may expand to: more is a typo (or a day of machine time per second of cell). */
export const MAX_SWEEP_CELLS = 10_000;

/** A sweep plan, e.g. `{ "experiment": "e3", "backends": ["reference"], "batchSizes": [100], "layers": [2, 4], "epochs": 5, "repeats": 3 }`. */
export const SweepPlan = z
  .object({
    experiment: z.string().min(1),
    backends: z.array(z.string().min(1)).min(1),
    batchSizes: z.array(z.number().int().positive()).min(1),
    /** E3: numbers of linear layers (2..12, what `mlp` builds), one cell each. */
    layers: z
      .array(
        z
          .number()
          .int()
          .min(MLP_LAYERS.min, `layer counts go from ${MLP_LAYERS.min} to ${MLP_LAYERS.max} (E3's MLPs)`)
          .max(MLP_LAYERS.max, `layer counts go from ${MLP_LAYERS.min} to ${MLP_LAYERS.max} (E3's MLPs)`),
      )
      .min(1)
      .optional(),
    /** Named models, one cell each (exclusive with `layers`). */
    models: z.array(z.string().min(1)).min(1).optional(),
    epochs: z.number().int().positive(),
    repeats: z.number().int().positive().default(1),
    /** Seed of data, initial weights and dropout for every cell (default: the experiment's, 0). */
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    /** Per-cell wall-clock limit; a cell past it is killed and recorded as `timeout`. */
    timeoutSeconds: z.number().positive().optional(),
    /** Per-cell memory limit: V8 heap limit and an RSS watchdog; past it the cell is `oom`. */
    memoryLimitMb: z.number().positive().optional(),
    /** Experiment-specific options passed to every cell unchanged. */
    options: z.record(z.unknown()).optional(),
  })
  .strict()
  .refine((p) => !(p.layers && p.models), {
    message: 'give either "layers" or "models", not both',
    path: ['models'],
  });
export type SweepPlan = z.infer<typeof SweepPlan>;
/** A plan as written by a user (defaults not yet applied). */
export type SweepPlanInput = z.input<typeof SweepPlan>;

/**
 * One run of an experiment: one backend, batch size, model size and repeat. The one cell type of
 * `bench run` (in process), `bench sweep` (a worker per cell) and `bench slurm`.
 */
export interface SweepCell {
  /** Stable id, e.g. `e3/onnxruntime-cpu/bs100/l8/r0`. Also stamped on records as `cellId`. */
  id: string;
  /** Same as `id`; lets workers that read `cell.cellId` use the cell unchanged. */
  cellId: string;
  experiment: string;
  backend: string;
  batchSize: number;
  layers?: number;
  model?: string;
  epochs: number;
  /** 0-based repeat index. */
  repeat: number;
  /** Seed of data, initial weights and dropout (absent: the experiment's default, 0). */
  seed?: number;
  options: Record<string, unknown>;
}
