/** The native-engine helpers: dlopen lookup, package resolution, error classification. */
import { describe, expect, it } from 'vitest';
import { explainNativeLoadError } from './create-native-tfjs-backend';
import { loadNativeEngine } from './load-native-engine';
import { LibtensorflowLoadError, NativePackageMissingError } from './native-errors';
import { resolvePackage } from './resolve-package';
import { findSharedLibrary } from './shared-library';
import { writeFailingNativeStub } from './stub-native-package';

describe('findSharedLibrary (real dlopen)', () => {
  it('finds libc.so.6 and reports a library that does not exist with the loader message', () => {
    expect(findSharedLibrary('libc.so.6').found).toBe(true);
    const missing = findSharedLibrary('libbench-does-not-exist.so.9');
    expect(missing.found).toBe(false);
    expect(missing.message).toMatch(/cannot open shared object file/);
  });
});

describe('resolvePackage', () => {
  it('resolves an installed package and returns undefined for a missing one', () => {
    expect(resolvePackage('@tensorflow/tfjs-core', import.meta.url)).toMatch(/tfjs-core/);
    expect(resolvePackage('@bench/no-such-package', import.meta.url)).toBeUndefined();
  });
});

describe('loadNativeEngine error classification', () => {
  it('a package that cannot be resolved is "not installed" with an npm install remedy', async () => {
    const error = await loadNativeEngine('@bench/no-such-tfjs-node', import.meta.url, 'x').catch((e) => e);
    expect(error).toBeInstanceOf(NativePackageMissingError);
    const r = explainNativeLoadError(error, '@bench/no-such-tfjs-node');
    expect(r.available).toBe(false);
    expect(r.reason).toMatch(/not installed/);
    expect(r.remedy).toMatch(/^npm install @bench\/no-such-tfjs-node/);
  });

  it('simulated: a stub package that throws like a missing libtensorflow is "failed to load", quoting the loader', async () => {
    const dir = writeFailingNativeStub('@tensorflow/tfjs-node');
    const error = await loadNativeEngine('@tensorflow/tfjs-node', dir, 'x').catch((e) => e);
    expect(error).toBeInstanceOf(LibtensorflowLoadError);
    const r = explainNativeLoadError(error, '@tensorflow/tfjs-node');
    expect(r.reason).toBe(
      'libtensorflow failed to load: libtensorflow.so.2: cannot open shared object file: No such file or directory',
    );
    expect(r.remedy).toMatch(/downloads libtensorflow/);
    expect(r.remedy).toMatch(/deps\/lib/);
  });
});
