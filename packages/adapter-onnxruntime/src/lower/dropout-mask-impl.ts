/**
 * The dropout mask computed in the graph with integer ops, bit-exact with core's
 * `counterUniform(seed, step, index)`: murmur3's fmix32 on uint32 tensors (Mul wraps mod 2^32,
 * BitShift, BitwiseXor), then `keep = (h >>> 8) >= ceil(rate * 2^24)`, which is exactly
 * `(h >>> 8) / 2^24 >= rate`.
 */
import type { GraphBuilder } from '../onnx/graph-builder';
import { DataType } from '../onnx/proto';

function u32(g: GraphBuilder, v: number): string {
  return g.constant(DataType.UINT32, [v >>> 0], [], 'u32');
}

/** fmix32 of a uint32 tensor. */
export function fmix32Graph(g: GraphBuilder, h: string): string {
  const shr = (v: string, n: number) => g.op1('BitShift', [v, u32(g, n)], { direction: 'RIGHT' }, 'shr');
  const xorShift = (v: string, n: number) => g.op1('BitwiseXor', [v, shr(v, n)], {}, 'xor');
  let x = xorShift(h, 16);
  x = g.op1('Mul', [x, u32(g, 0x85ebca6b)], {}, 'mul');
  x = xorShift(x, 13);
  x = g.op1('Mul', [x, u32(g, 0xc2b2ae35)], {}, 'mul');
  return xorShift(x, 16);
}

/**
 * The float32 mask (keep / (1 - rate)) for a tensor whose canonical value is `x` (any shape), at
 * training step `step` (int32 scalar), for a dropout node with attribute `seed`. `rowOffset`
 * (int64 scalar) marks x as rows of a larger batch starting at that row: the element indices
 * continue from there.
 */
export function dropoutMaskGraph(
  g: GraphBuilder,
  x: string,
  step: string,
  seed: number,
  rate: number,
  hint: string,
  rowOffset?: string,
): string {
  const stepU = g.op1('Cast', [step], { to: DataType.UINT32 }, `${hint}.step`);
  const mixed = g.op1(
    'BitwiseXor',
    [u32(g, seed), g.op1('Mul', [stepU, u32(g, 0x9e3779b1)])],
    {},
    `${hint}.seedstep`,
  );
  const a = fmix32Graph(g, mixed);
  const size = g.op1('Size', [x], {}, `${hint}.size`);
  let first = g.i64(1);
  if (rowOffset) {
    const rows = g.op1('Reshape', [
      g.op1('Gather', [g.op1('Shape', [x]), g.i64([0])], { axis: 0 }),
      g.i64([]),
    ]);
    const perRow = g.op1('Div', [size, rows], {}, `${hint}.perRow`);
    first = g.op1('Add', [first, g.op1('Mul', [rowOffset, perRow])], {}, `${hint}.first`);
  }
  const counter = g.op1('Range', [first, g.op1('Add', [size, first]), g.i64(1)], {}, `${hint}.counter`);
  const idx = g.op1(
    'Mul',
    [g.op1('Cast', [counter], { to: DataType.UINT32 }), u32(g, 0x85ebca77)],
    {},
    `${hint}.idx`,
  );
  const h = fmix32Graph(g, g.op1('BitwiseXor', [a, idx]));
  const bits = g.op1(
    'Cast',
    [g.op1('BitShift', [h, u32(g, 8)], { direction: 'RIGHT' })],
    { to: DataType.INT32 },
    `${hint}.bits`,
  );
  const threshold = g.constant(DataType.INT32, [Math.ceil(rate * 16777216)], [], `${hint}.threshold`);
  const keep = g.op1(
    'Cast',
    [g.op1('GreaterOrEqual', [bits, threshold])],
    { to: DataType.FLOAT },
    `${hint}.keep`,
  );
  const scaled = g.op1('Mul', [keep, g.f32(Math.fround(1 / (1 - rate)))], {}, `${hint}.scaled`);
  return g.op1('Reshape', [scaled, g.op1('Shape', [x])], {}, `${hint}.mask`);
}
