/**
 * Layout permutations. A lowered value is stored as `transpose(canonical, perm)`: physical axis j
 * holds canonical axis perm[j]. NHWC activations used by Conv/MaxPool live as NCHW (`NCHW`), conv
 * kernels [kh,kw,C,M] as ONNX's [M,C,kh,kw] (`OIHW`). Values convert lazily and once, when a
 * consumer needs another layout.
 */

/** Physical NCHW from canonical NHWC. */
export const NCHW: readonly number[] = [0, 3, 1, 2];
/** Physical [M, C, kh, kw] from canonical [kh, kw, C, M]. */
export const OIHW: readonly number[] = [3, 2, 0, 1];
/** Physical [M, kh, kw, C] from canonical [kh,kw,C,M] (the NCHWc filter reorder's input). */
export const OHWI: readonly number[] = [3, 0, 1, 2];
/** Physical [C, N, H, W] from canonical NHWC (conv filter gradient operands). */
export const CNHW: readonly number[] = [3, 0, 1, 2];

/** The identity permutation of a rank. */
export function identity(rank: number): number[] {
  return Array.from({ length: rank }, (_, i) => i);
}

/** True when `p` is the identity. */
export function isIdentity(p: readonly number[]): boolean {
  return p.every((v, i) => v === i);
}

/** Inverse permutation. */
export function invert(p: readonly number[]): number[] {
  const inv = new Array<number>(p.length);
  p.forEach((v, i) => {
    inv[v] = i;
  });
  return inv;
}

/** The Transpose `perm` attribute that turns layout `from` into layout `to`. */
export function between(from: readonly number[], to: readonly number[]): number[] {
  const inv = invert(from);
  return to.map((axis) => inv[axis]!);
}

/**
 * When Transpose `p` of a value of static `shape` only swaps two runs of consecutive axes (a
 * kernel [kh, kw, C, M] to [C, M, kh, kw]: p = [2, 3, 0, 1]), the sizes [a, b] of the runs, so it
 * can run as a 2-D transpose of [a, b]: onnxruntime 1.29 moves such a 4-D permutation element by
 * element (0.71 ms for E4's 3x3x128x256 kernel) and a 2-D one with MLAS (0.07 ms).
 */
export function runSwap(shape: readonly number[], p: readonly number[]): [number, number] | undefined {
  const k = p[0]!;
  const n = p.length;
  const swapped = p.every((axis, j) => axis === (j < n - k ? k + j : j - (n - k)));
  if (k === 0 || n < 3 || !swapped || shape.some((d) => d < 0)) return undefined;
  const size = (dims: readonly number[]) => dims.reduce((a, d) => a * d, 1);
  return [size(shape.slice(0, k)), size(shape.slice(k))];
}

/** Equality of two permutations. */
export function samePerm(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * The planar layout (H, W last, so per-plane ops like MaxPool apply) to run a window op on a value
 * stored as `perm`: CNHW when it already is (a GEMM-lowered conv stack), else NCHW.
 */
export function planarLayout(perm: readonly number[]): readonly number[] {
  return samePerm(perm, CNHW) ? CNHW : NCHW;
}
