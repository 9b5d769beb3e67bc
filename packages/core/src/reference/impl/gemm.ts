/**
 * The one matrix multiply behind matmul and conv2d (and their gradients): C[M,N] (+)= A[M,K] B[K,N]
 * with A and B addressed through strides, so transposed operands are read in place, never copied.
 * A 4x4 block of C is kept in 16 local accumulators over the whole K loop (register tiling): per
 * k step it loads 4 values of A and 4 of B for 16 multiply-adds, which is about 4x the throughput
 * of a textbook i-k-j loop in V8 (see reference/README.md for measured numbers).
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
export function matmulStrides(m: number, n: number, k: number, transA: boolean, transB: boolean): GemmStrides {
  return {
    aRow: transA ? 1 : k,
    aCol: transA ? m : 1,
    bRow: transB ? 1 : n,
    bCol: transB ? k : 1,
  };
}

/**
 * C = A B (or C += A B when `accumulate`), C row-major [m, n] starting at c[0]. Sums in float64
 * locals, rounding once per output element.
 */
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
  const a2 = 2 * aRow;
  const a3 = 3 * aRow;
  const b2 = 2 * bCol;
  const b3 = 3 * bCol;
  for (let i = 0; i < m4; i += 4) {
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let pa = i * aRow;
      let pb = j * bCol;
      for (let p = 0; p < k; p++) {
        const x0 = a[pa]!, x1 = a[pa + aRow]!, x2 = a[pa + a2]!, x3 = a[pa + a3]!;
        const y0 = b[pb]!, y1 = b[pb + bCol]!, y2 = b[pb + b2]!, y3 = b[pb + b3]!;
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
        pa += aCol;
        pb += bRow;
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
  // Edges: the last n % 4 columns of the tiled rows, then the last m % 4 rows.
  for (let i = 0; i < m; i++) {
    for (let j = i < m4 ? n4 : 0; j < n; j++) {
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
