/**
 * The Backend over one engine: `run` (op conformance: upload feeds, run, read every requested
 * output) and `compile` (a training Session).
 */
import type { CompileOptions, Graph, HostTensor, Program, ValueType } from '@bench/core';
import type { EngineStats, GpuJsEngine } from '../engine/engine';
import { SUPPORTED_OPS } from '../kernels/register-all';
import { MODES } from '../modes';
import type { GpuJsMode } from '../modes';
import type { Value } from './executor';
import { planGraph } from './executor';
import { checkFeed, toHost, toValue } from './feeds';
import type { GpuJsBackend, GpuJsSession } from './gpujs-backend';
import { createSession } from './session-impl';

class GpuJsBackendImpl implements GpuJsBackend {
  readonly name: string;
  readonly device: string;
  readonly capabilities;

  constructor(
    readonly mode: GpuJsMode,
    private readonly engine: GpuJsEngine,
  ) {
    const info = MODES[mode];
    this.name = info.backend;
    this.device = engine.device;
    this.capabilities = {
      ops: SUPPORTED_OPS,
      deviceKind: info.deviceKind,
      tolerance: info.tolerance,
    };
  }

  async run(graph: Graph, feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    const types: Record<string, ValueType> = {};
    for (const v of graph.inputs) {
      const t = feeds[v.name];
      if (!t)
        throw new TypeError(
          `backend "${this.name}": graph input "${v.name}" has no feed; pass feeds.${v.name}`,
        );
      checkFeed(v.name, v, t, this.name);
      types[v.name] = { shape: [...t.shape], dtype: t.dtype };
    }
    const plan = planGraph(this.engine, graph, types);
    const values = new Map<string, Value>();
    try {
      for (const v of graph.inputs) values.set(v.name, await toValue(this.engine, feeds[v.name]!));
      const out = await plan.run(values);
      const result: Record<string, HostTensor> = {};
      for (const name of graph.outputs) {
        const v = out.get(name)!;
        result[name] = await toHost(this.engine, v);
      }
      const fed = new Set([...values.values()].map((v) => v.buffer));
      for (const v of out.values()) if (!fed.has(v.buffer)) this.engine.release(v.buffer);
      return result;
    } finally {
      for (const v of values.values()) this.engine.release(v.buffer);
    }
  }

  compile(program: Program, options?: CompileOptions): Promise<GpuJsSession> {
    return createSession(this, this.engine, program, options);
  }

  debugStats(): EngineStats {
    return this.engine.stats();
  }

  async dispose(): Promise<void> {
    await this.engine.dispose();
  }
}

/** Wraps an engine as a Backend. */
export function createGpuJsBackendFromEngine(mode: GpuJsMode, engine: GpuJsEngine): GpuJsBackend {
  return new GpuJsBackendImpl(mode, engine);
}
