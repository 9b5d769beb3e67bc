/**
 * Backend `tfjs-node`: the shared tfjs adapter on `@tensorflow/tfjs-node` (libtensorflow on the
 * CPU, all cores). The engine package is an optional peer dependency. Its own installer
 * downloads libtensorflow 2.9.1 from Google storage; `bench-install-tfjs-node` (this package's
 * scripts/install-tfjs-node.sh) instead puts the libraries of TensorFlow's PyPI wheel under it
 * and builds the addon from source. The probe names the TensorFlow version that loaded.
 */
import { createNativeTfjsBackend } from '@bench/adapter-tfjs';
import type { Backend, BackendEntry, ProbeResult } from '@bench/core';
import { tensorflowVersion } from './tensorflow-version';

/** npm package of the engine. */
export const TFJS_NODE_PACKAGE = '@tensorflow/tfjs-node';
/** The tfjs-node release the wheel route is built and tested with. */
export const TFJS_NODE_VERSION = '4.22.0';
/** The tensorflow-cpu wheel `bench-install-tfjs-node` installs (see README for why this one). */
export const TENSORFLOW_WHEEL_VERSION = '2.20.0';

/** How to install without reaching Google storage: PyPI's wheel, the addon built here. */
export const WHEEL_ROUTE =
  `without access to Google storage: npm install --ignore-scripts ${TFJS_NODE_PACKAGE}@${TFJS_NODE_VERSION}, ` +
  `then npx bench-install-tfjs-node (libtensorflow from PyPI's tensorflow-cpu ${TENSORFLOW_WHEEL_VERSION} wheel, ` +
  'addon built from source; needs python3 with pip, g++ and make; see the @bench/adapter-tfjs-node README)';

/** Options of `createTfjsNodeBackend`. */
export interface TfjsNodeBackendOptions {
  /**
   * Where to resolve `@tensorflow/tfjs-node` from (a directory, file or file URL). Default: this
   * package's location; `BENCH_TFJS_NODE_FROM` overrides it.
   */
  resolveFrom?: string;
}

/**
 * libtensorflow logs its start-up (oneDNN, CPU features) to stderr when it loads; keep it quiet
 * like tfjs's own banners unless BENCH_TFJS_VERBOSE=1 or the user set the level.
 */
function quietLibtensorflow(): void {
  if (process.env.BENCH_TFJS_VERBOSE === '1') return;
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
}

/** Creates the `tfjs-node` registry entry (priority 30, CPU). */
export function createTfjsNodeBackend(options: TfjsNodeBackendOptions = {}): BackendEntry {
  const from = options.resolveFrom ?? process.env.BENCH_TFJS_NODE_FROM ?? import.meta.url;
  const inner = createNativeTfjsBackend({
    name: 'tfjs-node',
    modulePackage: TFJS_NODE_PACKAGE,
    resolveFrom: from,
    packageName: '@bench/adapter-tfjs-node',
    priority: 30,
    description: 'TensorFlow.js on libtensorflow (CPU) via @tensorflow/tfjs-node',
    deviceKind: 'cpu',
  });
  return {
    ...inner,
    async probe(): Promise<ProbeResult> {
      quietLibtensorflow();
      const r = await inner.probe();
      if (!r.available) return { ...r, remedy: r.remedy ? `${r.remedy}; ${WHEEL_ROUTE}` : WHEEL_ROUTE };
      const version = tensorflowVersion(TFJS_NODE_PACKAGE, from);
      return version ? { ...r, device: `${r.device ?? 'cpu'}, TensorFlow ${version}` } : r;
    },
    async create(): Promise<Backend> {
      quietLibtensorflow();
      const backend = await inner.create();
      const version = tensorflowVersion(TFJS_NODE_PACKAGE, from);
      return version ? withDevice(backend, `${backend.device}, TensorFlow ${version}`) : backend;
    },
  };
}

/** The same backend with `device` (what run records show) naming the TensorFlow version too. */
function withDevice(backend: Backend, device: string): Backend {
  return new Proxy(backend, {
    get(target, key) {
      if (key === 'device') return device;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The `tfjs-node` entry. */
export const tfjsNode: BackendEntry = createTfjsNodeBackend();
