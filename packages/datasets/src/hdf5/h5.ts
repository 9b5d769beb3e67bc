/**
 * Lazy access to h5wasm (HDF5 compiled to WebAssembly, Node build with direct file-system
 * access). Loaded on first use with a dynamic import, so that importing @bench/datasets neither
 * starts WebAssembly nor breaks CommonJS consumers (h5wasm ships ESM only).
 */
import { importOptional } from '../util/load-optional';

export type H5 = typeof import('h5wasm/node').default;
export type H5File = InstanceType<H5['File']>;
export type H5Dataset = InstanceType<H5['Dataset']>;

let loading: Promise<H5> | undefined;

/**
 * h5wasm, ready to open files. It is an optional peer dependency: a DatasetError naming `loader`
 * says `npm i h5wasm` when it is absent; a failed load is retried on the next call. The HDF5 C
 * library's error stack is turned into thrown errors (h5wasm's throwing error handler) instead of
 * ~60 lines printed on stderr per failure, so a bad file becomes one DatasetError (see `hdf5Cause`).
 */
export function loadH5(loader = 'loadH5'): Promise<H5> {
  loading ??= importOptional('h5wasm', loader, async () => {
    const m = await import('h5wasm/node');
    const module = (await m.default.ready) as { activate_throwing_error_handler?: () => number };
    module.activate_throwing_error_handler?.();
    return m.default;
  }).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/**
 * The gist of an h5wasm error: the innermost message of the HDF5 error stack (e.g. "file
 * signature not found", "truncated file: eof = 1000, ..."), or the error's first line.
 */
export function hdf5Cause(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const frames = [...text.matchAll(/#\d+: .*? in [\w.]+\(\): ([^\n]*)/g)].map((m) => m[1]!.trim());
  return frames.at(-1) ?? text.split('\n')[0]!.slice(0, 200);
}
