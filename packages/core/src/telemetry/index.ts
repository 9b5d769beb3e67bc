// Public exports of telemetry/. Owned by the telemetry work; keep it a list of re-exports.
export type { TelemetrySampler, TelemetrySamplerOptions } from './telemetry-sampler';
export { createTelemetrySampler } from './telemetry-sampler-impl';
export { readProcCpuSeconds, readProcRssBytes, clockTicksPerSecond } from './proc-stats';
export {
  startGpuPoller,
  parseGpuLine,
  type GpuPoller,
  type GpuPollerOptions,
  type GpuReading,
} from './nvidia-smi';
export {
  summarizeTelemetry,
  gpuIdleWarning,
  type TelemetrySummary,
  type GpuIdleCheck,
} from './telemetry-summary';
export {
  DEVICE_PEAKS,
  findDevicePeak,
  resolveDevicePeak,
  type DevicePeak,
  type PeakPrecision,
  type ResolvePeakOptions,
} from './device-peaks';
export { mfu } from './mfu';
export {
  calibrateCpuPeak,
  type CalibrateOptions,
  type GemmKernel,
  type PeakFlops,
} from './cpu-peak';
