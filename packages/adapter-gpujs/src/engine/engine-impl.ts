/**
 * The engine implementation over one gpu.js `GPU` object. Every kernel runs with `pipeline: true`
 * and `immutable: true` so each result is its own device buffer (a WebGPU storage buffer, a GL
 * texture, or a fresh Float32Array in the CPU modes) that stays where it is until released; only
 * `read()` brings data to the host. Precision is always `single` (never the lossy `unsigned`
 * packing). The first run of every kernel checks `kernel.kernel.constructor.mode` and throws
 * ModeFallbackError if gpu.js degraded to another mode.
 */
import { MODES } from '../modes';
import type { GpuJsMode } from '../modes';
import { checkRanMode, ranMode } from './check-mode';
import type { CompiledKernel, DeviceBuffer, EngineStats, GpuJsEngine } from './engine';
import {
  describeAdapter,
  installWebGpu,
  loadGpuJs,
  releaseWebGpuContext,
  retainWebGpuContext,
} from './load-gpujs';

// biome-ignore lint/suspicious/noExplicitAny: gpu.js kernel objects are untyped at this boundary
type GpuKernel = ((...args: unknown[]) => any) & { kernel: any; destroy?: () => void };

interface KernelImpl extends CompiledKernel {
  fn: GpuKernel;
  checked: boolean;
}

class Buffer implements DeviceBuffer {
  released = false;
  constructor(
    readonly raw: unknown,
    readonly length: number,
  ) {}
}

const UPLOAD_SOURCE = 'function (a) { return a[this.thread.x]; }';

class GpuJsEngineImpl implements GpuJsEngine {
  readonly backend: string;
  private readonly kernels = new Map<string, KernelImpl>();
  private readonly live = new Set<Buffer>();
  private readonly ran = new Set<string>();
  private counters = { readbacks: 0, uploads: 0, dispatches: 0 };
  private disposed = false;

  constructor(
    readonly mode: GpuJsMode,
    readonly device: string,
    // biome-ignore lint/suspicious/noExplicitAny: the gpu.js GPU object
    private readonly gpu: any,
  ) {
    this.backend = MODES[mode].backend;
  }

  kernel(op: string, source: string, outputLength: number): CompiledKernel {
    const key = `${outputLength}:${source}`;
    let k = this.kernels.get(key);
    if (!k) {
      const fn = this.gpu.createKernel(source, {
        output: [outputLength],
        pipeline: true,
        immutable: true,
        precision: 'single',
        tactic: 'precision',
        dynamicArguments: false,
      }) as GpuKernel;
      k = { op, outputLength, fn, checked: false };
      this.kernels.set(key, k);
    }
    return k;
  }

  async call(kernel: CompiledKernel, args: readonly (DeviceBuffer | number)[]): Promise<DeviceBuffer> {
    const k = kernel as KernelImpl;
    const raw = args.map((a) => {
      if (typeof a === 'number') return a;
      if (a.released)
        throw new Error(
          `op "${k.op}" on backend "${this.backend}": an input buffer was already released (adapter bug)`,
        );
      return a.raw;
    });
    this.counters.dispatches++;
    const out = await k.fn(...raw);
    if (!k.checked) this.check(k);
    return this.track(out, k.outputLength);
  }

  private check(k: KernelImpl): void {
    this.ran.add(ranMode(k.fn));
    checkRanMode(k.fn, k.op, this.backend, MODES[this.mode].gpujsMode);
    k.checked = true;
  }

  private track(raw: unknown, length: number): Buffer {
    const b = new Buffer(raw, length);
    this.live.add(b);
    return b;
  }

  async upload(data: Float32Array): Promise<DeviceBuffer> {
    this.counters.uploads++;
    if (this.mode === 'wasm' || this.mode === 'cpu') {
      return this.track(data.slice(), data.length);
    }
    const k = this.kernel('upload', UPLOAD_SOURCE, data.length);
    // the upload kernel's argument is a host array, not a DeviceBuffer: run it directly
    const ki = k as KernelImpl;
    this.counters.dispatches++;
    const out = await ki.fn(data);
    if (!ki.checked) this.check(ki);
    return this.track(out, data.length);
  }

  async read(buffer: DeviceBuffer): Promise<Float32Array> {
    if (buffer.released)
      throw new Error(`backend "${this.backend}": read of a released buffer (adapter bug)`);
    this.counters.readbacks++;
    const raw = buffer.raw as { toArray?: () => unknown } | Float32Array;
    if (raw instanceof Float32Array) return raw.slice();
    const arr = await (raw as { toArray: () => unknown }).toArray();
    return arr instanceof Float32Array ? arr : Float32Array.from(arr as ArrayLike<number>);
  }

  release(buffer: DeviceBuffer): void {
    if (buffer.released) return;
    buffer.released = true;
    this.live.delete(buffer as Buffer);
    const raw = buffer.raw as { delete?: () => void };
    if (!(raw instanceof Float32Array) && typeof raw?.delete === 'function') raw.delete();
  }

  stats(): EngineStats {
    let bytes = 0;
    for (const b of this.live) bytes += b.length * 4;
    return {
      ...this.counters,
      kernels: this.kernels.size,
      liveBuffers: this.live.size,
      liveBytes: bytes,
      ranModes: [...this.ran],
    };
  }

  async dispose(): Promise<void> {
    for (const b of [...this.live]) this.release(b);
    for (const k of this.kernels.values()) k.fn.destroy?.();
    this.kernels.clear();
    this.gpu.destroy?.();
    if (this.mode === 'webgpu' && !this.disposed) await releaseWebGpuContext();
    this.disposed = true;
  }
}

/**
 * Creates an engine for a mode. For webgpu, installs Dawn's `navigator.gpu` and requires an
 * adapter; for gl, requires the `gl` package. Throws a plain Error with the loader's message;
 * backends call `probe()` first so users see the reason and remedy instead.
 */
export async function createEngine(mode: GpuJsMode): Promise<GpuJsEngine> {
  const { GPU } = await loadGpuJs();
  let device: string;
  if (mode === 'webgpu') {
    const { gpu } = await installWebGpu();
    const adapter = await gpu.requestAdapter();
    if (!adapter) throw new Error('navigator.gpu.requestAdapter() returned null: no WebGPU adapter');
    device = describeAdapter(adapter);
  } else if (mode === 'gl') {
    device = 'headless-gl (ANGLE/Mesa OpenGL ES)';
  } else if (mode === 'wasm') {
    device = 'cpu (WebAssembly f32x4 SIMD, 1 thread)';
  } else {
    device = 'cpu (JavaScript, 1 thread)';
  }
  const gpu = new GPU({ mode: MODES[mode].gpujsMode });
  if (mode === 'webgpu') retainWebGpuContext();
  return new GpuJsEngineImpl(mode, device, gpu);
}
