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
 * says `npm i h5wasm` when it is absent; a failed load is retried on the next call.
 */
export function loadH5(loader = 'loadH5'): Promise<H5> {
  loading ??= importOptional('h5wasm', loader, async () => {
    const m = await import('h5wasm/node');
    await m.default.ready;
    return m.default;
  }).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
