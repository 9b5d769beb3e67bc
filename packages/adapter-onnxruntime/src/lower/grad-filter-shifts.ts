/**
 * The filter gradient of a stride-1 convolution without explicit patches ("split shifts"):
 *
 *   dw[i, j, c, m] = sum over n, p, w of  X_i[c, n, p, w] * E_j[m, n, p, w]
 *   X_i[c, n, p, w] = x[c, n, p + i - pt, w]          rows shifted: one Pad per kernel row,
 *                                                      whose negative pads crop (contiguous
 *                                                      runs), or for small planes one MatMul
 *   E_j[m, n, p, w] = dy[m, n, p, w - j + pl]          columns shifted: one MatMul of dy's rows by
 *                                                      a one-hot [kw, OW, W] matrix
 *
 * then one GEMM [kh*C, N*OH*W] x [kw*M, N*OH*W]^T. The patches (patches-impl.ts) copy x kh*kw
 * times twice (strided Slices, then Concat) on one onnxruntime thread; here x is copied 2*kh - 1
 * times and dy kw times, the larger part by a multi-threaded MatMul. On the E4 CNN's layers 2-4
 * (M = 2C) the 2-thread step took 6% less time (README, issue 16). The shift matrix multiplies
 * by exact zeros, so a non-finite x would smear NaN onto its neighbours: such x takes the patches
 * (branchOnFinite).
 */
import type { GraphBuilder } from '../onnx/graph-builder';
import { DataType } from '../onnx/proto';
import type { LowerContext } from './context';
import { branchOnFinite } from './non-finite-impl';
import type { NodeOf } from './op-lowering';
import { cnhwPatchColumns, patchFilterGradient } from './patches-impl';
import { CNHW } from './perm';
import type { Window2d } from './window-impl';

/**
 * Whether split shifts beat the patches for these shapes: fewer floats written
 * (kw*M + (2*kh - 1)*C against 2*kh*kw*C per output position), and the shift MatMul (2*OW flops
 * per element of E) at most a quarter of the final GEMM's (2*kh*C per element). Stride 1 only.
 */
export function shiftsPay(c: number, m: number, kh: number, kw: number, ow: number): boolean {
  return kw * m + (2 * kh - 1) * c < 2 * kh * kw * c && 4 * ow <= kh * c;
}

/** dw [kh, kw, C, M] by split shifts, or by the patches where x is not finite (file comment). */
export function lowerShifts(ctx: LowerContext, node: NodeOf<'conv2dGradFilter'>, win: Window2d): void {
  const [x, dy] = node.inputs;
  const [, h, w, c] = ctx.type(x!).shape as number[];
  const [kh, kw, , m] = node.attrs.filterShape;
  const xc = ctx.get(x!, CNHW);
  const dyc = ctx.get(dy!, CNHW);
  const [dw] = branchOnFinite(
    ctx.g,
    xc,
    node.name,
    [DataType.FLOAT],
    (b) => [splitShifts(b, xc, dyc, [c!, h!, w!], [kh, kw, m], win, node.name)],
    (b) => {
      const cols = cnhwPatchColumns(b, xc, c!, [kh, kw], [1, 1], win.pads, win.out, node.name);
      return [patchFilterGradient(b, cols, dyc, [kh, kw, c!, m], node.name)];
    },
  );
  ctx.bind(node.outputs[0]!, dw!);
}

/**
 * Largest H*W whose row shifts are one MatMul of each [H*W] plane by a one-hot [kh, H*W, OH*W]
 * matrix (2*H*W flops per element, on both threads) instead of kh Pads on one thread, whose
 * short runs (a few rows of a small image) cost more per float than the MatMul does.
 */
const MAX_PLANE_FOR_ROW_MATMUL = 64;

/** X_i for every kernel row i as [kh, C, N, OH, W]: cropping Pads (contiguous runs), concatenated. */
function rowShiftsByPads(
  g: GraphBuilder,
  xc: string,
  h: number,
  kh: number,
  pt: number,
  oh: number,
  hint: string,
): string {
  const rows: string[] = [];
  for (let i = 0; i < kh; i++) {
    const begin = pt - i;
    const end = oh - h + i - pt;
    rows.push(
      begin === 0 && end === 0
        ? xc
        : g.op1('Pad', [xc, g.i64([0, 0, begin, 0, 0, 0, end, 0])], {}, `${hint}.rows`),
    );
  }
  return rows.length === 1 ? rows[0]! : g.op1('Concat', rows, { axis: 0 }, `${hint}.rows`);
}

/** The same X_i as one MatMul: [C*N, H*W] x one-hot [kh, H*W, OH*W] (exact for finite x). */
function rowShiftsByMatMul(
  g: GraphBuilder,
  xc: string,
  [h, w]: readonly [number, number],
  kh: number,
  pt: number,
  oh: number,
  hint: string,
): string {
  const shift = new Array<number>(kh * h * w * oh * w).fill(0);
  for (let i = 0; i < kh; i++)
    for (let p = 0; p < oh; p++) {
      const row = p + i - pt;
      if (row < 0 || row >= h) continue;
      for (let col = 0; col < w; col++) shift[((i * h + row) * w + col) * oh * w + p * w + col] = 1;
    }
  const planes = g.op1('Reshape', [xc, g.i64([-1, h * w])], {}, `${hint}.planes`);
  return g.op1('MatMul', [planes, g.f32(shift, [kh, h * w, oh * w])], {}, `${hint}.rows`);
}

function splitShifts(
  g: GraphBuilder,
  xc: string,
  dyc: string,
  [c, h, w]: readonly number[],
  [kh, kw, m]: readonly number[],
  win: Window2d,
  hint: string,
): string {
  const [pt, pl] = win.pads;
  const [oh, ow] = win.out;
  const xs =
    process.env.BENCH_ORT_ROW_SHIFTS !== 'pad' && h * w <= MAX_PLANE_FOR_ROW_MATMUL
      ? rowShiftsByMatMul(g, xc, [h, w], kh, pt, oh, hint)
      : rowShiftsByPads(g, xc, h, kh, pt, oh, hint);
  const shift = new Array<number>(kw * ow * w).fill(0);
  for (let j = 0; j < kw; j++)
    for (let q = 0; q < ow; q++) {
      const col = q + j - pl;
      if (col >= 0 && col < w) shift[(j * ow + q) * w + col] = 1;
    }
  const dyRows = g.op1('Reshape', [dyc, g.i64([-1, ow])], {}, `${hint}.dyrows`);
  const e = g.op1('MatMul', [dyRows, g.f32(shift, [kw, ow, w])], {}, `${hint}.cols`);
  const prod = g.op1(
    'Gemm',
    [
      g.op1('Reshape', [xs, g.i64([kh * c, -1])], {}, `${hint}.xrows`),
      g.op1('Reshape', [e, g.i64([kw * m, -1])], {}, `${hint}.erows`),
    ],
    { transB: 1 },
    `${hint}.gemm`,
  );
  const blocks = g.op1('Reshape', [prod, g.i64([kh, c, kw, m])], {}, `${hint}.blocks`);
  return g.op1('Transpose', [blocks], { perm: [0, 2, 1, 3] }, `${hint}.dw`);
}
