/**
 * The one matrix multiply behind matmul and conv2d (and their gradients): C[M,N] (+)= A[M,K] B[K,N]
 * with A and B addressed through strides, so transposed operands are read in place, never copied.
 * A 4x4 block of C is kept in 16 local accumulators over the whole K loop (register tiling) on
 * packed panels: per k step it loads 4 values of A and 4 of B for 16 multiply-adds, about 3-4x the
 * throughput of a textbook i-k-j loop in V8 (see reference/README.md for measured numbers).
 */
import type { FloatArray } from '../ref-tensor';

/** How A and B are laid out: A(i,k) = a[i*aRow + k*aCol], B(k,j) = b[k*bRow + j*bCol]. */
export interface GemmStrides {
  aRow: number;
  aCol: number;
  bRow: number;
  bCol: number;
}

/** Strides of `op(a) @ op(b)` for row-major a, b as the matmul op declares them. */
export function matmulStrides(
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
): GemmStrides {
  return {
    aRow: transA ? 1 : k,
    aCol: transA ? m : 1,
    bRow: transB ? 1 : n,
    bCol: transB ? k : 1,
  };
}

let packA = new Float64Array(0);
let packB = new Float64Array(0);

/**
 * C = A B (or C += A B when `accumulate`), C row-major [m, n] starting at c[0]. Operands are
 * first packed into float64 panels (B: 4 columns x k, A: 4 rows x k), so the micro-kernel always
 * reads contiguous Float64Array memory whatever the transposes and the precision; sums are kept
 * in float64 locals and rounded once per output element. Packing costs O(mk + kn) against the
 * O(mnk) multiply. Scratch panels are module-level and grow on demand (JavaScript runs one call
 * at a time, and gemm calls nothing re-entrant).
 */
// biome-ignore format: the 4x4 micro-kernel reads best one row of C per line
export function gemm(
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  b: FloatArray,
  s: GemmStrides,
  c: FloatArray,
  accumulate: boolean,
): void {
  const { aRow, aCol, bRow, bCol } = s;
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  if (m4 > 0 && n4 > 0 && k > 0) {
    if (packB.length < n4 * k) packB = new Float64Array(n4 * k);
    if (packA.length < 4 * k) packA = new Float64Array(4 * k);
    const pb = packB;
    const pa = packA;
    // B panel j/4 lives at pb[j*k ..], laid out [k][4].
    for (let j = 0; j < n4; j += 4) {
      let o = j * k;
      let q = j * bCol;
      for (let p = 0; p < k; p++) {
        pb[o] = b[q]!;
        pb[o + 1] = b[q + bCol]!;
        pb[o + 2] = b[q + 2 * bCol]!;
        pb[o + 3] = b[q + 3 * bCol]!;
        o += 4;
        q += bRow;
      }
    }
    const end = 4 * k;
    for (let i = 0; i < m4; i += 4) {
      let q = i * aRow;
      for (let o = 0; o < end; o += 4) {
        pa[o] = a[q]!;
        pa[o + 1] = a[q + aRow]!;
        pa[o + 2] = a[q + 2 * aRow]!;
        pa[o + 3] = a[q + 3 * aRow]!;
        q += aCol;
      }
      for (let j = 0; j < n4; j += 4) {
        // biome-ignore lint/style/useSingleVarDeclarator: register tile, one row per line
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        // biome-ignore lint/style/useSingleVarDeclarator: register tile, one row per line
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        let qb = j * k;
        for (let qa = 0; qa < end; qa += 4) {
          // biome-ignore lint/style/useSingleVarDeclarator: register tile, one row per line
          const x0 = pa[qa]!, x1 = pa[qa + 1]!, x2 = pa[qa + 2]!, x3 = pa[qa + 3]!;
          // biome-ignore lint/style/useSingleVarDeclarator: register tile, one row per line
          const y0 = pb[qb]!, y1 = pb[qb + 1]!, y2 = pb[qb + 2]!, y3 = pb[qb + 3]!;
          c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
          c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
          c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
          c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
          qb += 4;
        }
        let o = i * n + j;
        if (accumulate) {
          c[o] += c00; c[o + 1] += c01; c[o + 2] += c02; c[o + 3] += c03; o += n;
          c[o] += c10; c[o + 1] += c11; c[o + 2] += c12; c[o + 3] += c13; o += n;
          c[o] += c20; c[o + 1] += c21; c[o + 2] += c22; c[o + 3] += c23; o += n;
          c[o] += c30; c[o + 1] += c31; c[o + 2] += c32; c[o + 3] += c33;
        } else {
          c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03; o += n;
          c[o] = c10; c[o + 1] = c11; c[o + 2] = c12; c[o + 3] = c13; o += n;
          c[o] = c20; c[o + 1] = c21; c[o + 2] = c22; c[o + 3] = c23; o += n;
          c[o] = c30; c[o + 1] = c31; c[o + 2] = c32; c[o + 3] = c33;
        }
      }
    }
  }
  // Edges: the last n % 4 columns of the tiled rows, then the last m % 4 rows (and every row
  // when n < 4 or m < 4). A separate function, so that V8 optimises it with its own type
  // feedback: inlined here it deoptimised on every call for shapes that had not used it before.
  if (m4 < m || n4 < n) gemmEdges(m, n, k, a, b, s, c, accumulate, n4 > 0 ? m4 : 0, n4);
}

/** The dot-product loop of the elements of C outside the 4x4 tiles (rows < tiledRows: j >= n4). */
function gemmEdges(
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  b: FloatArray,
  s: GemmStrides,
  c: FloatArray,
  accumulate: boolean,
  tiledRows: number,
  n4: number,
): void {
  const { aRow, aCol, bRow, bCol } = s;
  for (let i = 0; i < m; i++) {
    for (let j = i < tiledRows ? n4 : 0; j < n; j++) {
      let sum = 0;
      let pa = i * aRow;
      let pb = j * bCol;
      for (let p = 0; p < k; p++) {
        sum += a[pa]! * b[pb]!;
        pa += aCol;
        pb += bRow;
      }
      const o = i * n + j;
      c[o] = accumulate ? c[o]! + sum : sum;
    }
  }
}
