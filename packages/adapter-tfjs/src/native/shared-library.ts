import { constants } from 'node:os';

/** Result of looking for a shared library with the dynamic loader. */
export interface LibraryCheck {
  found: boolean;
  /** The loader's message when not found. */
  message?: string;
}

/**
 * Asks the dynamic loader (dlopen, through `process.dlopen`) whether a shared library such as
 * `libcudart.so.11.0` can be opened with the system's search path (LD_LIBRARY_PATH, ld.so.cache).
 * A library that opens but is not a Node addon fails later with "did not self-register" (or
 * similar): that still means it was found. Only "cannot open shared object file" means missing.
 */
export function findSharedLibrary(name: string): LibraryCheck {
  const module = { exports: {} };
  try {
    process.dlopen(module, name, constants.dlopen.RTLD_LAZY);
    return { found: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/cannot open shared object file|No such file or directory|image not found/i.test(message)) {
      return { found: false, message };
    }
    return { found: true };
  }
}
