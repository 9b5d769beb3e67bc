/**
 * Lazy access to h5wasm (HDF5 compiled to WebAssembly, Node build with direct file-system
 * access). Loaded on first use with a dynamic import, so that importing @bench/datasets neither
 * starts WebAssembly nor breaks CommonJS consumers (h5wasm ships ESM only).
 */
export type H5 = typeof import('h5wasm/node').default;
export type H5File = InstanceType<H5['File']>;
export type H5Dataset = InstanceType<H5['Dataset']>;

let loading: Promise<H5> | undefined;

/** h5wasm, ready to open files. */
export function loadH5(): Promise<H5> {
  loading ??= import('h5wasm/node').then(async (m) => {
    await m.default.ready;
    return m.default;
  });
  return loading;
}
