export { BenchError } from './bench-error';
export { SpecError } from './spec-error';
export { OpError } from './op-error';
export { UnsupportedOpError } from './unsupported-op-error';
export { BackendUnavailableError } from './backend-unavailable-error';
