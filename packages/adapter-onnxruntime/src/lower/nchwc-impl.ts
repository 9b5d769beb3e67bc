/**
 * onnxruntime's NCHWc convolution kernels (contrib domain com.microsoft.nchwc, CPU provider) with
 * weights that are graph values. onnxruntime's own NchwcTransformer only rewrites a Conv whose
 * weights are constant initializers, but its kernels read the filter from their input tensor, so
 * the lowering reorders the (small) weights inside the graph every step.
 *
 * Layouts (onnxruntime's mlas/lib/reorder.cpp, B = MlasNchwcGetBlockSize(): 16 with AVX-512, 8
 * with AVX2): activations NCHWc = [N, C/B, H, W, B], channels zero-padded to a multiple of B;
 * filters OIHWBiBo = [O/B, I/B, kh, kw, Bi, Bo] for an NCHWc input and OIHWBo = [O/B, I, kh, kw,
 * Bo] for a plain NCHW input with fewer channels than B. Nothing here depends on B: every reorder
 * is onnxruntime's own ReorderInput (NCHW -> NCHWc, zero padding), applied twice to the filter
 * with a transpose between, and every padded size is inferred at run time (Reshape with -1 / 0).
 * So a machine with another block size gets the right layout, never a silently wrong one.
 * ReorderInput needs channels that are a multiple of 4; other shapes take the standard Conv.
 */
import { NCHWC_DOMAIN } from '../onnx/proto';
import type { LowerContext } from './context';
import { NCHW, isIdentity } from './perm';

/** Fewest channels an NCHWc block can have (MLAS uses 4-wide vectors); below it the input stays NCHW. */
const MIN_BLOCK = 4;

/** Why the NCHWc path is off in this process (set by the CPU backend's startup check), if it is. */
let unavailable: string | undefined;

/**
 * Turns the NCHWc path off for this process (`reason`), or back on (`undefined`): the CPU
 * backend's startup check (backend/nchwc-check.ts) calls it when onnxruntime's NCHWc kernels fail
 * or compute wrong values on this machine.
 */
export function setNchwcUnavailable(reason: string | undefined): void {
  unavailable = reason;
}

/**
 * Whether conv lowerings use the NCHWc kernels: not for portable models (exportOnnx), not on
 * onnxruntime-cuda (CPU-only kernels: every one would copy to the host and back), not after a
 * failed startup check, and only when `BENCH_ORT_CONV` is unset or `nchwc` (`conv` =
 * onnxruntime's standard Conv, `gemm` = patches + GEMM).
 */
export function nchwcEnabled(ctx: LowerContext): boolean {
  const forced = process.env.BENCH_ORT_CONV;
  const wanted = forced === undefined || forced === '' || forced === 'nchwc';
  return wanted && unavailable === undefined && !ctx.portable && ctx.backend !== 'onnxruntime-cuda';
}

/**
 * Channel counts the NCHWc path takes: out a multiple of 4, in a multiple of 4, or in below 4
 * (a plain NCHW input, e.g. RGB) when `BENCH_ORT_NCHWC_PLAIN=1`: its NCHWc kernel plus the
 * ReorderOutput of the large first-layer output cost more than onnxruntime's FusedConv there.
 */
export function nchwcShapes(inChannels: number, outChannels: number): boolean {
  if (outChannels % MIN_BLOCK !== 0) return false;
  if (inChannels < MIN_BLOCK) return process.env.BENCH_ORT_NCHWC_PLAIN === '1';
  return inChannels % MIN_BLOCK === 0;
}

/** True when a convolution with this many input channels reads its input as plain NCHW. */
export function plainInput(inChannels: number): boolean {
  return inChannels < MIN_BLOCK;
}

/** IR value x (canonical NHWC) as NCHWc, reordered once per value. */
export function nchwcInput(ctx: LowerContext, x: string): string {
  const key = `nchwc|${x}`;
  const memo = ctx.memo.get(key) as string | undefined;
  if (memo) return memo;
  const raw = ctx.raw(x);
  // Stored canonical (NHWC): reorder from channels-last directly, without a Transpose first.
  const name = isIdentity(raw.perm)
    ? ctx.g.opIn(NCHWC_DOMAIN, 'ReorderInput', [raw.name], { channels_last: 1 }, `${x}.nchwc`)
    : ctx.g.opIn(NCHWC_DOMAIN, 'ReorderInput', [ctx.get(x, NCHW)], {}, `${x}.nchwc`);
  ctx.memo.set(key, name);
  return name;
}

/**
 * OIHWBiBo filter from an OHWI filter ([o, kh, kw, i], i a multiple of 4; OHWI because a kernel
 * stored [kh, kw, i, o] becomes it by one 2-D transpose, where OIHW took onnxruntime's slow
 * element-wise one: 2.5 ms per step for E4's last conv): a channels-last ReorderInput of
 * [o, kh*kw, 1, i] blocks the input channels ([o][i/B][k][Bi] per row o), a transpose moves o
 * innermost, and a second channels-last ReorderInput blocks o: [o/B][i/B][k][Bi][Bo].
 */
export function blockedFilter(
  ctx: LowerContext,
  ohwi: string,
  dims: readonly number[],
  hint: string,
): string {
  const g = ctx.g;
  const [o, i, kh, kw] = dims as [number, number, number, number];
  const k = kh * kw;
  const a = g.op1('Reshape', [ohwi, g.i64([o, k, 1, i])], {}, `${hint}.ok1i`);
  const rows = g.opIn(NCHWC_DOMAIN, 'ReorderInput', [a], { channels_last: 1 }, `${hint}.bi`);
  const flat = g.op1('Reshape', [rows, g.i64([o, -1])], {}, `${hint}.rows`);
  const cols = g.op1('Transpose', [flat], { perm: [1, 0] }, `${hint}.cols`);
  const nhwc = g.op1('Reshape', [cols, g.i64([1, -1, k, o])], {}, `${hint}.nhwc`);
  const blocked = g.opIn(NCHWC_DOMAIN, 'ReorderInput', [nhwc], { channels_last: 1 }, `${hint}.bibo`);
  const opik = g.op1('Squeeze', [blocked, g.i64([0])], {}, `${hint}.opik`);
  return g.op1('Reshape', [opik, g.i64([0, 0, kh, kw])], {}, `${hint}.nchwc`);
}

/**
 * OIHWBo filter for a plain NCHW input from an IHWO filter ([i, kh, kw, o], i < 4): a
 * channels-last ReorderInput of [1, i, kh*kw, o] blocks o: [o/B][i][k][Bo].
 */
export function plainFilter(ctx: LowerContext, ihwo: string, dims: readonly number[], hint: string): string {
  const g = ctx.g;
  const [i, kh, kw, o] = dims as [number, number, number, number];
  const nhwc = g.op1('Reshape', [ihwo, g.i64([1, i, kh * kw, o])], {}, `${hint}.nhwc`);
  const blocked = g.opIn(NCHWC_DOMAIN, 'ReorderInput', [nhwc], { channels_last: 1 }, `${hint}.bo`);
  return g.op1('Reshape', [blocked, g.i64([-1, i, kh, kw])], {}, `${hint}.nchwc`);
}

/** A bias [o] (o a multiple of 4) zero-padded to the NCHWc output channel count. */
export function paddedBias(ctx: LowerContext, bias: string, o: number, hint: string): string {
  const g = ctx.g;
  const b4 = g.op1('Reshape', [bias, g.i64([1, o, 1, 1])], {}, `${hint}.b4`);
  const padded = g.opIn(NCHWC_DOMAIN, 'ReorderInput', [b4], {}, `${hint}.bpad`);
  return g.op1('Reshape', [padded, g.i64([-1])], {}, `${hint}.bias`);
}

/**
 * NCHWc Conv (x NCHWc or plain NCHW, filter and optional bias from the helpers above, optional
 * fused Relu) and ReorderOutput back to NCHW with `channels` channels, named `out`.
 */
export function nchwcConv(
  ctx: LowerContext,
  inputs: readonly string[],
  attrs: { kernel: readonly number[]; strides: readonly number[]; pads: readonly number[]; relu: boolean },
  channels: number,
  out: string,
): string {
  const g = ctx.g;
  const convAttrs: Record<string, number | number[] | string> = {
    kernel_shape: [...attrs.kernel],
    strides: [...attrs.strides],
    pads: [...attrs.pads],
    group: 1,
  };
  if (attrs.relu) convAttrs.activation = 'Relu';
  const y = g.opIn(NCHWC_DOMAIN, 'Conv', inputs, convAttrs, `${out}.nchwc`);
  return g.opIn(NCHWC_DOMAIN, 'ReorderOutput', [y], { channels, channels_last: 0 }, out);
}
