/**
 * `createTrainingSession`: the one Session implementation every backend uses. The adapter passes
 * a factory for its SessionHandler; the session owns the step counter, lifecycle, validation,
 * epoch batching (fused steps up to the handler's byte budget), evaluate weighting, the
 * empty-input rule (EmptyInputError everywhere) and the memory kind.
 */
import type { Backend, CompileOptions, Session } from '../backend/backend';
import { initWeights } from '../compiler/init-weights';
import type { Program } from '../ir/graph';
import type { NamedTensors } from '../tensor';
import type { SessionHandler } from './session-handler';
import { TrainingSessionImpl } from './training-session-impl';
import { checkNamedTensors } from './validate-weights';

/** Produces default initial weights (core's `initWeights(program, seed)`). */
export type WeightInitializer = (program: Program, seed: number) => NamedTensors;

/** What `createTrainingSession` needs. */
export interface TrainingSessionArgs {
  /** The backend compiling: its name, device and `capabilities.deviceKind`. */
  backend: Pick<Backend, 'name' | 'device' | 'capabilities'>;
  program: Program;
  options?: CompileOptions;
  /** Fills the params `options.weights` lacks. Default: core's `initWeights`. */
  initWeights?: WeightInitializer;
  /**
   * Builds the handler from validated initial weights (every param, float32, declared shapes)
   * and zeroed optimizer state (the handler allocates it from `program.state`).
   */
  createHandler(weights: NamedTensors): SessionHandler | Promise<SessionHandler>;
}

/**
 * The initial weights of a session: `options.weights` (checked: known names, float32, declared
 * shapes), with any param it lacks taken from `initWeights(program, options.seed ?? 0)`.
 */
export function resolveInitialWeights(
  program: Program,
  backend: string,
  options: CompileOptions = {},
  init: WeightInitializer = initWeights,
): NamedTensors {
  const given = options.weights ?? {};
  checkNamedTensors(given, program.params, backend, 'parameter');
  if (program.params.every((p) => given[p.name])) return given;
  const defaults = init(program, options.seed ?? 0);
  return { ...defaults, ...given };
}

/** Compiles a session: resolves initial weights, builds the handler, wraps it. */
export async function createTrainingSession(args: TrainingSessionArgs): Promise<Session> {
  const { backend, program } = args;
  const weights = resolveInitialWeights(program, backend.name, args.options, args.initWeights);
  const handler = await args.createHandler(weights);
  return new TrainingSessionImpl(
    {
      backend: backend.name,
      device: backend.device,
      deviceKind: backend.capabilities.deviceKind,
      program,
    },
    handler,
  );
}
