import { InvalidWeightsError } from '../errors/invalid-weights-error';
import { formatShape, sizeOf } from '../tensor';
import type { NamedTensors } from '../tensor';

/** A declared tensor a session holds: a param or an optimizer state. */
interface Declared {
  name: string;
  shape: readonly number[];
}

/**
 * Checks that every tensor in `given` names one of `declared` and is float32 with its declared
 * shape. Values are not checked: NaN and Inf are accepted and propagate as the engine computes,
 * the same on every backend (parity covers that). `what` is `parameter` or `optimizer state`.
 */
export function checkNamedTensors(
  given: NamedTensors,
  declared: readonly Declared[],
  backend: string,
  what: string,
): void {
  const byName = new Map(declared.map((d) => [d.name, d]));
  for (const [name, t] of Object.entries(given)) {
    const d = byName.get(name);
    if (!d) {
      throw new InvalidWeightsError(
        backend,
        name,
        `is not a ${what} of the program; ${what}s are ${[...byName.keys()].join(', ') || '(none)'}`,
      );
    }
    const shapeOk = t.shape.length === d.shape.length && t.shape.every((v, i) => v === d.shape[i]);
    if (t.dtype !== 'float32' || !(t.data instanceof Float32Array) || !shapeOk) {
      throw new InvalidWeightsError(
        backend,
        name,
        `has ${t.dtype} ${formatShape(t.shape)} but the ${what} is float32 ${formatShape(d.shape)}`,
      );
    }
    if (t.data.length !== sizeOf(d.shape)) {
      throw new InvalidWeightsError(
        backend,
        name,
        `has ${t.data.length} values but its shape ${formatShape(d.shape)} needs ${sizeOf(d.shape)}`,
      );
    }
  }
}
