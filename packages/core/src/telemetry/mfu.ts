/**
 * Model FLOPs utilisation (MFU): achieved training FLOP/s over the device's peak.
 */
import { BenchError } from '../errors';

/**
 * MFU as a fraction in [0, 1] (more only if the FLOP count or the peak is wrong).
 * `trainFlopsPerSample` is the FLOPs of one training step per sample. By the usual convention
 * (Kaplan et al. 2020; PaLM's MFU) it is 3x the forward FLOPs: the forward pass once, and the
 * backward pass twice (gradients with respect to activations and to weights), so callers pass
 * `flopsPerSample * 3`. Optimizer updates and data loading are not counted.
 */
export function mfu(trainFlopsPerSample: number, samplesPerSecond: number, peakFlops: number): number {
  for (const [name, value] of [
    ['trainFlopsPerSample', trainFlopsPerSample],
    ['samplesPerSecond', samplesPerSecond],
    ['peakFlops', peakFlops],
  ] as const) {
    if (!Number.isFinite(value) || value < 0 || (name === 'peakFlops' && value === 0)) {
      throw new BenchError(
        'BenchError.InvalidMfuInput',
        `mfu: ${name} = ${value} must be a finite, non-negative number (peakFlops > 0); pass FLOPs per sample x 3 and the device's dense peak in FLOP/s`,
      );
    }
  }
  return (trainFlopsPerSample * samplesPerSecond) / peakFlops;
}
