/**
 * OnnxruntimeBackend: the IR on onnxruntime-node with one execution provider. `run` lowers a
 * stand-alone graph and runs it once (conformance path; models are cached per graph and input
 * shapes); `compile` returns core's session over an onnxruntime handler.
 */
import { formatShape } from '@bench/core';
import type {
  Backend,
  BackendCapabilities,
  CompileOptions,
  Graph,
  HostTensor,
  Program,
  Session,
  ValueType,
} from '@bench/core';
import { LOWERED_OPS } from '../lower/register-all';
import { encodeModel } from '../onnx/model';
import { fromOrt, toOrt } from '../ort/runtime';
import type { Ort, OrtInferenceSession } from '../ort/runtime';
import { buildGraphModel, outputName } from './models';
import { ortSessionOptions } from './options';
import type { ResolvedOptions } from './options';
import { createOrtSession } from './ort-session';

/** What the backend needs to know about its provider. */
export interface OrtBackendSettings {
  ort: Ort;
  name: string;
  device: string;
  deviceKind: 'cpu' | 'gpu';
  providers: string[];
  options: ResolvedOptions;
}

/** See the file comment. Create through `createOnnxruntimeBackend` or the registry entries. */
export class OnnxruntimeBackend implements Backend {
  readonly name: string;
  readonly device: string;
  readonly capabilities: BackendCapabilities;
  private readonly runCache = new WeakMap<Graph, Map<string, Promise<OrtInferenceSession>>>();
  private readonly runSessions: Promise<OrtInferenceSession>[] = [];

  constructor(private readonly settings: OrtBackendSettings) {
    this.name = settings.name;
    this.device = settings.device;
    this.capabilities = { ops: LOWERED_OPS, deviceKind: settings.deviceKind, tolerance: 1e-4 };
  }

  async run(graph: Graph, feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    const types: Record<string, ValueType> = {};
    for (const v of graph.inputs) {
      const f = feeds[v.name];
      if (!f)
        throw new RangeError(
          `${this.name}.run: feed "${v.name}" (${v.dtype} ${formatShape(v.shape)}) is missing; feeds given: ${Object.keys(feeds).join(', ') || '(none)'}`,
        );
      if (
        f.dtype !== v.dtype ||
        f.shape.length !== v.shape.length ||
        f.shape.some((d, i) => v.shape[i] !== -1 && v.shape[i] !== d)
      ) {
        throw new RangeError(
          `${this.name}.run: feed "${v.name}" is ${f.dtype} ${formatShape(f.shape)} but the graph declares ${v.dtype} ${formatShape(v.shape)}`,
        );
      }
      types[v.name] = { shape: [...f.shape], dtype: f.dtype };
    }
    const key = graph.inputs.map((v) => formatShape(types[v.name]!.shape)).join(';');
    let byShape = this.runCache.get(graph);
    if (!byShape) {
      byShape = new Map();
      this.runCache.set(graph, byShape);
    }
    let session = byShape.get(key);
    if (!session) {
      const model = buildGraphModel(graph, this.name, types);
      session = this.settings.ort.InferenceSession.create(encodeModel(model), this.sessionOptions());
      byShape.set(key, session);
      this.runSessions.push(session);
    }
    const s = await session;
    const ortFeeds = Object.fromEntries(
      graph.inputs.map((v) => [v.name, toOrt(this.settings.ort, feeds[v.name]!)]),
    );
    const out = await s.run(ortFeeds);
    return Object.fromEntries(graph.outputs.map((o) => [o, fromOrt(out[outputName(o)]!)]));
  }

  compile(program: Program, options?: CompileOptions): Promise<Session> {
    return createOrtSession(this, program, options, this.settings);
  }

  /** Releases the sessions `run` created (compiled Sessions are disposed by their owners). */
  async dispose(): Promise<void> {
    const sessions = this.runSessions.splice(0);
    await Promise.all(sessions.map(async (s) => (await s.catch(() => undefined))?.release()));
  }

  /** onnxruntime session options for this backend. */
  sessionOptions() {
    return ortSessionOptions(this.settings.options, this.settings.providers);
  }
}
