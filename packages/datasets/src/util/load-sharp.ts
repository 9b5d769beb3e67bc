import { importOptional } from './load-optional';

/** sharp's default export (the image pipeline factory). */
export type Sharp = typeof import('sharp');

let loading: Promise<Sharp> | undefined;

/**
 * sharp, loaded on first use: it is an optional peer dependency, and importing it at start-up
 * would crash every program that imports @bench/datasets on a machine where sharp's binary cannot
 * load. Throws a DatasetError naming `loader` and the fix when sharp is absent or broken; a
 * failed load is retried on the next call.
 */
export function loadSharp(loader = 'loadSharp'): Promise<Sharp> {
  loading ??= importOptional('sharp', loader, async () => {
    const m = (await import('sharp')) as { default?: Sharp } & Sharp;
    return m.default ?? m;
  }).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
