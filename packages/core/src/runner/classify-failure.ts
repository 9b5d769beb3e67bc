/**
 * Tells out-of-memory failures from other failures by their message or stderr text.
 */

/** Text of host and device out-of-memory errors (V8, C++, CUDA, ONNX Runtime, TensorFlow). */
export const OOM_PATTERN =
  /out of memory|\bOOM\b|CUDA_ERROR_OUT_OF_MEMORY|cudaErrorMemoryAllocation|bad_alloc|Array buffer allocation failed|allocation failed|Invalid typed array length|ResourceExhausted|RESOURCE_EXHAUSTED/i;

/** True when an error message or stderr tail says the process ran out of host or device memory. */
export function isOomText(text: string | undefined): boolean {
  return !!text && OOM_PATTERN.test(text);
}
