/**
 * The shared tfjs backend factory: a registry entry whose probe loads the engine once (so
 * "available" means it really initialised here) and whose backend runs IR graphs and compiles
 * Programs into tfjs sessions.
 */
import { BenchError, inferGraph } from '@bench/core';
import type {
  Backend,
  BackendEntry,
  CompileOptions,
  Graph,
  HostTensor,
  ProbeResult,
  Program,
  Session,
} from '@bench/core';
import { isSoftwareDevice } from '@bench/core';
import type { TfjsEngine } from '../engine/tfjs-engine';
import { checkKernels, runNodes, toHost, toTf } from '../executor';
import { SUPPORTED_OPS } from '../kernels/kernel-registry';
import { createTfjsSession } from '../session/tfjs-session-impl';
import type { TfTensor } from '../tf-types';
import type { TfjsBackendOptions } from './tfjs-backend';

/** Default tolerance of the tfjs engines against the float32 reference (summation order differs). */
export const DEFAULT_TFJS_TOLERANCE = 1e-4;

/**
 * Creates a BackendEntry for a tfjs engine. `probe()` never throws: it runs `precheck`, then
 * loads the engine and reports its device, or the loader's message with a remedy; a probe with
 * no live backend releases the engine again, so probing alone never keeps a GPU device (or the
 * process) alive. `create()` returns a Backend over the loaded engine (memoised per entry);
 * dispose every backend you create.
 */
/**
 * tfjs has one global active engine, so probing or loading two tfjs backends at once (as
 * `bench doctor` probes every backend) races `tf.setBackend`. Every entry made here queues its
 * probes and creations on this one chain.
 */
let engineQueue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const run = engineQueue.then(fn, fn);
  engineQueue = run.catch(() => undefined);
  return run;
}

export function createTfjsBackend(options: TfjsBackendOptions): BackendEntry {
  let engine: Promise<TfjsEngine> | undefined;
  /** Backends created and not yet disposed; the engine is released when the last one goes. */
  let live = 0;
  const load = (): Promise<TfjsEngine> => {
    if (!engine) {
      engine = options.load();
      engine.catch(() => {
        engine = undefined;
      });
    }
    return engine;
  };
  const explain =
    options.explainLoadError ??
    ((error: unknown): ProbeResult => ({
      available: false,
      reason: `loading tfjs backend "${options.engine}" failed: ${error instanceof Error ? error.message : String(error)}`,
      remedy: `reinstall ${options.packageName} and its @tensorflow/* dependencies (npm install ${options.packageName})`,
    }));
  return {
    name: options.name,
    priority: options.priority,
    description: options.description,
    packageName: options.packageName,
    deviceKind: options.deviceKind,
    probe(): Promise<ProbeResult> {
      return oneAtATime(() => probeNow());
    },
    create(): Promise<Backend> {
      return oneAtATime(() => createNow());
    },
  };

  async function probeNow(): Promise<ProbeResult> {
    try {
      const pre = await options.precheck?.();
      if (pre && !pre.available) return pre;
      const loadedBefore = engine !== undefined;
      const e = await load();
      if (!loadedBefore && live === 0) {
        // Probe only: release what loading took (the WebGPU device would keep the process alive).
        engine = undefined;
        await e.dispose();
      }
      // WebGPU on Mesa lavapipe runs on the CPU: available, but not a default backend.
      const emulated = options.deviceKind === 'gpu' && isSoftwareDevice(e.device);
      return { available: true, device: e.device, ...(emulated ? { emulated } : {}) };
    } catch (error) {
      return explain(error);
    }
  }

  async function createNow(): Promise<Backend> {
    const e = await load();
    live++;
    return new TfjsBackend(options, e, async () => {
      live--;
      if (live > 0) return;
      engine = undefined;
      await e.dispose();
    });
  }
}

class TfjsBackend implements Backend {
  readonly name: string;
  readonly device: string;
  readonly capabilities: Backend['capabilities'];
  private disposed = false;

  constructor(
    private readonly options: TfjsBackendOptions,
    private readonly engine: TfjsEngine,
    private readonly onDispose: () => Promise<void>,
  ) {
    this.name = options.name;
    this.device = engine.device;
    this.capabilities = {
      ops: SUPPORTED_OPS,
      deviceKind: options.deviceKind,
      tolerance: options.tolerance ?? DEFAULT_TFJS_TOLERANCE,
    };
  }

  async run(graph: Graph, feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    const types: Record<string, { shape: number[]; dtype: HostTensor['dtype'] }> = {};
    const hostScalars = new Map<string, number>();
    for (const input of graph.inputs) {
      const t = feeds[input.name];
      if (!t) {
        throw new BenchError(
          'BenchError.MissingFeed',
          `backend "${this.name}": graph input "${input.name}" has no feed; feeds given: ${Object.keys(feeds).join(', ') || '(none)'}`,
        );
      }
      types[input.name] = { shape: [...t.shape], dtype: t.dtype };
      if (t.shape.length === 0) hostScalars.set(input.name, t.data[0]!);
    }
    inferGraph(graph, types);
    checkKernels(graph, this.name);
    await this.engine.activate();
    const { tf } = this.engine;
    const outs = tf.tidy(() => {
      const env = new Map<string, TfTensor>();
      for (const input of graph.inputs) env.set(input.name, toTf(tf, feeds[input.name]!));
      runNodes(graph, env, {
        tf,
        backend: this.name,
        engineName: this.engine.engineName,
        features: this.engine.features,
        hostScalars,
      });
      return graph.outputs.map((name) => env.get(name)!);
    });
    try {
      const result: Record<string, HostTensor> = {};
      for (let i = 0; i < outs.length; i++) result[graph.outputs[i]!] = await toHost(outs[i]!);
      return result;
    } finally {
      tf.dispose(outs);
    }
  }

  compile(program: Program, options?: CompileOptions): Promise<Session> {
    return createTfjsSession(this, this.engine, program, options);
  }

  /**
   * Releases this backend; when it is the last live backend of its entry, the engine too (for
   * tfjs-webgpu: destroys the GPU device, without which the process does not exit).
   */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.onDispose();
  }
}
