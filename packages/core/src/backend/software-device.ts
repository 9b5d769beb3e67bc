/**
 * Software renderers that expose a GPU API on the CPU. A backend whose device matches is
 * `emulated` in its probe result.
 */
const SOFTWARE_DEVICE = /llvmpipe|lavapipe|swiftshader|softpipe|microsoft basic render/i;

/** True when a device description names a software (CPU-emulated) GPU. */
export function isSoftwareDevice(device: string | undefined): boolean {
  return device !== undefined && SOFTWARE_DEVICE.test(device);
}
